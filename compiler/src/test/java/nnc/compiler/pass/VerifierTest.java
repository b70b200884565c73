package nnc.compiler.pass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.IrException;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import org.junit.jupiter.api.Test;

class VerifierTest {
    private final GraphBuilder b = new GraphBuilder();
    private final Emit e = b.at(Span.synthetic("verify"));
    private final Node x = e.input("x", Type.of(DType.F64, 3));
    private final Node w = e.param("w", Type.of(DType.F64, 3));
    private final Node loss = e.reduceSum(e.mul(x, w), List.of(0));

    @Test
    void acceptsATrainingGraph() {
        Graph g = Autodiff.differentiate(Graph.of(b, List.of(x, w)).withLoss(loss), Set.of("x"));
        assertThat(Verifier.verify(g)).isSameAs(g);
        assertThat(Verifier.verify(Passes.optimize(g))).isNotNull();
    }

    @Test
    void rejectsUndeclaredLeaves() {
        Graph g = Graph.of(b, List.of(x)).withLoss(loss);
        assertThatThrownBy(() -> Verifier.verify(g)).isInstanceOf(IrException.class)
                .hasMessageContaining("leaf w is not declared");
    }

    @Test
    void rejectsDuplicateLeafNames() {
        Node other = e.input("x", Type.of(DType.F64, 2));
        assertThatThrownBy(() -> Verifier.verify(Graph.of(b, List.of(x, other)))).hasMessageContaining("duplicate input x");
    }

    @Test
    void rejectsNonScalarLossAndIllTypedGradients() {
        Graph base = Graph.of(b, List.of(x, w));
        assertThatThrownBy(() -> Verifier.verify(base.withLoss(e.mul(x, w)))).hasMessageContaining("loss must be a float scalar");
        Graph badGrad = base.withLoss(loss).withParamGrads(List.of(new Named("w", loss)));
        assertThatThrownBy(() -> Verifier.verify(badGrad)).hasMessageContaining("param w is f64[3] but its role node is f64[]");
        Graph unknown = base.withInputGrads(List.of(new Named("nope", x)));
        assertThatThrownBy(() -> Verifier.verify(unknown)).hasMessageContaining("no input named nope");
        Graph twice = base.withOutput("y", x).withOutput("y", w);
        assertThatThrownBy(() -> Verifier.verify(twice)).hasMessageContaining("duplicate output role y");
    }

    @Test
    void graphsRejectNodesOfAnotherBuilder() {
        Node foreign = new GraphBuilder().at(Span.synthetic("other")).input("x", Type.of(DType.F64, 3));
        assertThatThrownBy(() -> Graph.of(b, List.of(foreign))).hasMessageContaining("another builder");
    }
}

package nnc.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.pass.Passes;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import org.junit.jupiter.api.Test;

class FormulaPrinterTest {
    private final GraphBuilder b = new GraphBuilder();
    private final Emit e = b.at(Span.synthetic("formula"));
    private final Node x = e.param("x", Type.scalar(DType.F64));
    private final Node y = e.param("y", Type.scalar(DType.F64));

    @Test
    void seedExampleGradientsReadLikeTheCourse() {
        Node f = e.add(e.add(e.mul(e.mul(x, x), y), y), e.constant(2, DType.F64));
        Graph g = Passes.optimize(Autodiff.differentiate(Graph.of(b, List.of(x, y)).withLoss(f), Set.of()));
        assertThat(FormulaPrinter.print(g.paramGrad("x").orElseThrow())).isEqualTo("2·x·y");
        assertThat(FormulaPrinter.print(g.paramGrad("y").orElseThrow())).isEqualTo("x² + 1");
        assertThat(FormulaPrinter.print(f)).isEqualTo("x²·y + y + 2");
    }

    @Test
    void precedenceAndFunctions() {
        Node sum = e.add(x, y);
        assertThat(FormulaPrinter.print(e.mul(sum, e.tanh(x)))).isEqualTo("(x + y)·tanh(x)");
        assertThat(FormulaPrinter.print(e.sub(x, e.sub(y, x)))).isEqualTo("x - (y - x)");
        assertThat(FormulaPrinter.print(e.div(e.neg(x), e.mul(x, y)))).isEqualTo("-x / (x·y)");
        assertThat(FormulaPrinter.print(e.pow(sum, e.constant(0.5, DType.F64)))).isEqualTo("(x + y)^0.5");
        Node v = e.param("v", Type.of(DType.F64, 2, 3));
        assertThat(FormulaPrinter.print(e.reduceSum(v, List.of(0)))).isEqualTo("sum(v, axes=[0])");
        assertThat(FormulaPrinter.print(e.transpose(v, List.of(1, 0)))).isEqualTo("vᵀ");
    }
}

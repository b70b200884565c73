package nnc.compiler.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import org.junit.jupiter.api.Test;

/** Reference semantics of the structural ops on small hand-checked examples. */
class InterpreterTest {
    private static final DType F64 = DType.F64;
    private final GraphBuilder b = new GraphBuilder();
    private final Emit e = b.at(Span.synthetic("interp"));
    private final Node m = e.input("m", Type.of(F64, 2, 3));
    private final Tensor mValue = Tensor.of(F64, new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});

    private double[] run(Node out) {
        Graph g = Graph.of(b, List.of(m)).withOutput("out", out);
        return Interpreter.run(g, Map.of("m", mValue), 1).output("out").toArray();
    }

    @Test
    void broadcastingFollowsNumpy() {
        Node row = e.param("r", Type.of(F64, 3));
        Node col = e.param("c", Type.of(F64, 2, 1));
        Graph g = Graph.of(b, List.of(m, row, col)).withOutput("out", e.add(e.add(m, row), col));
        var out = Interpreter.run(g, Map.of("m", mValue, "r", Tensor.of(F64, new int[] {3}, new double[] {10, 20, 30}),
                "c", Tensor.of(F64, new int[] {2, 1}, new double[] {100, 200})), 1).output("out");
        assertThat(out.toArray()).containsExactly(111, 122, 133, 214, 225, 236);
    }

    @Test
    void reductionsDropTheirAxes() {
        assertThat(run(e.reduceSum(m, List.of(0)))).containsExactly(5, 7, 9);
        assertThat(run(e.reduceSum(m, List.of(1)))).containsExactly(6, 15);
        assertThat(run(e.reduceMax(m, List.of(0, 1)))).containsExactly(6);
    }

    @Test
    void layoutOps() {
        assertThat(run(e.transpose(m, List.of(1, 0)))).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(run(e.reshape(m, List.of(Dim.of(3), Dim.of(2))))).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(run(e.broadcastTo(e.reduceSum(m, List.of(1)), List.of(Dim.of(2), Dim.of(2)))))
                .containsExactly(6, 15, 6, 15);
    }

    @Test
    void matmulTwoAndThreeDimensional() {
        Node w = e.param("w", Type.of(F64, 3, 1));
        Graph g = Graph.of(b, List.of(m, w)).withOutput("out", e.matmul(m, w));
        var out = Interpreter.run(g, Map.of("m", mValue, "w", Tensor.of(F64, new int[] {3, 1}, new double[] {1, 0, -1})), 1);
        assertThat(out.output("out").toArray()).containsExactly(-2, -2);
        Node a = e.reshape(m, List.of(Dim.of(2), Dim.of(1), Dim.of(3)));
        Node bt = e.reshape(m, List.of(Dim.of(2), Dim.of(3), Dim.of(1)));
        assertThat(run(e.matmul(a, bt))).containsExactly(14, 77);
    }

    @Test
    void logSoftmaxIsStableForHugeLogits() {
        Node big = e.mul(m, e.constant(1000, F64));
        double[] out = run(e.logSoftmax(big, 1));
        assertThat(out[2]).isCloseTo(-Math.log1p(Math.exp(-1000) + Math.exp(-2000)), within(1e-12));
        assertThat(out[0]).isCloseTo(-2000, within(1e-9));
    }

    @Test
    void oneHotAndLabelRange() {
        Node labels = e.target("y", new Type(DType.I32, List.of(Dim.of("batch"))));
        Graph g = Graph.of(b, List.of(labels)).withOutput("out", e.oneHot(labels, 3, F64));
        var out = Interpreter.run(g, Map.of("y", Tensor.of(DType.I32, new int[] {2}, new double[] {2, 0})), 2);
        assertThat(out.output("out").toArray()).containsExactly(0, 0, 1, 1, 0, 0);
        assertThatThrownBy(() -> Interpreter.run(g, Map.of("y", Tensor.of(DType.I32, new int[] {2}, new double[] {3, 0})), 2))
                .hasMessageContaining("label 3.0 at index 0 is not a class index in [0, 3)");
    }

    @Test
    void sigmoidAndDimSize() {
        Node x = e.input("x", new Type(F64, List.of(Dim.of("batch"))));
        Graph g = Graph.of(b, List.of(x)).withOutput("s", e.sigmoid(x)).withOutput("n", e.dimSize("batch", F64));
        var out = Interpreter.run(g, Map.of("x", Tensor.of(F64, new int[] {3}, new double[] {-800, 0, 800})), 3);
        assertThat(out.output("s").toArray()).containsExactly(0, 0.5, 1);
        assertThat(out.output("n").item()).isEqualTo(3.0);
    }

    @Test
    void missingOrMisshapedLeavesAreClearErrors() {
        Graph g = Graph.of(b, List.of(m)).withOutput("out", e.exp(m));
        assertThatThrownBy(() -> Interpreter.run(g, Map.of(), 1)).hasMessage("no value for input 'm'");
        assertThatThrownBy(() -> Interpreter.run(g, Map.of("m", Tensor.scalar(F64, 1)), 1))
                .hasMessage("input 'm' needs shape [2, 3], got []");
    }
}

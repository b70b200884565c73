package nnc.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import org.junit.jupiter.api.Test;

/** Values of the composites against their textbook formulas, and stability at extreme inputs. */
class CompositesTest {
    private static final DType F64 = DType.F64;
    private final GraphBuilder b = new GraphBuilder();
    private final Emit e = b.at(Span.synthetic("composites"));
    private final Composites c = new Composites(e);
    private final Node x = e.input("x", new Type(F64, List.of(Dim.of("batch"))));
    private final Node t = e.target("t", new Type(F64, List.of(Dim.of("batch"))));

    private double[] eval(Node out, double[] xs, double[] ts) {
        Graph g = Graph.of(b, List.of(x, t)).withOutput("out", out);
        Map<String, Tensor> values = new HashMap<>();
        values.put("x", Tensor.of(F64, new int[] {xs.length}, xs));
        values.put("t", Tensor.of(F64, new int[] {ts.length}, ts));
        return Interpreter.run(g, values, xs.length).output("out").toArray();
    }

    private double[] eval(Node out, double... xs) {
        return eval(out, xs, new double[xs.length]);
    }

    private double[] gradient(Node scalar, double... xs) {
        return eval(Autodiff.gradients(b, scalar, List.of(x)).get(0), xs);
    }

    @Test
    void activations() {
        assertThat(eval(c.relu(x), -2, 3)).containsExactly(0, 3);
        assertThat(eval(c.leakyRelu(x, 0.1), -2, 3)).containsExactly(-0.2, 3);
        assertThat(eval(c.elu(x, 1), -1, 2)[0]).isCloseTo(Math.exp(-1) - 1, within(1e-15));
        assertThat(eval(c.gelu(x), 1)[0]).isCloseTo(0.8413447460685429, within(1e-15));
        assertThat(eval(c.softplus(x), 0.5)[0]).isCloseTo(Math.log1p(Math.exp(0.5)), within(1e-15));
    }

    @Test
    void activationsAreStableAtExtremes() {
        assertThat(eval(c.softplus(x), 1000, -1000)).containsExactly(1000, 0);
        assertThat(gradient(e.reduceSum(c.softplus(x), List.of(0)), 1000, -1000)).containsExactly(1, 0);
        assertThat(gradient(e.reduceSum(c.elu(x, 1), List.of(0)), 1000, -1000)).containsExactly(1, 0);
        assertThat(gradient(e.reduceSum(e.sigmoid(x), List.of(0)), 800, -800)).containsExactly(0, 0);
    }

    @Test
    void reductionsDivideByTheRuntimeBatch() {
        assertThat(eval(c.meanAll(x), 1, 2, 6)).containsExactly(3);
        assertThat(eval(c.variance(x, List.of(0)), 1, 2, 6)[0]).isCloseTo(14.0 / 3, within(1e-12));
        assertThat(eval(c.reduceMin(x, List.of(0)), 4, -2, 6)).containsExactly(-2);
    }

    @Test
    void regressionLosses() {
        double[] xs = {1, 2, 4};
        double[] ts = {0, 2, 1};
        assertThat(eval(c.mse(x, t, Composites.Reduction.MEAN), xs, ts)).containsExactly(10.0 / 3);
        assertThat(eval(c.mse(x, t, Composites.Reduction.HALF_SUM), xs, ts)).containsExactly(5.0);
        // huber, delta 1: d = 1, 0, 3 -> 0.5, 0, 2.5
        assertThat(eval(c.huber(x, t, 1.0), xs, ts)[0]).isCloseTo(1.0, within(1e-15));
        assertThat(eval(c.l1(List.of(x)), -1, 2)).containsExactly(3);
        assertThat(eval(c.l2(List.of(x, x)), -1, 2)).containsExactly(10);
    }

    @Test
    void binaryCrossEntropiesAreStable() {
        assertThat(eval(c.binaryCrossEntropy(x, t), new double[] {0, 1}, new double[] {1, 0})).containsExactly(100);
        assertThat(eval(c.bceWithLogits(x, t), new double[] {1000, -1000}, new double[] {0, 1})).containsExactly(1000);
        double z = 0.3;
        assertThat(eval(c.bceWithLogits(x, t), new double[] {z}, new double[] {1})[0])
                .isCloseTo(-Math.log(1 / (1 + Math.exp(-z))), within(1e-15));
        assertThat(gradient(c.bceWithLogits(x, t), 1000)).containsExactly(1);
    }

    @Test
    void crossEntropyWithIndicesEqualsCrossEntropyWithOneHot() {
        Node logits = e.input("z", Type.of(F64, 2, 3));
        Node labels = e.target("y", new Type(DType.I32, List.of(Dim.of(2))));
        Node oneHot = e.target("p", Type.of(F64, 2, 3));
        Graph g = Graph.of(b, List.of(logits, labels, oneHot))
                .withOutput("a", c.crossEntropy(logits, labels)).withOutput("b", c.crossEntropy(logits, oneHot))
                .withOutput("s", e.reduceSum(c.softmax(logits, 1), List.of(1)));
        var run = Interpreter.run(g, Map.of("z", Tensor.of(F64, new int[] {2, 3}, new double[] {1, 2, 3, 500, 0, -500}),
                "y", Tensor.of(DType.I32, new int[] {2}, new double[] {2, 0}),
                "p", Tensor.of(F64, new int[] {2, 3}, new double[] {0, 0, 1, 1, 0, 0})), 2);
        double expected = (Math.log(Math.exp(-2) + Math.exp(-1) + 1) + 0) / 2;
        assertThat(run.output("a").item()).isCloseTo(expected, within(1e-15));
        assertThat(run.output("b").item()).isEqualTo(run.output("a").item());
        assertThat(run.output("s").toArray()).containsExactly(new double[] {1, 1}, within(1e-15));
    }
}

package nnc.compiler.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import org.junit.jupiter.api.Test;

/** Hand-computed gradients of the course's worked examples. */
class OracleTest {
    private static final DType F64 = DType.F64;
    private final GraphBuilder b = new GraphBuilder();
    private final Emit e = b.at(Span.synthetic("oracle"));

    @Test
    void seedExample() {
        // f = x²·y + y + 2 at x = 3, y = 4: f = 42, ∂f/∂x = 2xy = 24, ∂f/∂y = x² + 1 = 10
        Node x = e.param("x", Type.scalar(F64));
        Node y = e.param("y", Type.scalar(F64));
        Node f = e.add(e.add(e.mul(e.mul(x, x), y), y), e.constant(2, F64));
        Graph g = Autodiff.differentiate(Graph.of(b, List.of(x, y)).withLoss(f), Set.of());
        var run = Interpreter.run(g, Map.of("x", Tensor.scalar(F64, 3), "y", Tensor.scalar(F64, 4)), 1);
        assertThat(run.loss().item()).isEqualTo(42.0);
        assertThat(run.paramGrad("x").item()).isEqualTo(24.0);
        assertThat(run.paramGrad("y").item()).isEqualTo(10.0);
    }

    @Test
    void logisticRegressionGradientIsPredictionMinusTarget() {
        // L = -Σ [y log σ(z) + (1 - y) log(1 - σ(z))], ∂L/∂z = σ(z) - y
        Node z = e.input("z", vector(4));
        Node t = e.target("y", vector(4));
        Node p = e.sigmoid(z);
        Node one = e.constant(1, F64);
        Node ll = e.add(e.mul(t, e.log(p)), e.mul(e.sub(one, t), e.log(e.sub(one, p))));
        Node loss = e.neg(e.reduceSum(ll, List.of(0)));
        Graph g = Autodiff.differentiate(Graph.of(b, List.of(z, t)).withLoss(loss), Set.of("z"));
        double[] zs = {-2, -0.5, 0.3, 1.7};
        double[] ys = {0, 1, 1, 0};
        var run = Interpreter.run(g, Map.of("z", Tensor.of(F64, new int[] {4}, zs),
                "y", Tensor.of(F64, new int[] {4}, ys)), 4);
        for (int i = 0; i < 4; i++) {
            double sigma = 1 / (1 + Math.exp(-zs[i]));
            assertThat(run.inputGrad("z").at(i)).isCloseTo(sigma - ys[i], within(1e-12));
        }
    }

    @Test
    void softmaxCrossEntropyGradientIsProbabilitiesMinusOneHot() {
        // L = -Σ_j y_j log softmax(z)_j, ∂L/∂z = softmax(z) - y (one sample, three classes)
        Node z = e.input("z", Type.of(F64, 1, 3));
        Node labels = e.target("y", new Type(DType.I32, List.of(Dim.of(1))));
        Node loss = e.neg(e.reduceSum(e.mul(e.oneHot(labels, 3, F64), e.logSoftmax(z, 1)), List.of(0, 1)));
        Graph g = Autodiff.differentiate(Graph.of(b, List.of(z, labels)).withLoss(loss), Set.of("z"));
        double[] zs = {1.0, 2.0, 0.5};
        var run = Interpreter.run(g, Map.of("z", Tensor.of(F64, new int[] {1, 3}, zs),
                "y", Tensor.of(DType.I32, new int[] {1}, new double[] {1})), 1);
        double norm = Math.exp(1.0) + Math.exp(2.0) + Math.exp(0.5);
        double[] expected = {Math.exp(1.0) / norm, Math.exp(2.0) / norm - 1, Math.exp(0.5) / norm};
        for (int i = 0; i < 3; i++) {
            assertThat(run.inputGrad("z").at(i)).isCloseTo(expected[i], within(1e-12));
        }
    }

    private static Type vector(int n) {
        return Type.of(F64, n);
    }
}

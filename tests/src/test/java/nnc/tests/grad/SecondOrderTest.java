package nnc.tests.grad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Shapes;
import nnc.compiler.ir.Type;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.tests.gen.RandomGraphs;
import org.junit.jupiter.api.Test;

/**
 * Second order: differentiating graphs that contain gradient nodes. The gradient of a gradient
 * penalty is checked against central differences of the penalty, which the interpreter
 * computes through the first-order gradient graph.
 */
class SecondOrderTest {
    static final int EXAMPLES = 100;

    @Test
    void gradientOfAGradientPenaltyMatchesCentralDifferences() {
        Props.forAllSeeds("second-order", EXAMPLES, seed -> {
            RandomGraphs.Generated gen = RandomGraphs.generate(seed, DType.F64);
            Graph g = gen.graph();
            Node loss = g.loss().orElseThrow();
            Emit e = g.builder().at(loss.span());
            // penalise the input gradient (WGAN-GP style) or, on odd seeds, the parameter gradients
            List<Node> of = (seed & 1) == 0 ? g.inputs() : g.params();
            List<Node> firstOrder = Autodiff.gradients(g.builder(), loss, of);
            Node penalty = e.constant(0, DType.F64);
            for (Node d : firstOrder) {
                penalty = e.add(penalty, e.reduceSum(e.mul(d, d), Shapes.range(d.type().rank())));
            }
            Node total = e.add(loss, e.mul(e.constant(0.1, DType.F64), penalty));
            GradCheck.check(g, total, g.params(), gen.values(), gen.batch());
        });
    }

    @Test
    void secondDerivativesOfTheSeedExample() {
        // f = x²·y + y + 2: ∂²f/∂x² = 2y = 8, ∂²f/∂x∂y = 2x = 6 at x = 3, y = 4
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("seed"));
        Node x = e.param("x", Type.scalar(DType.F64));
        Node y = e.param("y", Type.scalar(DType.F64));
        Node f = e.add(e.add(e.mul(e.mul(x, x), y), y), e.constant(2, DType.F64));
        Node dfdx = Autodiff.gradients(b, f, List.of(x)).get(0);
        List<Node> second = Autodiff.gradients(b, dfdx, List.of(x, y));
        Graph g = Graph.of(b, List.of(x, y)).withOutput("xx", second.get(0)).withOutput("xy", second.get(1));
        var run = Interpreter.run(g, Map.of("x", Tensor.scalar(DType.F64, 3), "y", Tensor.scalar(DType.F64, 4)), 1);
        assertThat(run.output("xx").item()).isEqualTo(8.0);
        assertThat(run.output("xy").item()).isEqualTo(6.0);
    }

    @Test
    void thirdDerivativeOfTanh() {
        // tanh''' (x) = -2 (1 - 3 tanh² x)(1 - tanh² x)... checked as d/dx of the second derivative by differences
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("tanh"));
        Node x = e.param("x", Type.scalar(DType.F64));
        Node d1 = Autodiff.gradients(b, e.tanh(x), List.of(x)).get(0);
        Node d2 = Autodiff.gradients(b, d1, List.of(x)).get(0);
        GradCheck.check(Graph.of(b, List.of(x)), d2, List.of(x), Map.of("x", Tensor.scalar(DType.F64, 0.7)), 1);
        double t = Math.tanh(0.7);
        var run = Interpreter.run(Graph.of(b, List.of(x)).withOutput("d2", d2), Map.of("x", Tensor.scalar(DType.F64, 0.7)), 1);
        assertThat(run.output("d2").item()).isCloseTo(-2 * t * (1 - t * t), org.assertj.core.api.Assertions.within(1e-15));
    }
}

package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.pass.Passes;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.Lowering;
import nnc.runtime.DType;
import org.junit.jupiter.api.Test;

/** {@code --dtype}: a forward graph retyped to another float type computes the same thing in it. */
class PrecisionTest {
    static final String MODEL = """
            model C {
              input  x: [batch, 3]
              target y: i32[batch]
              param  W: [3, 4] = xavier
              param  b: [4]    = zeros
              logits = 2.5 * (x @ W + b) / 3
              output probs = softmax(logits)
              loss = cross_entropy(logits, y) + 1e-3 * l2(W) + mean(logits * logits)
            }
            """;

    private static Graph forward() {
        FrontEnd.Result r = FrontEnd.check("c.nn", MODEL.getBytes(StandardCharsets.UTF_8));
        assertThat(r.hasErrors()).as(r.diagnostics().toString()).isFalse();
        return Lowering.lower(r.program().orElseThrow().models().get(0), new GraphBuilder());
    }

    @Test
    void everyFloatBecomesF64AndLabelsStayI32() {
        Graph f32 = forward();
        assertThat(Precision.of(f32)).isEqualTo(DType.F32);
        Graph f64 = Precision.retype(f32, DType.F64);
        assertThat(Precision.of(f64)).isEqualTo(DType.F64);
        assertThat(f64.nodes()).hasSameSizeAs(f32.nodes());
        for (Node n : f64.nodes()) {
            assertThat(n.type().dtype()).as("%s %s", n, n.op()).isIn(DType.F64, DType.I32);
        }
        assertThat(f64.targets().get(0).type().dtype()).isEqualTo(DType.I32);
        assertThat(f64.nodes().get(5).span()).isEqualTo(f32.nodes().get(5).span());
        assertThat(Precision.retype(f64, DType.F64)).isSameAs(f64);
        assertThat(Precision.retype(f64, DType.F32).nodes()).allMatch(n -> n.type().dtype() != DType.F64);
    }

    @Test
    void theRetypedGraphComputesTheSameLossAndGradients() {
        Graph f32 = Passes.optimize(Autodiff.differentiate(forward(), Set.of()));
        Graph f64 = Passes.optimize(Autodiff.differentiate(Precision.retype(forward(), DType.F64), Set.of()));
        double[] x = {0.5, -1, 2, 0.25, 0.75, -0.5};
        double[] w = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8, 0.9, 1.0, -1.1, 1.2};
        Interpreter.Evaluation a = Interpreter.run(f32, values(DType.F32, x, w), 2);
        Interpreter.Evaluation b = Interpreter.run(f64, values(DType.F64, x, w), 2);
        assertThat(b.loss().dtype()).isEqualTo(DType.F64);
        assertThat(b.loss().at(0)).isCloseTo(a.loss().at(0), org.assertj.core.data.Offset.offset(1e-5));
        double[] ga = a.paramGrad("W").toArray(), gb = b.paramGrad("W").toArray();
        for (int i = 0; i < ga.length; i++) {
            assertThat(gb[i]).isCloseTo(ga[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    private static Map<String, Tensor> values(DType t, double[] x, double[] w) {
        return Map.of("x", Tensor.of(t, new int[] {2, 3}, x), "y", Tensor.of(DType.I32, new int[] {2}, new double[] {1, 3}),
                "W", Tensor.of(t, new int[] {3, 4}, w), "b", Tensor.of(t, new int[] {4}, new double[] {0.1, 0.2, 0.3, 0.4}));
    }
}

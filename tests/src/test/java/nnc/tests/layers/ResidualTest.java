package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.tests.grad.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Residual blocks {@code h + f(h)} written with blocks, nesting dense layers, batch norm and dropout. */
class ResidualTest {
    static final String SOURCE = """
            block dense(x: [n, i], units) {
              param W: %1$s[i, units] = kaiming
              param b: %1$s[units]    = zeros
              return x @ W + b
            }
            block bn(x: [n, d]) {
              param gamma: %1$s[d] = ones
              param beta:  %1$s[d] = zeros
              state running_mean: %1$s[d] = zeros
              state running_var:  %1$s[d] = ones
              return batch_norm(x, gamma, beta, running_mean, running_var)
            }
            block residual(h: [n, d]) {
              a = dense(h, d)
              z = bn(a)
              f = dropout(relu(z), p = 0.25)
              return h + f
            }
            model Res {
              input  x: %1$s[batch, 6]
              target y: %1$s[batch, 6]
              r1 = residual(x)
              r2 = residual(r1)
              output r2
              loss = mse(r2, y)
            }
            """;

    private static LayerHarness.Compiled compile(DType dtype) {
        return LayerHarness.compile("res.nn", SOURCE.formatted(dtype.sourceName()), dtype);
    }

    @Test
    void eachCallHasItsOwnParametersAndState() {
        LayerHarness.Compiled c = compile(DType.F64);
        assertThat(c.cls().signature().params()).extracting(p -> p.name()).containsExactly(
                "r1.a.W", "r1.a.b", "r1.z.gamma", "r1.z.beta", "r2.a.W", "r2.a.b", "r2.z.gamma", "r2.z.beta");
        assertThat(c.cls().signature().state()).extracting(p -> p.name()).containsExactly(
                "r1.z.running_mean", "r1.z.running_var", "r2.z.running_mean", "r2.z.running_var");
        assertThat(c.train().stateUpdates()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void generatedCodeIsTheInterpretersInBothModes(DType dtype) {
        LayerHarness.Compiled c = compile(dtype);
        Model m = c.instantiate(5);
        m.setSeed(3);
        Map<String, Tensor> v = LayerHarness.values(c.train(), 5, 8, c.model().stateInit());
        for (int step = 0; step < 3; step++) {
            LayerHarness.load(m, v);
            v = LayerHarness.trainStepMatches(c, m, v, 5, 3, LayerHarness.tolerance(dtype));
            LayerHarness.inferenceMatches(c, m, v, 5, LayerHarness.tolerance(dtype));
        }
    }

    @Test
    void theSkipConnectionCarriesTheGradient() {
        LayerHarness.Compiled c = compile(DType.F64);
        Graph g = c.train();
        Map<String, Tensor> v = LayerHarness.values(g, 3, 21, c.model().stateInit());
        List<Node> wrt = new ArrayList<>(g.params());
        wrt.add(g.inputs().get(0));
        GradCheck.check(g, g.loss().orElseThrow(), wrt, v, 3, 12, 5);
    }

    @Test
    void noStepAllocates() {
        Model m = compile(DType.F32).instantiate(8);
        assertThat(LayerHarness.allocated(5_000, i -> m.trainStep(2 + i % 7))).as("bytes allocated by trainStep").isZero();
        assertThat(LayerHarness.allocated(5_000, i -> m.infer(1 + i % 8))).as("bytes allocated by infer").isZero();
    }
}

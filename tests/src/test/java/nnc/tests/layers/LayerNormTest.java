package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.tests.grad.GradCheck;
import nnc.tests.grad.Props;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** layer_norm over the last axis, the same in both modes. */
class LayerNormTest {
    private static String source(String dtype, String shape, int last) {
        return """
                model Ln {
                  input  x: %1$s[batch, %2$s]
                  target y: %1$s[batch, %2$s]
                  param  gain: %1$s[%3$d] = ones
                  param  bias: %1$s[%3$d] = zeros
                  h = layer_norm(x * x + x, gain, bias, eps = 1e-3)
                  output h
                  loss = mse(h, y)
                }
                """.formatted(dtype, shape, last);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void generatedCodeIsTheInterpreters(DType dtype) {
        LayerHarness.Compiled c = LayerHarness.compile("ln.nn", source(dtype.sourceName(), "3, 5", 5), dtype);
        Model m = c.instantiate(4);
        for (int batch = 1; batch <= 4; batch++) {
            Map<String, Tensor> v = LayerHarness.values(c.train(), batch, batch, Map.of());
            LayerHarness.load(m, v);
            LayerHarness.trainStepMatches(c, m, v, batch, 0, LayerHarness.tolerance(dtype));
            LayerHarness.inferenceMatches(c, m, v, batch, LayerHarness.tolerance(dtype));
        }
        assertThat(c.train().loss()).as("no mode-dependent layer").isNotEmpty();
    }

    @Test
    void eachRowHasMeanZeroAndVarianceOneBeforeTheAffineMap() {
        LayerHarness.Compiled c = LayerHarness.compile("ln.nn", source("f64", "4", 4), DType.F64);
        Model m = c.instantiate(2);
        System.arraycopy(new double[] {0, 1, 2, 3, -1, -1, 5, 2}, 0, (double[]) m.input(0), 0, 8);
        java.util.Arrays.fill((double[]) m.param(0), 1.0);
        m.infer(2);
        double[] h = (double[]) m.output(0);
        for (int row = 0; row < 2; row++) {
            double mean = 0;
            double sq = 0;
            for (int j = 0; j < 4; j++) {
                mean += h[row * 4 + j] / 4;
                sq += h[row * 4 + j] * h[row * 4 + j] / 4;
            }
            assertThat(mean).isCloseTo(0, within(1e-12));
            assertThat(sq).as("variance v/(v + ε) of row %d", row).isLessThan(1).isGreaterThan(0.99);
        }
        // row 0: x² + x = 0, 2, 6, 12 → mean 5, biased variance (25 + 9 + 1 + 49) / 4
        assertThat(h[0]).isCloseTo(-5 / Math.sqrt(84.0 / 4 + 1e-3), within(1e-12));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Props.forAllSeeds("layer-norm", 20, seed -> {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            int last = 1 + r.nextInt(4);
            String shape = r.nextBoolean() ? "" + last : (1 + r.nextInt(3)) + ", " + last;
            LayerHarness.Compiled c = LayerHarness.compile("ln.nn", source("f64", shape, last), DType.F64);
            int batch = 1 + r.nextInt(3);
            Graph g = c.train();
            Map<String, Tensor> v = LayerHarness.values(g, batch, seed, Map.of());
            List<Node> wrt = new ArrayList<>(g.params());
            wrt.add(g.inputs().get(0));
            GradCheck.check(g, g.loss().orElseThrow(), wrt, v, batch);
        });
    }

    @Test
    void noStepAllocates() {
        Model m = LayerHarness.compile("ln.nn", source("f32", "3, 5", 5), DType.F32).instantiate(8);
        assertThat(LayerHarness.allocated(10_000, i -> m.trainStep(1 + i % 8))).as("bytes allocated by trainStep").isZero();
        assertThat(LayerHarness.allocated(10_000, i -> m.infer(1 + i % 8))).as("bytes allocated by infer").isZero();
    }
}

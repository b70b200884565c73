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

/** batch_norm: batch statistics and running-statistics updates in trainStep, running statistics in inference. */
class BatchNormTest {
    /** A dense layer, batch norm over its features (or per channel of an NCHW input), and an MSE loss. */
    static String source(String dtype, String shape, int channels, boolean dense) {
        String t = dtype + "[";
        return """
                model Bn {
                  input  x: %1$sbatch, %2$s]
                  target y: %1$sbatch, %2$s]
                  param  W: %1$s%3$d, %3$d] = xavier
                  param  gamma: %1$s%3$d] = ones
                  param  beta: %1$s%3$d] = zeros
                  state  rm: %1$s%3$d] = zeros
                  state  rv: %1$s%3$d] = ones
                  z = %4$s
                  h = batch_norm(z, gamma, beta, rm, rv, momentum = 0.2)
                  output h
                  loss = mse(h * z, y)
                }
                """.formatted(t, shape, channels, dense ? "x @ W" : "x + 0 * sum(W)");
    }

    private static LayerHarness.Compiled features(DType dtype) {
        return LayerHarness.compile("bn.nn", source(dtype.sourceName(), "4", 4, true), dtype);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void runningStatisticsAfterSeveralStepsAreTheInterpreters(DType dtype) {
        for (LayerHarness.Compiled c : List.of(features(dtype),
                LayerHarness.compile("bn4.nn", source(dtype.sourceName(), "3, 2, 2", 3, false), dtype))) {
            Model m = c.instantiate(6);
            Map<String, Double> init = c.model().stateInit();
            Map<String, Tensor> v = LayerHarness.values(c.train(), 5, 1, init);
            double tol = LayerHarness.tolerance(dtype);
            for (int step = 0; step < 5; step++) {
                int batch = 2 + step % 4;
                Map<String, Tensor> fresh = LayerHarness.values(c.train(), batch, 10 + step, init);
                for (String keep : List.of("W", "gamma", "beta", "rm", "rv")) {
                    fresh.put(keep, v.get(keep));
                }
                LayerHarness.load(m, fresh);
                v = LayerHarness.trainStepMatches(c, m, fresh, batch, 0, tol);
                LayerHarness.inferenceMatches(c, m, v, batch, tol);
            }
            assertThat(LayerHarness.read(m.state(1), 3)).as("the running variance moved").doesNotContain(1.0);
        }
    }

    @Test
    void theEquationsArePyTorchs() {
        LayerHarness.Compiled c = LayerHarness.compile("bn.nn", source("f64", "2", 2, false), DType.F64);
        Model m = c.instantiate(2);
        assertThat((double[]) m.state(1)).containsExactly(1, 1);
        System.arraycopy(new double[] {1, 2, 3, 6}, 0, (double[]) m.input(0), 0, 4);
        System.arraycopy(new double[] {1, 1}, 0, (double[]) m.param(1), 0, 2);
        m.trainStep(2);
        // channel 0: 1, 3 → mean 2, biased variance 1, unbiased 2; channel 1: 2, 6 → mean 4, variance 4, unbiased 8
        assertThat((double[]) m.state(0)).containsExactly(new double[] {0.2 * 2, 0.2 * 4}, within(1e-15));
        assertThat((double[]) m.state(1)).containsExactly(new double[] {0.8 + 0.2 * 2, 0.8 + 0.2 * 8}, within(1e-15));
        double[] h = (double[]) m.output(0);
        assertThat(h[0]).isCloseTo(-1 / Math.sqrt(1 + 1e-5), within(1e-15));
        assertThat(h[3]).isCloseTo(2 / Math.sqrt(4 + 1e-5), within(1e-15));
        m.infer(2);
        assertThat(((double[]) m.output(0))[0]).as("inference: (x - rm) / √(rv + ε)")
                .isCloseTo((1 - 0.4) / Math.sqrt(1.2 + 1e-5), within(1e-15));
    }

    /**
     * One batch-norm layer called at every step of a loop updates its running statistics once per
     * call, each update starting from the previous one, as a PyTorch module called twice in a
     * forward pass does: m ← 0.8·(0.8·m + 0.2·μ₀) + 0.2·μ₁.
     */
    @Test
    void aLayerCalledInALoopUpdatesItsStatisticsOncePerCall() {
        LayerHarness.Compiled c = LayerHarness.compile("bnloop.nn", """
                model BnLoop {
                  input  x: f64[batch, 2, 1]
                  target y: f64[batch, 1]
                  param  gamma: f64[1] = ones
                  param  beta: f64[1] = zeros
                  state  rm: f64[1] = zeros
                  state  rv: f64[1] = ones
                  h = at(x, 0) * 0
                  for t in range(2) {
                    h = batch_norm(at(x, t) + h, gamma, beta, rm, rv, momentum = 0.2)
                  }
                  loss = mse(h, y)
                }
                """, DType.F64);
        Model m = c.instantiate(2);
        // x[:, 0] = 1, 3 (mean 2, unbiased variance 2); h0 = ∓1/√(1 + ε); x[:, 1] + h0 = 4 - 1/√(1+ε), 6 + 1/√(1+ε)
        System.arraycopy(new double[] {1, 4, 3, 6}, 0, (double[]) m.input(0), 0, 4);
        ((double[]) m.param(0))[0] = 1;
        m.trainStep(2);
        double d = 1 / Math.sqrt(1 + 1e-5);
        double mean1 = 5;
        double var1 = 2 * Math.pow(1 + d, 2);
        assertThat(((double[]) m.state(0))[0]).isCloseTo(0.8 * (0.2 * 2) + 0.2 * mean1, within(1e-12));
        assertThat(((double[]) m.state(1))[0]).isCloseTo(0.8 * (0.8 + 0.2 * 2) + 0.2 * var1, within(1e-12));
        Map<String, Tensor> v = LayerHarness.values(c.train(), 2, 3, c.model().stateInit());
        LayerHarness.load(m, v);
        LayerHarness.trainStepMatches(c, m, v, 2, 0, 1e-10);
    }

    @Test
    void inferenceEqualsTrainingWhenTheRunningStatisticsAreTheBatchStatistics() {
        LayerHarness.Compiled c = LayerHarness.compile("bn4.nn", source("f64", "3, 2, 2", 3, false), DType.F64);
        int batch = 4;
        Model m = c.instantiate(batch);
        Map<String, Tensor> v = LayerHarness.values(c.train(), batch, 77, c.model().stateInit());
        LayerHarness.load(m, v);
        double[] x = v.get("x").toArray();
        double[] mean = new double[3];
        double[] var = new double[3];
        for (int i = 0; i < x.length; i++) {
            mean[(i / 4) % 3] += x[i] / (batch * 4);
        }
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[(i / 4) % 3];
            var[(i / 4) % 3] += d * d / (batch * 4);
        }
        m.trainStep(batch);
        double[] trained = LayerHarness.read(m.output(0), x.length);
        System.arraycopy(mean, 0, (double[]) m.state(0), 0, 3);
        System.arraycopy(var, 0, (double[]) m.state(1), 0, 3);
        m.infer(batch);
        assertThat(LayerHarness.read(m.output(0), x.length)).containsExactly(trained, within(1e-12));
    }

    @Test
    void gradientsInTrainingModeMatchCentralDifferences() {
        Props.forAllSeeds("batch-norm", 20, seed -> {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            int channels = 1 + r.nextInt(3);
            boolean image = r.nextBoolean();
            String shape = image ? channels + ", " + (1 + r.nextInt(2)) + ", " + (1 + r.nextInt(3)) : "" + channels;
            LayerHarness.Compiled c = LayerHarness.compile("bn.nn", source("f64", shape, channels, !image), DType.F64);
            int batch = 2 + r.nextInt(3);
            Graph g = c.train();
            Map<String, Tensor> v = LayerHarness.values(g, batch, seed, c.model().stateInit());
            List<Node> wrt = new ArrayList<>(g.params());
            wrt.add(g.inputs().get(0));
            GradCheck.check(g, g.loss().orElseThrow(), wrt, v, batch);
        });
    }

    @Test
    void noStepAllocates() {
        Model m = features(DType.F32).instantiate(8);
        assertThat(LayerHarness.allocated(10_000, i -> m.trainStep(2 + i % 7))).as("bytes allocated by trainStep").isZero();
        assertThat(LayerHarness.allocated(10_000, i -> m.infer(1 + i % 8))).as("bytes allocated by infer").isZero();
    }
}

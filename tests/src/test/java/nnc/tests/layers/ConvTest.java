package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

/**
 * conv2d, max_pool2d, avg_pool2d and flatten: generated code equals the interpreter in both
 * entry points, gradients equal central differences on random geometries, and no step allocates.
 */
class ConvTest {
    /**
     * conv (stride 2, padding 1, bias) + relu + max pool, conv (no bias) + batch norm per channel,
     * avg pool, flatten, dense, cross-entropy, on 9×9 images of two channels.
     */
    static String net(String dtype) {
        String t = dtype + "[";
        return """
                model Net {
                  input  x: %1$sbatch, 2, 9, 9]
                  target y: i32[batch]
                  param  W1: %1$s4, 2, 3, 3] = kaiming
                  param  b1: %1$s4] = normal(0.1)
                  param  W2: %1$s3, 4, 2, 2] = kaiming
                  param  g:  %1$s3] = ones
                  param  be: %1$s3] = zeros
                  state  rm: %1$s3] = zeros
                  state  rv: %1$s3] = ones
                  param  W3: %1$s12, 3] = xavier
                  h1 = max_pool2d(relu(conv2d(x, W1, b1, stride = 2, padding = 1)), 2, stride = 1)
                  h2 = batch_norm(conv2d(h1, W2, padding = 1), g, be, rm, rv)
                  h3 = avg_pool2d(h2, 2)
                  logits = flatten(h3) @ W3
                  loss = cross_entropy(logits, y)
                  output logits
                }
                """.formatted(t);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void generatedCodeEqualsTheInterpreterInTrainingAndInference(DType dtype) {
        LayerHarness.Compiled c = LayerHarness.compile("net.nn", net(dtype.sourceName()), dtype);
        Model m = c.instantiate(5);
        Map<String, Double> init = c.model().stateInit();
        Map<String, Tensor> v = LayerHarness.values(c.train(), 5, 3, init);
        double tol = LayerHarness.tolerance(dtype);
        for (int step = 0; step < 3; step++) {
            int batch = 3 + step;
            Map<String, Tensor> fresh = LayerHarness.values(c.train(), batch, 20 + step, init);
            for (String keep : List.of("W1", "b1", "W2", "g", "be", "rm", "rv", "W3")) {
                fresh.put(keep, v.get(keep));
            }
            LayerHarness.load(m, fresh);
            v = LayerHarness.trainStepMatches(c, m, fresh, batch, 0, tol);
            LayerHarness.inferenceMatches(c, m, v, batch, tol);
        }
    }

    /**
     * One small layer of random geometry: conv2d (with or without bias), average pooling or
     * flatten of {@code x·s}, so the parameter s takes its gradient through the layer's input
     * gradient (col2im); then a loss with a non-constant gradient.
     */
    private static String layer(SplittableRandom r) {
        int channels = 1 + r.nextInt(2);
        int kh = 1 + r.nextInt(3);
        int kw = 1 + r.nextInt(3);
        int padding = r.nextInt(2);
        int stride = 1 + r.nextInt(2);
        int h = Math.max(1, kh - 2 * padding) + r.nextInt(3);
        int w = Math.max(1, kw - 2 * padding) + r.nextInt(3);
        int out = 1 + r.nextInt(3);
        String call = switch (r.nextInt(4)) {
            case 0 -> "conv2d(x * s, W, b, stride = " + stride + ", padding = " + padding + ")";
            case 1 -> "conv2d(x * s, W, stride = " + stride + ", padding = " + padding + ")";
            case 2 -> "avg_pool2d(x * s, " + Math.min(kh, Math.min(h, w)) + ", stride = " + stride + ")";
            default -> "flatten(x * s)";
        };
        return """
                model L {
                  input  x: f64[batch, %d, %d, %d]
                  param  W: f64[%d, %d, %d, %d] = normal(0.5)
                  param  b: f64[%d] = normal(0.5)
                  param  s: f64[1] = normal(1)
                  y = %s
                  r = flatten(y)
                  loss = sum(r * r * 0.5 + r) + 0 * sum(W) + 0 * sum(b)
                }
                """.formatted(channels, h, w, out, channels, kh, kw, out, call);
    }

    /** im2col and col2im in generated code (the runtime's Patches) against the interpreter's loops, f64 and f32. */
    @Test
    void generatedCodeEqualsTheInterpreterOnRandomGeometries() {
        Props.forAllSeeds("conv-codegen", 30, seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            DType dtype = r.nextBoolean() ? DType.F64 : DType.F32;
            String src = layer(r);
            LayerHarness.Compiled c = LayerHarness.compile("l.nn", dtype == DType.F64 ? src : src.replace("f64[", "f32["), dtype);
            int batch = 1 + r.nextInt(3);
            Model m = c.instantiate(3);
            Map<String, Tensor> v = LayerHarness.values(c.train(), batch, seed, Map.of());
            LayerHarness.load(m, v);
            LayerHarness.trainStepMatches(c, m, v, batch, 0, LayerHarness.tolerance(dtype));
            LayerHarness.inferenceMatches(c, m, v, batch, LayerHarness.tolerance(dtype));
        });
    }

    @Test
    void convolutionAndAveragePoolingGradientsMatchCentralDifferences() {
        Props.forAllSeeds("conv-layers", 40, seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            LayerHarness.Compiled c = LayerHarness.compile("l.nn", layer(r), DType.F64);
            check(c, 1 + r.nextInt(3), seed);
        });
    }

    /**
     * Max pooling with distinct inputs (a random permutation of a grid, so no two elements of a
     * window tie and a small difference step does not change the arg-max).
     */
    @Test
    void maxPoolingGradientsMatchCentralDifferencesAwayFromTies() {
        Props.forAllSeeds("max-pool", 30, seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int k = 1 + r.nextInt(3);
            int h = k + r.nextInt(3);
            int w = k + r.nextInt(3);
            int stride = 1 + r.nextInt(2);
            String src = """
                    model P {
                      input x: f64[batch, 2, %d, %d]
                      param s: f64[1] = ones
                      y = flatten(max_pool2d(x * s, %d, stride = %d))
                      loss = sum(y * y * 0.5 + y)
                    }
                    """.formatted(h, w, k, stride);
            LayerHarness.Compiled c = LayerHarness.compile("p.nn", src, DType.F64);
            int batch = 1 + r.nextInt(3);
            Graph g = c.train();
            Map<String, Tensor> v = LayerHarness.values(g, batch, seed, Map.of());
            int size = batch * 2 * h * w;
            double[] grid = new double[size];
            for (int i = 0; i < size; i++) {
                grid[i] = (i - size / 2.0) * 0.1;
            }
            for (int i = size - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                double t = grid[i];
                grid[i] = grid[j];
                grid[j] = t;
            }
            v.put("x", Tensor.of(DType.F64, new int[] {batch, 2, h, w}, grid));
            List<Node> wrt = new ArrayList<>(g.params());
            wrt.add(g.inputs().get(0));
            GradCheck.check(g, g.loss().orElseThrow(), wrt, v, batch);
        });
    }

    private static void check(LayerHarness.Compiled c, int batch, long seed) {
        Graph g = c.train();
        Map<String, Tensor> v = LayerHarness.values(g, batch, seed, Map.of());
        List<Node> wrt = new ArrayList<>(g.params());
        wrt.add(g.inputs().get(0));
        GradCheck.check(g, g.loss().orElseThrow(), wrt, v, batch);
    }

    /**
     * PyTorch's equations on a case worked by hand: F.conv2d(x, W, b, stride=2, padding=1) of
     * x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] with W0 = [[1, 0], [0, -1]], W1 = all 0.5, b = [0.25, -1];
     * the windows (top-left at (2r - 1, 2q - 1) of x) read [[0, 0], [0, 1]], [[0, 0], [2, 3]],
     * [[0, 4], [0, 7]] and [[5, 6], [8, 9]]. The gradient of sum(y) for W[o] sums each kernel
     * position's inputs over the four windows: [[5, 10], [10, 20]]; for b, the 4 positions.
     * Pooling x' = [[1, 5, 2], [3, 4, 0], [9, -1, 6]] with k = 2, stride 1: max [[5, 5], [9, 6]],
     * mean [[3.25, 2.75], [3.75, 2.25]].
     */
    @Test
    void theEquationsArePyTorchs() {
        String src = """
                model O {
                  input  x: f64[batch, 1, 3, 3]
                  input  p: f64[batch, 1, 3, 3]
                  param  W: f64[2, 1, 2, 2] = zeros
                  param  b: f64[2] = zeros
                  output y = conv2d(x, W, b, stride = 2, padding = 1)
                  output mx = max_pool2d(p, 2, stride = 1)
                  output av = avg_pool2d(p, 2, stride = 1)
                  loss = sum(y) + 0 * sum(mx + av)
                }
                """;
        Model m = LayerHarness.compile("o.nn", src, DType.F64).instantiate(1);
        System.arraycopy(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, (double[]) m.input(0), 0, 9);
        System.arraycopy(new double[] {1, 5, 2, 3, 4, 0, 9, -1, 6}, 0, (double[]) m.input(1), 0, 9);
        System.arraycopy(new double[] {1, 0, 0, -1, 0.5, 0.5, 0.5, 0.5}, 0, (double[]) m.param(0), 0, 8);
        System.arraycopy(new double[] {0.25, -1}, 0, (double[]) m.param(1), 0, 2);
        m.trainStep(1);
        assertThat((double[]) m.output(0)).containsExactly(-0.75, -2.75, -6.75, -3.75, -0.5, 1.5, 4.5, 13);
        assertThat((double[]) m.output(1)).containsExactly(5, 5, 9, 6);
        assertThat((double[]) m.output(2)).containsExactly(3.25, 2.75, 3.75, 2.25);
        assertThat((double[]) m.grad(0)).containsExactly(5, 10, 10, 20, 5, 10, 10, 20);
        assertThat((double[]) m.grad(1)).containsExactly(4, 4);
        m.infer(1);
        assertThat((double[]) m.output(0)).containsExactly(-0.75, -2.75, -6.75, -3.75, -0.5, 1.5, 4.5, 13);
    }

    @Test
    void noStepAllocates() {
        Model m = LayerHarness.compile("net.nn", net("f32"), DType.F32).instantiate(8);
        assertThat(LayerHarness.allocated(5_000, i -> m.trainStep(1 + i % 8))).as("bytes allocated by trainStep").isZero();
        assertThat(LayerHarness.allocated(5_000, i -> m.infer(1 + i % 8))).as("bytes allocated by infer").isZero();
    }
}

package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import nnc.compiler.sema.Init;
import nnc.compiler.sema.TrainConfig;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.TensorSpec;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;

import org.junit.jupiter.api.Test;

/**
 * The sequence samples learn their tasks, with the optimizer, batch size and seed of their train
 * sections, on data generated here from a fixed seed (fresh batches every step; evaluation on
 * sequences drawn from another seed):
 * <ul>
 *   <li>{@code samples/lstm.nn}, the adding problem over 20 steps: mean squared error below
 *       0.005 (predicting the mean gives 1/6 ≈ 0.167);</li>
 *   <li>{@code samples/attention.nn}, reversing 8 tokens of 10: at least 99% of the tokens right.</li>
 * </ul>
 */
class SequenceSamplesTest {
    /** The adding problem: T steps of (value uniform in [0, 1], marker); one marked step in each half; y = their sum. */
    static void adding(SplittableRandom r, float[] x, float[] y, int batch, int steps) {
        java.util.Arrays.fill(x, 0, batch * steps * 2, 0f);
        for (int b = 0; b < batch; b++) {
            int first = r.nextInt(steps / 2);
            int second = steps / 2 + r.nextInt(steps - steps / 2);
            double sum = 0;
            for (int t = 0; t < steps; t++) {
                float v = (float) r.nextDouble();
                x[(b * steps + t) * 2] = v;
                if (t == first || t == second) {
                    x[(b * steps + t) * 2 + 1] = 1f;
                    sum += v;
                }
            }
            y[b] = (float) sum;
        }
    }

    /** Reversal: random tokens 0 … vocab-1; y[t] = tokens[T-1-t]. */
    static void reverse(SplittableRandom r, int[] tokens, int[] y, int batch, int steps, int vocab) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                tokens[b * steps + t] = r.nextInt(vocab);
            }
            for (int t = 0; t < steps; t++) {
                y[b * steps + t] = tokens[b * steps + steps - 1 - t];
            }
        }
    }

    @Test
    void lstmLearnsTheAddingProblem() throws IOException {
        Trained t = train("lstm.nn", 700, (r, m, n) -> adding(r, (float[]) m.input(0), (float[]) m.target(0), n, 20));
        SplittableRandom test = new SplittableRandom(99);
        Model m = t.model();
        double se = 0;
        int rows = 0;
        for (int round = 0; round < 16; round++) {
            adding(test, (float[]) m.input(0), (float[]) m.target(0), t.batch(), 20);
            m.infer(t.batch());
            float[] pred = (float[]) m.output(0);
            float[] y = (float[]) m.target(0);
            for (int i = 0; i < t.batch(); i++) {
                se += (pred[i] - y[i]) * (pred[i] - y[i]);
                rows++;
            }
        }
        double mse = se / rows;
        System.out.printf("lstm.nn: adding problem, %d steps of batch %d in %.1f s, test MSE %.5f%n",
                t.steps(), t.batch(), t.seconds(), mse);
        assertThat(mse).as("test MSE after %d steps", t.steps()).isLessThan(0.005);
    }

    @Test
    void transformerLearnsToReverseSequences() throws IOException {
        Trained t = train("attention.nn", 1_500, (r, m, n) -> reverse(r, (int[]) m.input(0), (int[]) m.target(0), n, 8, 10));
        SplittableRandom test = new SplittableRandom(99);
        Model m = t.model();
        int right = 0;
        int all = 0;
        for (int round = 0; round < 32; round++) {
            reverse(test, (int[]) m.input(0), (int[]) m.target(0), t.batch(), 8, 10);
            m.infer(t.batch());
            float[] logits = (float[]) m.output(0);
            int[] y = (int[]) m.target(0);
            for (int i = 0; i < t.batch() * 8; i++) {
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    best = logits[i * 10 + c] > logits[i * 10 + best] ? c : best;
                }
                right += best == y[i] ? 1 : 0;
                all++;
            }
        }
        double accuracy = 100.0 * right / all;
        System.out.printf("attention.nn: reversal, %d steps of batch %d in %.1f s, test token accuracy %.2f%%%n",
                t.steps(), t.batch(), t.seconds(), accuracy);
        assertThat(accuracy).as("token accuracy after %d steps", t.steps()).isGreaterThanOrEqualTo(99.0);
    }

    /** Fills a batch of {@code n} examples into the model's input and target arrays. */
    @FunctionalInterface
    interface Batches {
        void fill(SplittableRandom r, Model m, int n);
    }

    record Trained(Model model, int batch, int steps, double seconds) {
    }

    /**
     * Compiles a sample (f32), draws its weights from its initializers with the train section's
     * seed, and runs {@code steps} training steps of fresh batches with its optimizer.
     */
    static Trained train(String sample, int steps, Batches data) throws IOException {
        String source = Files.readString(java.nio.file.Path.of(System.getProperty("nnc.root", "..")).resolve("samples").resolve(sample), StandardCharsets.UTF_8);
        LayerHarness.Compiled c = LayerHarness.compile(sample, source, DType.F32);
        TrainConfig config = c.model().train().orElseThrow();
        long seed = config.seed().orElseThrow();
        int batch = config.batch();
        Model m = c.instantiate(batch);
        List<TensorSpec> params = m.signature().params();
        for (int i = 0; i < params.size(); i++) {
            runtimeInit(c.model().param(params.get(i).name()).orElseThrow().init())
                    .fill(m.param(i), params.get(i).dims(1), seed, params.get(i).name());
        }
        m.setSeed(seed);
        Optimizer adam = Optimizers.create(config.optimizer().name(),
                Map.of("lr", config.optimizer().number("lr")), m.signature());
        SplittableRandom r = new SplittableRandom(seed);
        long t0 = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            data.fill(r, m, batch);
            m.trainStep(batch);
            adam.step(m);
        }
        return new Trained(m, batch, steps, (System.nanoTime() - t0) / 1e9);
    }

    private static nnc.runtime.init.Init runtimeInit(Init init) {
        if (init instanceof Init.Constant k) {
            return new nnc.runtime.init.Init.Constant(k.value());
        } else if (init instanceof Init.Normal n) {
            return new nnc.runtime.init.Init.Normal(n.mean(), n.std());
        }
        Init.Uniform u = (Init.Uniform) init;
        return new nnc.runtime.init.Init.Uniform(u.lo(), u.hi());
    }
}

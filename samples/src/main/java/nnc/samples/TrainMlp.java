package nnc.samples;

import java.util.Map;
import java.util.SplittableRandom;
import nnc.runtime.TensorSpec;
import nnc.runtime.init.Inits;
import nnc.samples.generated.Mlp;

/**
 * Embeds the class nnc generated from {@code samples/mlp.nn} (784-256-128-10, ReLU, softmax
 * cross-entropy with L2): trains it with a plain SGD loop over its parameter and gradient arrays
 * on generated data (ten noisy prototype images), and prints the falling loss. Needs only
 * nnc-runtime on the class path.
 */
public final class TrainMlp {
    private static final int BATCH = 64;
    private static final int STEPS = 300;
    private static final float LR = 0.05f;

    private TrainMlp() {
    }

    public static void main(String[] args) {
        Mlp model = new Mlp(BATCH);
        initialize(model);
        Data data = new Data(784, 10, 7);
        double first = Double.NaN;
        for (int step = 1; step <= STEPS; step++) {
            data.fill(model.x(), model.y(), BATCH);
            model.trainStep(BATCH);
            for (int i = 0; i < model.signature().params().size(); i++) {
                float[] w = (float[]) model.param(i);
                float[] g = (float[]) model.grad(i);
                for (int j = 0; j < w.length; j++) {
                    w[j] -= LR * g[j];
                }
            }
            first = step == 1 ? model.loss() : first;
            if (step == 1 || step % 25 == 0) {
                System.out.printf("step %3d  loss %.4f%n", step, model.loss());
            }
        }
        if (!(model.loss() < first / 4)) {
            throw new IllegalStateException("the loss did not fall: " + first + " -> " + model.loss());
        }
    }

    /** Kaiming for the weights and zeros for the biases, as mlp.nn declares them. */
    private static void initialize(Mlp model) {
        for (int i = 0; i < model.signature().params().size(); i++) {
            TensorSpec p = model.signature().params().get(i);
            String init = p.name().endsWith(".W") ? "kaiming" : "zeros";
            Inits.create(init, Map.of()).fill(model.param(i), p.dims(1), 42, p.name());
        }
    }

    /** Ten fixed random prototype "images"; a sample is its class's prototype plus noise. */
    private static final class Data {
        private final float[][] prototypes;
        private final SplittableRandom random;

        Data(int features, int classes, long seed) {
            random = new SplittableRandom(seed);
            prototypes = new float[classes][features];
            for (float[] p : prototypes) {
                for (int j = 0; j < features; j++) {
                    p[j] = random.nextBoolean() ? 0.5f : -0.5f;
                }
            }
        }

        void fill(float[] x, int[] y, int rows) {
            int features = prototypes[0].length;
            for (int i = 0; i < rows; i++) {
                int label = random.nextInt(prototypes.length);
                y[i] = label;
                for (int j = 0; j < features; j++) {
                    x[i * features + j] = prototypes[label][j] + (float) random.nextGaussian();
                }
            }
        }
    }
}

package nnc.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import nnc.runtime.init.Init;
import nnc.runtime.init.Inits;

/**
 * Seeded parameters and data for a workload, identical for nnc and the baseline: parameters from
 * the runtime's initializers (the {@code .nn} files' kaiming or xavier weights, zero biases),
 * inputs uniform in [-1, 1) (W3: the four XOR points), uniform class labels (W3: XOR targets).
 */
public final class BenchData {
    private BenchData() {
    }

    /** Fills the parameters, listed in signature order (W, b of each layer). */
    public static void initParams(Workload w, List<float[]> params, long seed) {
        Init weights = Inits.create(w == Workload.W3 ? "xavier" : "kaiming", Map.of());
        for (int l = 0; l < w.layers(); l++) {
            int[] shape = {w.widths().get(l), w.widths().get(l + 1)};
            weights.fill(params.get(2 * l), shape, seed, w.weight(l));
            java.util.Arrays.fill(params.get(2 * l + 1), 0f);
        }
    }

    /** Fills {@code batch} input rows and their labels or targets. */
    public static void fillBatch(Workload w, float[] x, int[] labels, float[] targets, int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = w.widths().get(0);
        if (w.loss() == Workload.Loss.SIGMOID_MSE) {
            for (int i = 0; i < batch; i++) {
                int a = i & 1;
                int b = (i >> 1) & 1;
                x[i * in] = a;
                x[i * in + 1] = b;
                targets[i] = a ^ b;
            }
            return;
        }
        for (int i = 0; i < batch * in; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        int classes = w.widths().get(w.layers());
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(classes);
        }
    }
}

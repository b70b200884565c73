package nnc.runtime.optim;

import java.util.List;
import nnc.runtime.Signature;

/**
 * Adagrad as {@code torch.optim.Adagrad}: γ̃ ← γ / (1 + (t - 1)η); g ← g + λθ;
 * s ← s + g²; θ ← θ - γ̃ g / (√s + ε), with s starting at {@code initial_accumulator_value}.
 */
final class Adagrad extends Optimizer {
    private static final int SUM = 0;
    private final AdagradConfig c;
    private double clr;

    Adagrad(AdagradConfig c, Signature signature) {
        super(c, signature, List.of("sum"));
        this.c = c;
        fill(SUM, c.initialAccumulatorValue());
    }

    @Override
    void prepare(long t) {
        clr = lr() / (1 + (t - 1) * c.lrDecay());
    }

    @Override
    void update(int i, float[] p, float[] g) {
        float[] s = f(SUM, i);
        float wd = (float) c.weightDecay(), eps = (float) c.eps(), step = (float) clr;
        for (int j = 0; j < p.length; j++) {
            float gj = g[j] + wd * p[j];
            float sj = s[j] + gj * gj;
            s[j] = sj;
            p[j] -= step * (gj / ((float) Math.sqrt(sj) + eps));
        }
    }

    @Override
    void update(int i, double[] p, double[] g) {
        double[] s = d(SUM, i);
        double wd = c.weightDecay(), eps = c.eps(), step = clr;
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            double sj = s[j] + gj * gj;
            s[j] = sj;
            p[j] -= step * (gj / (Math.sqrt(sj) + eps));
        }
    }
}

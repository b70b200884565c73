package nnc.runtime.optim;

import java.util.List;
import nnc.runtime.Model;
import nnc.runtime.Signature;

/**
 * SGD as {@code torch.optim.SGD}: g ← g + λθ; with momentum μ, b ← g on the first step and
 * b ← μb + (1 - τ)g after; then g ← g + μb (Nesterov) or g ← b; θ ← θ - γg.
 *
 * <p>The loops are branch-free so C2 vectorizes them: the first-step rule is
 * b ← 0·b + 1·g, and "g ← b" is g ← 0·g + 1·b, which are exact for finite values.
 */
final class Sgd extends Optimizer {
    private static final int BUF = 0;
    private final SgdConfig c;
    /** Coefficients of b ← keep·b + take·g for the current step. */
    private double keep;
    private double take;

    Sgd(SgdConfig c, Signature signature) {
        super(c, signature, c.momentum() != 0 ? List.of("momentum_buffer") : List.of());
        this.c = c;
    }

    @Override
    void prepare(long t) {
        keep = t == 1 ? 0 : c.momentum();
        take = t == 1 ? 1 : 1 - c.dampening();
    }

    /** Without momentum the update needs nothing but the gradient, so the model applies it inside its step. */
    @Override
    public boolean updatesInStep() {
        return c.momentum() == 0;
    }

    @Override
    void stepInModel(Model model, int n) {
        model.trainStepSgd(n, lr(), c.weightDecay());
    }

    @Override
    void update(int i, float[] p, float[] g) {
        float lr = (float) lr(), wd = (float) c.weightDecay();
        if (c.momentum() == 0) {
            for (int j = 0; j < p.length; j++) {
                p[j] -= lr * (g[j] + wd * p[j]);
            }
            return;
        }
        float[] b = f(BUF, i);
        float keepF = (float) keep, takeF = (float) take;
        float withG = c.nesterov() ? 1f : 0f, withB = c.nesterov() ? (float) c.momentum() : 1f;
        for (int j = 0; j < p.length; j++) {
            float gj = g[j] + wd * p[j];
            float bj = keepF * b[j] + takeF * gj;
            b[j] = bj;
            p[j] -= lr * (withG * gj + withB * bj);
        }
    }

    @Override
    void update(int i, double[] p, double[] g) {
        double lr = lr(), wd = c.weightDecay();
        if (c.momentum() == 0) {
            for (int j = 0; j < p.length; j++) {
                p[j] -= lr * (g[j] + wd * p[j]);
            }
            return;
        }
        double[] b = d(BUF, i);
        double withG = c.nesterov() ? 1 : 0, withB = c.nesterov() ? c.momentum() : 1;
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            double bj = keep * b[j] + take * gj;
            b[j] = bj;
            p[j] -= lr * (withG * gj + withB * bj);
        }
    }
}

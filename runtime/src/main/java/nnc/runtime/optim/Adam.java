package nnc.runtime.optim;

import java.util.List;
import nnc.runtime.Signature;

/**
 * Adam and AdamW as {@code torch.optim.Adam} / {@code torch.optim.AdamW} (PyTorch 2.x):
 * AdamW first decays θ ← θ(1 - γλ), Adam instead adds g ← g + λθ; then
 * m ← m + (1 - β1)(g - m), v ← β2 v + (1 - β2)g², with AMSGrad v̄ ← max(v̄, v) (the raw
 * second moment, as PyTorch's code does); θ ← θ - (γ / (1 - β1^t)) · m / (√v / √(1 - β2^t) + ε).
 *
 * <p>The operation order follows PyTorch's single-tensor implementation, so results agree with
 * it to the last bit or two, and with the documented algorithm to rounding.
 */
final class Adam extends Optimizer {
    private static final int EXP_AVG = 0;
    private static final int EXP_AVG_SQ = 1;
    private static final int MAX_EXP_AVG_SQ = 2;
    private final AdamConfig c;
    private double stepSize;
    private double bc2Sqrt;

    Adam(AdamConfig c, Signature signature) {
        super(c, signature, c.amsgrad() ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                : List.of("exp_avg", "exp_avg_sq"));
        this.c = c;
    }

    @Override
    void prepare(long t) {
        stepSize = lr() / (1 - Math.pow(c.beta1(), t));
        bc2Sqrt = Math.sqrt(1 - Math.pow(c.beta2(), t));
    }

    @Override
    void update(int i, float[] p, float[] g) {
        float[] m = f(EXP_AVG, i), v = f(EXP_AVG_SQ, i);
        float shrink = (float) (c.decoupled() ? 1 - lr() * c.weightDecay() : 1);
        float l2 = (float) (c.decoupled() ? 0 : c.weightDecay());
        float w1 = (float) (1 - c.beta1()), b2 = (float) c.beta2(), w2 = (float) (1 - c.beta2());
        float eps = (float) c.eps(), size = (float) stepSize, bc2 = (float) bc2Sqrt;
        if (c.amsgrad()) {
            float[] vmax = f(MAX_EXP_AVG_SQ, i);
            for (int j = 0; j < p.length; j++) {
                float pj = p[j] * shrink;
                float gj = g[j] + l2 * pj;
                float mj = m[j] + w1 * (gj - m[j]);
                float vj = v[j] * b2 + w2 * gj * gj;
                m[j] = mj;
                v[j] = vj;
                float vm = Math.max(vmax[j], vj);
                vmax[j] = vm;
                p[j] = pj - size * (mj / ((float) Math.sqrt(vm) / bc2 + eps));
            }
            return;
        }
        for (int j = 0; j < p.length; j++) {
            float pj = p[j] * shrink;
            float gj = g[j] + l2 * pj;
            float mj = m[j] + w1 * (gj - m[j]);
            float vj = v[j] * b2 + w2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            p[j] = pj - size * (mj / ((float) Math.sqrt(vj) / bc2 + eps));
        }
    }

    @Override
    void update(int i, double[] p, double[] g) {
        double[] m = d(EXP_AVG, i), v = d(EXP_AVG_SQ, i);
        double shrink = c.decoupled() ? 1 - lr() * c.weightDecay() : 1;
        double l2 = c.decoupled() ? 0 : c.weightDecay();
        double w1 = 1 - c.beta1(), b2 = c.beta2(), w2 = 1 - c.beta2(), eps = c.eps();
        if (c.amsgrad()) {
            double[] vmax = d(MAX_EXP_AVG_SQ, i);
            for (int j = 0; j < p.length; j++) {
                double pj = p[j] * shrink;
                double gj = g[j] + l2 * pj;
                double mj = m[j] + w1 * (gj - m[j]);
                double vj = v[j] * b2 + w2 * gj * gj;
                m[j] = mj;
                v[j] = vj;
                double vm = Math.max(vmax[j], vj);
                vmax[j] = vm;
                p[j] = pj - stepSize * (mj / (Math.sqrt(vm) / bc2Sqrt + eps));
            }
            return;
        }
        for (int j = 0; j < p.length; j++) {
            double pj = p[j] * shrink;
            double gj = g[j] + l2 * pj;
            double mj = m[j] + w1 * (gj - m[j]);
            double vj = v[j] * b2 + w2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            p[j] = pj - stepSize * (mj / (Math.sqrt(vj) / bc2Sqrt + eps));
        }
    }
}

package nnc.runtime.optim;

import java.util.List;
import java.util.Map;
import nnc.runtime.ConfigException;
import nnc.runtime.Signature;

/**
 * NAdam as {@code torch.optim.NAdam}: g ← g + λθ; μ_t ← β1(1 - ½·0.96^(tψ)),
 * μ_{t+1} likewise; Π ← Π·μ_t; m ← m + (1 - β1)(g - m); v ← β2 v + (1 - β2)g²;
 * d ← √(v / (1 - β2^t)) + ε; θ ← θ - γ(1 - μ_t)/(1 - Π) · g/d; θ ← θ - γ μ_{t+1}/(1 - Π μ_{t+1}) · m/d.
 *
 * <p>The product Π ({@code mu_product}) is scalar state, saved with checkpoints. As in PyTorch,
 * it is kept in the model's precision ({@code float} for f32 models).
 */
final class NAdam extends Optimizer {
    private static final int EXP_AVG = 0;
    private static final int EXP_AVG_SQ = 1;
    private final NAdamConfig c;
    private final boolean f32;
    private double muProduct = 1;
    private double gradCoef;
    private double avgCoef;
    private double bc2;

    NAdam(NAdamConfig c, Signature signature) {
        super(c, signature, List.of("exp_avg", "exp_avg_sq"));
        this.c = c;
        this.f32 = signature.dtype() == nnc.runtime.DType.F32;
    }

    @Override
    void prepare(long t) {
        double mu = c.beta1() * (1 - 0.5 * Math.pow(0.96, t * c.momentumDecay()));
        double muNext = c.beta1() * (1 - 0.5 * Math.pow(0.96, (t + 1) * c.momentumDecay()));
        muProduct = f32 ? (float) muProduct * (float) mu : muProduct * mu;
        bc2 = 1 - Math.pow(c.beta2(), t);
        gradCoef = -lr() * (1 - mu) / (1 - muProduct);
        avgCoef = -lr() * muNext / (1 - muProduct * muNext);
    }

    @Override
    void update(int i, float[] p, float[] g) {
        float[] m = f(EXP_AVG, i), v = f(EXP_AVG_SQ, i);
        float wd = (float) c.weightDecay(), w1 = (float) (1 - c.beta1()), b2 = (float) c.beta2();
        float w2 = (float) (1 - c.beta2()), eps = (float) c.eps(), bc = (float) bc2;
        float gc = (float) gradCoef, ac = (float) avgCoef;
        for (int j = 0; j < p.length; j++) {
            float gj = g[j] + wd * p[j];
            float mj = m[j] + w1 * (gj - m[j]);
            float vj = v[j] * b2 + w2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            float den = (float) Math.sqrt(vj / bc) + eps;
            float pj = p[j] + gc * (gj / den);
            p[j] = pj + ac * (mj / den);
        }
    }

    @Override
    void update(int i, double[] p, double[] g) {
        double[] m = d(EXP_AVG, i), v = d(EXP_AVG_SQ, i);
        double wd = c.weightDecay(), w1 = 1 - c.beta1(), b2 = c.beta2(), w2 = 1 - c.beta2(), eps = c.eps();
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            double mj = m[j] + w1 * (gj - m[j]);
            double vj = v[j] * b2 + w2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            double den = Math.sqrt(vj / bc2) + eps;
            double pj = p[j] + gradCoef * (gj / den);
            p[j] = pj + avgCoef * (mj / den);
        }
    }

    @Override
    public Map<String, Double> scalars() {
        return Map.of("mu_product", muProduct);
    }

    @Override
    public void restore(long step, Map<String, Double> scalars) {
        Double product = scalars.get("mu_product");
        if (product == null || scalars.size() != 1) {
            throw new ConfigException("nadam state needs exactly the scalar mu_product, got " + scalars.keySet());
        }
        restoreStep(step);
        muProduct = product;
    }
}

package nnc.runtime.optim;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Signature;

/**
 * RMSprop as {@code torch.optim.RMSprop}: g ← g + λθ; v ← αv + (1 - α)g²; centered:
 * ḡ ← ḡ + (1 - α)(g - ḡ) and ṽ ← v - ḡ², else ṽ ← v; with momentum μ &gt; 0,
 * b ← μb + g / (√ṽ + ε) and θ ← θ - γb, else θ ← θ - γ g / (√ṽ + ε).
 *
 * <p>The centered and momentum choices are loop-invariant branches, which C2 unswitches.
 */
final class RmsProp extends Optimizer {
    private static final int SQUARE_AVG = 0;
    private final RmsPropConfig c;
    private final int momentumBuffer;
    private final int gradAvg;

    RmsProp(RmsPropConfig c, Signature signature) {
        super(c, signature, kinds(c));
        this.c = c;
        this.momentumBuffer = c.momentum() > 0 ? 1 : -1;
        this.gradAvg = c.centered() ? (c.momentum() > 0 ? 2 : 1) : -1;
    }

    private static List<String> kinds(RmsPropConfig c) {
        List<String> kinds = new ArrayList<>(List.of("square_avg"));
        if (c.momentum() > 0) {
            kinds.add("momentum_buffer");
        }
        if (c.centered()) {
            kinds.add("grad_avg");
        }
        return kinds;
    }

    @Override
    void prepare(long t) {
        // every coefficient is a hyperparameter; nothing depends on t
    }

    @Override
    void update(int i, float[] p, float[] g) {
        float[] v = f(SQUARE_AVG, i);
        float[] b = momentumBuffer < 0 ? v : f(momentumBuffer, i);
        float[] ga = gradAvg < 0 ? v : f(gradAvg, i);
        boolean centered = gradAvg >= 0, momentum = momentumBuffer >= 0;
        float wd = (float) c.weightDecay(), alpha = (float) c.alpha(), oneMinusAlpha = (float) (1 - c.alpha());
        float eps = (float) c.eps(), lr = (float) lr(), mu = (float) c.momentum();
        for (int j = 0; j < p.length; j++) {
            float gj = g[j] + wd * p[j];
            float vj = v[j] * alpha + oneMinusAlpha * gj * gj;
            v[j] = vj;
            if (centered) {
                float gaj = ga[j] + oneMinusAlpha * (gj - ga[j]);
                ga[j] = gaj;
                vj = vj - gaj * gaj;
            }
            float avg = (float) Math.sqrt(vj) + eps;
            if (momentum) {
                b[j] = b[j] * mu + gj / avg;
                p[j] -= lr * b[j];
            } else {
                p[j] -= lr * (gj / avg);
            }
        }
    }

    @Override
    void update(int i, double[] p, double[] g) {
        double[] v = d(SQUARE_AVG, i);
        double[] b = momentumBuffer < 0 ? v : d(momentumBuffer, i);
        double[] ga = gradAvg < 0 ? v : d(gradAvg, i);
        boolean centered = gradAvg >= 0, momentum = momentumBuffer >= 0;
        double wd = c.weightDecay(), alpha = c.alpha(), oneMinusAlpha = 1 - c.alpha();
        double eps = c.eps(), lr = lr(), mu = c.momentum();
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            double vj = v[j] * alpha + oneMinusAlpha * gj * gj;
            v[j] = vj;
            if (centered) {
                double gaj = ga[j] + oneMinusAlpha * (gj - ga[j]);
                ga[j] = gaj;
                vj = vj - gaj * gaj;
            }
            double avg = Math.sqrt(vj) + eps;
            if (momentum) {
                b[j] = b[j] * mu + gj / avg;
                p[j] -= lr * b[j];
            } else {
                p[j] -= lr * (gj / avg);
            }
        }
    }
}

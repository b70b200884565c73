package nnc.runtime.optim;

import nnc.runtime.Model;

/**
 * Gradient clipping over all of a model's gradient arrays, as
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Allocation-free.
 */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales every gradient by {@code min(1, maxNorm / (totalNorm + 1e-6))}, where totalNorm is
     * the 2-norm of all gradients taken together, and returns totalNorm (before clipping), as
     * {@code clip_grad_norm_(parameters, max_norm)} does. Like PyTorch, it multiplies even when
     * the factor is 1, and a non-finite norm propagates into the gradients.
     */
    public static double clipNorm(Model model, double maxNorm) {
        return clipNorm(model, maxNorm, 2.0);
    }

    /**
     * Like {@link #clipNorm(Model, double)} with the p-norm {@code normType} (≥ 1, or
     * {@link Double#POSITIVE_INFINITY} for the largest absolute value). Sums are taken in double
     * precision for f32 models too.
     */
    public static double clipNorm(Model model, double maxNorm, double normType) {
        if (!(normType >= 1)) {
            throw new nnc.runtime.ConfigException("clip_norm: norm type " + normType + " must be >= 1 or infinity");
        }
        double total = totalNorm(model, normType);
        double coef = Math.min(maxNorm / (total + 1e-6), 1.0);
        if (Double.isNaN(total)) {
            coef = Double.NaN;
        }
        scale(model, coef);
        return total;
    }

    /** The p-norm of all gradients of {@code model} taken together, without changing them. */
    public static double totalNorm(Model model, double normType) {
        int count = model.signature().params().size();
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double acc = 0;
        for (int i = 0; i < count; i++) {
            Object g = model.grad(i);
            acc = inf ? Math.max(acc, maxAbs(g)) : acc + powerSum(g, normType);
        }
        return inf ? acc : normType == 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / normType);
    }

    /** Clamps every gradient element to {@code [-clip, clip]}, as {@code clip_grad_value_}. */
    public static void clipValue(Model model, double clip) {
        if (!(clip >= 0)) {
            throw new nnc.runtime.ConfigException("clip_value: " + clip + " must be >= 0");
        }
        int count = model.signature().params().size();
        for (int i = 0; i < count; i++) {
            Object g = model.grad(i);
            if (g instanceof float[] f) {
                float hi = (float) clip, lo = -hi;
                for (int j = 0; j < f.length; j++) {
                    f[j] = Math.min(Math.max(f[j], lo), hi);
                }
            } else {
                double[] d = (double[]) g;
                for (int j = 0; j < d.length; j++) {
                    d[j] = Math.min(Math.max(d[j], -clip), clip);
                }
            }
        }
    }

    private static void scale(Model model, double coef) {
        int count = model.signature().params().size();
        for (int i = 0; i < count; i++) {
            Object g = model.grad(i);
            if (g instanceof float[] f) {
                float c = (float) coef;
                for (int j = 0; j < f.length; j++) {
                    f[j] *= c;
                }
            } else {
                double[] d = (double[]) g;
                for (int j = 0; j < d.length; j++) {
                    d[j] *= coef;
                }
            }
        }
    }

    private static double powerSum(Object g, double p) {
        double acc = 0;
        if (g instanceof float[] f) {
            for (float x : f) {
                acc += p == 2 ? (double) x * x : Math.pow(Math.abs(x), p);
            }
        } else {
            for (double x : (double[]) g) {
                acc += p == 2 ? x * x : Math.pow(Math.abs(x), p);
            }
        }
        return acc;
    }

    private static double maxAbs(Object g) {
        double m = 0;
        if (g instanceof float[] f) {
            for (float x : f) {
                m = Math.max(m, Math.abs(x));
            }
        } else {
            for (double x : (double[]) g) {
                m = Math.max(m, Math.abs(x));
            }
        }
        return m;
    }
}

package nnc.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nnc.runtime.Hyperparameters;
import nnc.runtime.Signature;

/**
 * {@code torch.optim.Adam} and {@code torch.optim.AdamW}:
 * {@code adam(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0, amsgrad=false)} and
 * {@code adamw(...)} with the same names and {@code weight_decay=0.01}.
 *
 * @param lr          learning rate γ
 * @param beta1       decay of the first-moment average
 * @param beta2       decay of the second-moment average
 * @param eps         ε added to the bias-corrected square root
 * @param weightDecay λ: for Adam an L2 penalty added to the gradient; for AdamW a decoupled
 *                    decay {@code θ ← θ(1 - γλ)} applied before the update
 * @param amsgrad     use the running maximum of the second moment (AMSGrad)
 * @param decoupled   {@code true} for AdamW
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean decoupled) implements OptimizerConfig {

    public AdamConfig {
        String owner = decoupled ? "adamw" : "adam";
        OptimizerConfig.nonNegative(owner, "lr", lr);
        OptimizerConfig.unitInterval(owner, "beta1", beta1);
        OptimizerConfig.unitInterval(owner, "beta2", beta2);
        OptimizerConfig.nonNegative(owner, "eps", eps);
        OptimizerConfig.nonNegative(owner, "weight_decay", weightDecay);
    }

    /** Adam with PyTorch's defaults and learning rate {@code lr}. */
    public static AdamConfig adam(double lr) {
        return new AdamConfig(lr, 0.9, 0.999, 1e-8, 0, false, false);
    }

    /** AdamW with PyTorch's defaults (weight decay 0.01) and learning rate {@code lr}. */
    public static AdamConfig adamw(double lr) {
        return new AdamConfig(lr, 0.9, 0.999, 1e-8, 0.01, false, true);
    }

    static AdamConfig from(Hyperparameters h, boolean decoupled) {
        return new AdamConfig(h.number("lr", 1e-3), h.number("beta1", 0.9), h.number("beta2", 0.999),
                h.number("eps", 1e-8), h.number("weight_decay", decoupled ? 0.01 : 0), h.flag("amsgrad", false),
                decoupled);
    }

    @Override
    public String name() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        m.put("amsgrad", amsgrad);
        return m;
    }

    @Override
    public Optimizer create(Signature signature) {
        return new Adam(this, signature);
    }
}

package nnc.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nnc.runtime.Hyperparameters;
import nnc.runtime.Signature;

/**
 * {@code torch.optim.NAdam}:
 * {@code nadam(lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0, momentum_decay=4e-3)}.
 *
 * @param lr            learning rate γ
 * @param beta1         decay of the first-moment average
 * @param beta2         decay of the second-moment average
 * @param eps           ε added to the bias-corrected square root
 * @param weightDecay   L2 penalty λ added to the gradient
 * @param momentumDecay ψ in the momentum schedule μ_t = β1 (1 - ½ · 0.96^(tψ))
 */
public record NAdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay)
        implements OptimizerConfig {

    public NAdamConfig {
        OptimizerConfig.nonNegative("nadam", "lr", lr);
        OptimizerConfig.unitInterval("nadam", "beta1", beta1);
        OptimizerConfig.unitInterval("nadam", "beta2", beta2);
        OptimizerConfig.nonNegative("nadam", "eps", eps);
        OptimizerConfig.nonNegative("nadam", "weight_decay", weightDecay);
        OptimizerConfig.nonNegative("nadam", "momentum_decay", momentumDecay);
    }

    /** PyTorch's defaults. */
    public static NAdamConfig defaults() {
        return new NAdamConfig(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3);
    }

    static NAdamConfig from(Hyperparameters h) {
        return new NAdamConfig(h.number("lr", 2e-3), h.number("beta1", 0.9), h.number("beta2", 0.999),
                h.number("eps", 1e-8), h.number("weight_decay", 0), h.number("momentum_decay", 4e-3));
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        m.put("momentum_decay", momentumDecay);
        return m;
    }

    @Override
    public Optimizer create(Signature signature) {
        return new NAdam(this, signature);
    }
}

package nnc.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nnc.runtime.Hyperparameters;
import nnc.runtime.Signature;

/**
 * {@code torch.optim.Adagrad}:
 * {@code adagrad(lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)}.
 *
 * @param lr                      learning rate γ
 * @param lrDecay                 η: step t uses γ / (1 + (t - 1) η)
 * @param weightDecay             L2 penalty λ added to the gradient
 * @param initialAccumulatorValue the initial value of the sum of squared gradients
 * @param eps                     ε added to the square root of the sum
 */
public record AdagradConfig(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps)
        implements OptimizerConfig {

    public AdagradConfig {
        OptimizerConfig.nonNegative("adagrad", "lr", lr);
        OptimizerConfig.nonNegative("adagrad", "lr_decay", lrDecay);
        OptimizerConfig.nonNegative("adagrad", "weight_decay", weightDecay);
        OptimizerConfig.nonNegative("adagrad", "initial_accumulator_value", initialAccumulatorValue);
        OptimizerConfig.nonNegative("adagrad", "eps", eps);
    }

    /** PyTorch's defaults. */
    public static AdagradConfig defaults() {
        return new AdagradConfig(0.01, 0, 0, 0, 1e-10);
    }

    static AdagradConfig from(Hyperparameters h) {
        return new AdagradConfig(h.number("lr", 0.01), h.number("lr_decay", 0), h.number("weight_decay", 0),
                h.number("initial_accumulator_value", 0), h.number("eps", 1e-10));
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("lr_decay", lrDecay);
        m.put("weight_decay", weightDecay);
        m.put("initial_accumulator_value", initialAccumulatorValue);
        m.put("eps", eps);
        return m;
    }

    @Override
    public Optimizer create(Signature signature) {
        return new Adagrad(this, signature);
    }
}

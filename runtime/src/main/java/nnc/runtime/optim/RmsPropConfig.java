package nnc.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nnc.runtime.Hyperparameters;
import nnc.runtime.Signature;

/**
 * {@code torch.optim.RMSprop}:
 * {@code rmsprop(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=false)}.
 *
 * @param lr          learning rate γ
 * @param alpha       smoothing constant of the squared-gradient average
 * @param eps         ε added to the square root
 * @param weightDecay L2 penalty λ added to the gradient
 * @param momentum    momentum factor μ
 * @param centered    normalize by the estimated variance instead of the uncentered second moment
 */
public record RmsPropConfig(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
        implements OptimizerConfig {

    public RmsPropConfig {
        OptimizerConfig.nonNegative("rmsprop", "lr", lr);
        OptimizerConfig.nonNegative("rmsprop", "alpha", alpha);
        OptimizerConfig.nonNegative("rmsprop", "eps", eps);
        OptimizerConfig.nonNegative("rmsprop", "weight_decay", weightDecay);
        OptimizerConfig.nonNegative("rmsprop", "momentum", momentum);
    }

    /** PyTorch's defaults. */
    public static RmsPropConfig defaults() {
        return new RmsPropConfig(0.01, 0.99, 1e-8, 0, 0, false);
    }

    static RmsPropConfig from(Hyperparameters h) {
        return new RmsPropConfig(h.number("lr", 0.01), h.number("alpha", 0.99), h.number("eps", 1e-8),
                h.number("weight_decay", 0), h.number("momentum", 0), h.flag("centered", false));
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("alpha", alpha);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        m.put("momentum", momentum);
        m.put("centered", centered);
        return m;
    }

    @Override
    public Optimizer create(Signature signature) {
        return new RmsProp(this, signature);
    }
}

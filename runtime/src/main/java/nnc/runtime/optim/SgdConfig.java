package nnc.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nnc.runtime.ConfigException;
import nnc.runtime.Hyperparameters;
import nnc.runtime.Signature;

/**
 * {@code torch.optim.SGD}: {@code sgd(lr, momentum=0, dampening=0, nesterov=false, weight_decay=0)}.
 *
 * @param lr          learning rate (required)
 * @param momentum    momentum factor μ
 * @param dampening   dampening τ for momentum
 * @param nesterov    Nesterov momentum (needs μ &gt; 0 and τ = 0)
 * @param weightDecay L2 penalty λ added to the gradient
 */
public record SgdConfig(double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
        implements OptimizerConfig {

    public SgdConfig {
        OptimizerConfig.nonNegative("sgd", "lr", lr);
        OptimizerConfig.nonNegative("sgd", "momentum", momentum);
        OptimizerConfig.nonNegative("sgd", "weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new ConfigException("sgd: nesterov = true requires momentum > 0 and dampening = 0");
        }
    }

    /** Plain SGD with learning rate {@code lr} and every other hyperparameter at its default. */
    public static SgdConfig of(double lr) {
        return new SgdConfig(lr, 0, 0, false, 0);
    }

    static SgdConfig from(Hyperparameters h) {
        return new SgdConfig(h.requiredNumber("lr"), h.number("momentum", 0), h.number("dampening", 0),
                h.flag("nesterov", false), h.number("weight_decay", 0));
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("nesterov", nesterov);
        m.put("weight_decay", weightDecay);
        return m;
    }

    @Override
    public Optimizer create(Signature signature) {
        return new Sgd(this, signature);
    }
}

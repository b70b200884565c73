package nnc.runtime.optim;

import java.util.Map;
import nnc.runtime.Signature;

/**
 * The hyperparameters of one optimizer, in PyTorch's names and with PyTorch's defaults. A config
 * is a value; {@link #create(Signature)} builds an optimizer with fresh state for a model.
 */
public sealed interface OptimizerConfig permits SgdConfig, AdagradConfig, RmsPropConfig, AdamConfig, NAdamConfig {

    /** The optimizer's name: {@code sgd}, {@code adagrad}, {@code rmsprop}, {@code adam}, {@code adamw}, {@code nadam}. */
    String name();

    /** The initial learning rate. */
    double lr();

    /** The hyperparameters by name, in declaration order (stored in checkpoint metadata). */
    Map<String, Object> hyperparameters();

    /** An optimizer with these hyperparameters and zero state for the parameters of {@code signature}. */
    Optimizer create(Signature signature);

    /** Checks {@code 0 <= value}, as PyTorch's constructors do. */
    static void nonNegative(String owner, String key, double value) {
        if (!(value >= 0)) {
            throw new nnc.runtime.ConfigException(owner + ": " + key + " = " + value + " is invalid: must be >= 0");
        }
    }

    /** Checks {@code 0 <= value < 1}, as PyTorch's constructors do for betas. */
    static void unitInterval(String owner, String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new nnc.runtime.ConfigException(owner + ": " + key + " = " + value + " is invalid: must be in [0, 1)");
        }
    }
}

package nnc.runtime.optim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import nnc.runtime.ConfigException;
import nnc.runtime.Hyperparameters;
import nnc.runtime.Signature;

/**
 * Builds optimizers from a name and named hyperparameters, as the command line
 * ({@code --optimizer adam --lr 1e-3}) and a model's {@code train} section
 * ({@code optimizer = adam(lr = 1e-3)}) give them. Unknown names and keys are errors that list
 * what is accepted.
 */
public final class Optimizers {
    /** The accepted optimizer names. */
    public static final List<String> NAMES = List.of("sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam");

    private Optimizers() {
    }

    /**
     * The config for {@code name} (case-insensitive) with the given hyperparameters.
     *
     * @throws ConfigException for an unknown name, an unknown or missing key, or an invalid value
     */
    public static OptimizerConfig config(String name, Map<String, ?> hyperparameters) {
        String key = name.toLowerCase(Locale.ROOT);
        Hyperparameters h = new Hyperparameters(key, hyperparameters);
        OptimizerConfig config = switch (key) {
            case "sgd" -> SgdConfig.from(h);
            case "adagrad" -> AdagradConfig.from(h);
            case "rmsprop" -> RmsPropConfig.from(h);
            case "adam" -> AdamConfig.from(h, false);
            case "adamw" -> AdamConfig.from(h, true);
            case "nadam" -> NAdamConfig.from(h);
            default -> throw new ConfigException("unknown optimizer '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        };
        h.finish();
        return config;
    }

    /** An optimizer for the parameters of {@code signature}: {@code config(name, hyperparameters).create(signature)}. */
    public static Optimizer create(String name, Map<String, ?> hyperparameters, Signature signature) {
        return config(name, hyperparameters).create(signature);
    }
}

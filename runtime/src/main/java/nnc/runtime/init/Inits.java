package nnc.runtime.init;

import java.util.Locale;
import java.util.Map;
import nnc.runtime.ConfigException;
import nnc.runtime.Hyperparameters;

/**
 * Builds initializers by name, as a model's source names them ({@code param W: [2, 8] = xavier},
 * {@code = kaiming(mode = fan_out)}, {@code = normal(std = 0.02)}). Unknown names and keys are
 * errors that list what is accepted.
 */
public final class Inits {
    private Inits() {
    }

    /**
     * The initializer {@code name} with the given arguments. Names: {@code zeros}, {@code ones},
     * {@code constant(value)}, {@code normal(mean=0, std=1)}, {@code uniform(a=0, b=1)},
     * {@code xavier} = {@code xavier_uniform(gain=1)}, {@code xavier_normal(gain=1)},
     * {@code kaiming} = {@code kaiming_uniform(a=0, mode=fan_in, nonlinearity=leaky_relu)},
     * {@code kaiming_normal(...)}; {@code glorot*} and {@code he*} are aliases.
     *
     * @throws ConfigException for an unknown name or key, or a bad value
     */
    public static Init create(String name, Map<String, ?> args) {
        String key = name.toLowerCase(Locale.ROOT).replace("glorot", "xavier").replace("he_", "kaiming_");
        key = key.equals("he") ? "kaiming" : key;
        Hyperparameters h = new Hyperparameters(name, args);
        Init init = switch (key) {
            case "zeros" -> new Init.Zeros();
            case "ones" -> new Init.Ones();
            case "constant" -> new Init.Constant(h.requiredNumber("value"));
            case "normal" -> new Init.Normal(h.number("mean", 0), nonNegative(h, "std", h.number("std", 1)));
            case "uniform" -> new Init.Uniform(h.number("a", 0), h.number("b", 1));
            case "xavier", "xavier_uniform" -> new Init.XavierUniform(h.number("gain", 1));
            case "xavier_normal" -> new Init.XavierNormal(h.number("gain", 1));
            case "kaiming", "kaiming_uniform" -> new Init.KaimingUniform(h.number("a", 0), mode(h),
                    h.text("nonlinearity", "leaky_relu"));
            case "kaiming_normal" -> new Init.KaimingNormal(h.number("a", 0), mode(h),
                    h.text("nonlinearity", "leaky_relu"));
            default -> throw new ConfigException("unknown initializer '" + name + "'; expected zeros, ones, constant, "
                    + "normal, uniform, xavier (xavier_uniform), xavier_normal, kaiming (kaiming_uniform) or kaiming_normal");
        };
        h.finish();
        return init;
    }

    private static Init.FanMode mode(Hyperparameters h) {
        String mode = h.text("mode", "fan_in").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "fan_in" -> Init.FanMode.FAN_IN;
            case "fan_out" -> Init.FanMode.FAN_OUT;
            default -> throw h.invalid("mode", mode, "expected fan_in or fan_out");
        };
    }

    private static double nonNegative(Hyperparameters h, String key, double v) {
        if (!(v >= 0)) {
            throw h.invalid(key, v, "must be >= 0");
        }
        return v;
    }
}

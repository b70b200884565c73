package nnc.runtime.schedule;

import java.util.Locale;
import java.util.Map;
import nnc.runtime.ConfigException;
import nnc.runtime.Hyperparameters;

/**
 * Builds schedules by name, as the command line and a model's {@code train} section give them:
 * {@code step(step_size, gamma=0.1)}, {@code multistep(milestones, gamma=0.1)},
 * {@code exponential(gamma)}, {@code cosine(t_max, eta_min=0)},
 * {@code linear(start_factor=1/3, end_factor=1, total_iters=5)}, {@code warmup(steps)},
 * {@code constant}. A warm-up in front of another schedule is {@link #withWarmup}.
 */
public final class Schedules {
    private Schedules() {
    }

    /**
     * The schedule {@code name} with the given arguments.
     *
     * @throws ConfigException for an unknown name or key, or a bad value
     */
    public static Schedule create(String name, Map<String, ?> args) {
        Hyperparameters h = new Hyperparameters(name, args);
        Schedule s = switch (name.toLowerCase(Locale.ROOT)) {
            case "constant", "none" -> new Schedule.Constant();
            case "step" -> new Schedule.Step(h.requiredInteger("step_size"), h.number("gamma", 0.1));
            case "multistep" -> new Schedule.MultiStep(h.integers("milestones"), h.number("gamma", 0.1));
            case "exponential" -> new Schedule.Exponential(h.requiredNumber("gamma"));
            case "cosine" -> new Schedule.Cosine(h.requiredInteger("t_max"), h.number("eta_min", 0));
            case "linear" -> new Schedule.Linear(h.number("start_factor", 1.0 / 3), h.number("end_factor", 1),
                    h.integer("total_iters", 5));
            case "warmup" -> new Schedule.Warmup(h.requiredInteger("steps"));
            default -> throw new ConfigException("unknown schedule '" + name
                    + "'; expected constant, step, multistep, exponential, cosine, linear or warmup");
        };
        h.finish();
        return s;
    }

    /** {@code warmup(steps)} for the first {@code steps} scheduler steps, then {@code after} from t = 0. */
    public static Schedule withWarmup(int steps, Schedule after) {
        return new Schedule.Warmup(steps).then(steps, after);
    }
}

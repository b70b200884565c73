package nnc.runtime.schedule;

import java.util.List;
import nnc.runtime.ConfigException;

/**
 * A learning-rate schedule in closed form: the rate after {@code t} scheduler steps, given the
 * optimizer's initial rate, as PyTorch's {@code lr_scheduler} classes compute it
 * ({@code _get_closed_form_lr}). {@code t} is PyTorch's {@code last_epoch}: 0 before the first
 * {@code scheduler.step()}. Whether a scheduler step is an epoch or an optimizer step is the
 * trainer's choice. Schedules are values; compose them with {@link #then(int, Schedule)}.
 */
public sealed interface Schedule {

    /** The learning rate after {@code t} scheduler steps when the initial rate is {@code base}. */
    double lr(double base, long t);

    /** This schedule for the first {@code milestone} steps, then {@code next} restarted at t = 0 ({@code SequentialLR}). */
    default Schedule then(int milestone, Schedule next) {
        return new Sequential(this, milestone, next);
    }

    /** The initial rate throughout. */
    record Constant() implements Schedule {
        @Override
        public double lr(double base, long t) {
            return base;
        }
    }

    /** {@code StepLR}: base · γ^⌊t / step_size⌋. */
    record Step(int stepSize, double gamma) implements Schedule {
        public Step {
            positive("step_size", stepSize);
        }

        @Override
        public double lr(double base, long t) {
            return base * Math.pow(gamma, t / stepSize);
        }
    }

    /** {@code MultiStepLR}: base · γ^(number of milestones ≤ t). */
    record MultiStep(List<Integer> milestones, double gamma) implements Schedule {
        public MultiStep {
            milestones = milestones.stream().sorted().toList();
        }

        @Override
        public double lr(double base, long t) {
            int passed = 0;
            for (int m : milestones) {
                passed += m <= t ? 1 : 0;
            }
            return base * Math.pow(gamma, passed);
        }
    }

    /** {@code ExponentialLR}: base · γ^t. */
    record Exponential(double gamma) implements Schedule {
        @Override
        public double lr(double base, long t) {
            return base * Math.pow(gamma, t);
        }
    }

    /** {@code CosineAnnealingLR} in closed form: η_min + (base - η_min)(1 + cos(π t / T_max)) / 2. */
    record Cosine(int tMax, double etaMin) implements Schedule {
        public Cosine {
            positive("t_max", tMax);
        }

        @Override
        public double lr(double base, long t) {
            return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
        }
    }

    /**
     * {@code LinearLR}: base · (s + (e - s) · min(t, T) / T) with start factor s, end factor e and
     * T = total_iters; PyTorch's defaults are s = 1/3, e = 1, T = 5.
     */
    record Linear(double startFactor, double endFactor, int totalIters) implements Schedule {
        public Linear {
            if (!(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1)) {
                throw new ConfigException("linear: start_factor must be in (0, 1] and end_factor in [0, 1], got "
                        + startFactor + " and " + endFactor);
            }
            positive("total_iters", totalIters);
        }

        @Override
        public double lr(double base, long t) {
            return base * (startFactor + (endFactor - startFactor) * Math.min(t, totalIters) / totalIters);
        }
    }

    /** Linear warm-up over {@code steps} scheduler steps: base · min(1, (t + 1) / steps). */
    record Warmup(int steps) implements Schedule {
        public Warmup {
            positive("steps", steps);
        }

        @Override
        public double lr(double base, long t) {
            return base * Math.min(1.0, (t + 1.0) / steps);
        }
    }

    /** {@code SequentialLR} of two: {@code first} for t &lt; milestone, then {@code next} at t - milestone. */
    record Sequential(Schedule first, int milestone, Schedule next) implements Schedule {
        public Sequential {
            positive("milestone", milestone);
        }

        @Override
        public double lr(double base, long t) {
            return t < milestone ? first.lr(base, t) : next.lr(base, t - milestone);
        }
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new ConfigException("schedule: " + key + " = " + value + " must be > 0");
        }
    }
}

package nnc.compiler.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import nnc.compiler.sema.Attr;
import nnc.compiler.sema.TrainConfig.Choice;
import nnc.runtime.ConfigException;
import nnc.runtime.optim.OptimizerConfig;
import nnc.runtime.optim.Optimizers;
import nnc.runtime.schedule.Schedule;
import nnc.runtime.schedule.Schedules;
import nnc.runtime.train.TrainConfig.ScheduleUnit;

/**
 * How {@code nnc train} trains: the model's {@code train} section with the command line's flags
 * on top (a flag always wins), and the runtime's defaults under both (10 epochs, batch 32,
 * {@code adam()}, seed 0). A schedule advances per epoch, except a chain that starts with
 * {@code warmup(steps)}, which counts optimizer steps; {@code --schedule-unit} overrides.
 *
 * @param optimizer the optimizer with every hyperparameter, validated
 */
record TrainPlan(int epochs, int batch, long seed, int patience, double clipNorm, double clipValue,
                 OptionalDouble valSplit, OptimizerConfig optimizer, Schedule schedule, ScheduleUnit unit) {

    /** The command line's choices; empty means "as the model says". */
    record Flags(Optional<Integer> epochs, Optional<Integer> batch, Optional<Long> seed, Optional<Integer> patience,
                 Optional<Double> clipNorm, Optional<Double> clipValue, Optional<Double> valSplit,
                 Optional<String> optimizer, Optional<Double> lr, Map<String, String> opt,
                 Optional<String> scheduleUnit) {
        Flags {
            opt = Map.copyOf(opt);
        }
    }

    /**
     * The plan for a model with train section {@code section} (if any) and {@code flags}.
     *
     * @throws CliFailure (usage) for an invalid flag value or optimizer hyperparameter
     */
    static TrainPlan of(Optional<nnc.compiler.sema.TrainConfig> section, Flags flags) {
        int epochs = flags.epochs().orElse(section.map(nnc.compiler.sema.TrainConfig::epochs).orElse(10));
        int batch = flags.batch().orElse(section.map(nnc.compiler.sema.TrainConfig::batch).orElse(32));
        long seed = flags.seed().orElse(section.flatMap(t -> boxed(t.seed())).orElse(0L));
        int patience = flags.patience().orElse(section.flatMap(t -> t.patience().isPresent()
                ? Optional.of(t.patience().getAsInt()) : Optional.<Integer>empty()).orElse(0));
        double clipNorm = flags.clipNorm().orElse(section.map(t -> t.clipNorm().orElse(0)).orElse(0.0));
        double clipValue = flags.clipValue().orElse(section.map(t -> t.clipValue().orElse(0)).orElse(0.0));
        OptionalDouble split = flags.valSplit().map(OptionalDouble::of)
                .orElse(section.map(nnc.compiler.sema.TrainConfig::valSplit).orElse(OptionalDouble.empty()));
        check(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        check(batch >= 1, "--batch must be at least 1, got " + batch);
        check(seed >= 0, "--seed must be 0 or more, got " + seed);
        check(patience >= 0, "--patience must be 0 (off) or more, got " + patience);
        check(clipNorm >= 0 && clipValue >= 0, "--clip-norm and --clip-value must be 0 (off) or more");
        check(split.isEmpty() || split.getAsDouble() > 0 && split.getAsDouble() < 1,
                "--val-split must be above 0 and below 1, got " + split);
        List<Choice> chain = section.map(nnc.compiler.sema.TrainConfig::schedule).orElse(List.of());
        return new TrainPlan(epochs, batch, seed, patience, clipNorm, clipValue, split,
                optimizer(section.map(nnc.compiler.sema.TrainConfig::optimizer), flags), schedule(chain),
                unit(chain, flags.scheduleUnit()));
    }

    private static OptimizerConfig optimizer(Optional<Choice> declared, Flags flags) {
        String name = flags.optimizer().orElse(declared.map(Choice::name).orElse("adam")).toLowerCase(Locale.ROOT);
        Map<String, Object> hyper = new LinkedHashMap<>();
        if (declared.isPresent() && declared.get().name().equals(name)) {
            declared.get().args().forEach((k, v) -> hyper.put(k, value(v)));
        }
        flags.lr().ifPresent(lr -> hyper.put("lr", lr));
        hyper.putAll(flags.opt());
        try {
            return Optimizers.config(name, hyper);
        } catch (ConfigException e) {
            throw CliFailure.usage(e.getMessage() + " (set hyperparameters with --lr X and --opt key=value)");
        }
    }

    private static Schedule schedule(List<Choice> chain) {
        if (chain.isEmpty()) {
            return new Schedule.Constant();
        }
        Choice last = chain.get(chain.size() - 1);
        Map<String, Object> args = new LinkedHashMap<>();
        last.args().forEach((k, v) -> args.put(k, value(v)));
        try {
            Schedule s = Schedules.create(last.name(), args);
            return chain.size() == 1 ? s : Schedules.withWarmup((int) chain.get(0).number("steps"), s);
        } catch (ConfigException e) {
            throw CliFailure.data("the model's train section: " + e.getMessage());
        }
    }

    private static ScheduleUnit unit(List<Choice> chain, Optional<String> flag) {
        if (flag.isPresent()) {
            return switch (flag.get().toLowerCase(Locale.ROOT)) {
                case "epoch" -> ScheduleUnit.EPOCH;
                case "step" -> ScheduleUnit.STEP;
                default -> throw CliFailure.usage("--schedule-unit " + flag.get() + ": expected epoch or step");
            };
        }
        return !chain.isEmpty() && chain.get(0).name().equals("warmup") ? ScheduleUnit.STEP : ScheduleUnit.EPOCH;
    }

    /** A checked train-section value as the runtime's hyperparameter readers take it. */
    private static Object value(Attr a) {
        if (a instanceof Attr.Num n) {
            return n.value();
        } else if (a instanceof Attr.Int i) {
            return i.value();
        } else if (a instanceof Attr.Bool b) {
            return b.value();
        } else if (a instanceof Attr.Ints l) {
            return l.values();
        } else if (a instanceof Attr.Str s) {
            return s.value();
        }
        throw new IllegalStateException("train section value " + a + " has no runtime form");
    }

    private static Optional<Long> boxed(java.util.OptionalLong v) {
        return v.isPresent() ? Optional.of(v.getAsLong()) : Optional.empty();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw CliFailure.usage(message);
        }
    }
}

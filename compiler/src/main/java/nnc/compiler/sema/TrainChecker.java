package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Expr;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;

/**
 * Checks a train section against the tables of keys, optimizers and schedules below. The names
 * and defaults are the runtime's: change them together.
 */
final class TrainChecker {
    /** How a hyperparameter is checked. */
    enum Check { POSITIVE, NON_NEGATIVE, UNIT, BOOL, POS_INT, MILESTONES }

    record Hyper(String name, Optional<Attr> dflt, Check check) {
    }

    static final List<String> KEYS = List.of("optimizer", "batch", "epochs", "clip_norm", "clip_value",
            "seed", "patience", "val_split", "schedule");

    static final Map<String, List<Hyper>> OPTIMIZERS = ordered(
            "sgd", List.of(req("lr", Check.POSITIVE), num("momentum", 0, Check.NON_NEGATIVE),
                    num("dampening", 0, Check.NON_NEGATIVE), flag("nesterov"), num("weight_decay", 0, Check.NON_NEGATIVE)),
            "adagrad", List.of(num("lr", 0.01, Check.POSITIVE), num("lr_decay", 0, Check.NON_NEGATIVE),
                    num("weight_decay", 0, Check.NON_NEGATIVE), num("initial_accumulator_value", 0, Check.NON_NEGATIVE),
                    num("eps", 1e-10, Check.POSITIVE)),
            "rmsprop", List.of(num("lr", 0.01, Check.POSITIVE), num("alpha", 0.99, Check.UNIT),
                    num("eps", 1e-8, Check.POSITIVE), num("weight_decay", 0, Check.NON_NEGATIVE),
                    num("momentum", 0, Check.NON_NEGATIVE), flag("centered")),
            "adam", adamLike(1e-3, 0, false),
            "adamw", adamLike(1e-3, 0.01, false),
            "nadam", List.of(num("lr", 2e-3, Check.POSITIVE), num("beta1", 0.9, Check.UNIT),
                    num("beta2", 0.999, Check.UNIT), num("eps", 1e-8, Check.POSITIVE),
                    num("weight_decay", 0, Check.NON_NEGATIVE), num("momentum_decay", 4e-3, Check.NON_NEGATIVE)));

    static final Map<String, List<Hyper>> SCHEDULES = ordered(
            "step", List.of(req("step_size", Check.POS_INT), num("gamma", 0.1, Check.POSITIVE)),
            "multistep", List.of(req("milestones", Check.MILESTONES), num("gamma", 0.1, Check.POSITIVE)),
            "exponential", List.of(req("gamma", Check.POSITIVE)),
            "cosine", List.of(req("t_max", Check.POS_INT), num("eta_min", 0, Check.NON_NEGATIVE)),
            "warmup", List.of(req("steps", Check.POS_INT)));

    private final DiagnosticSink sink;
    private final Consts consts;

    TrainChecker(DiagnosticSink sink) {
        this.sink = sink;
        this.consts = new Consts(sink, Map.of());
    }

    static boolean isOptimizerOrSchedule(String name) {
        return OPTIMIZERS.containsKey(name) || SCHEDULES.containsKey(name);
    }

    /** The checked config; empty if anything was wrong (all of it reported). */
    Optional<TrainConfig> check(Decl.Train decl) {
        Map<String, Object> values = new LinkedHashMap<>();
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (Decl.TrainEntry e : decl.entries()) {
            String key = e.key().text();
            if (!KEYS.contains(key)) {
                sink.report(ErrorCode.E0601, e.key().span(), "unknown train section key '" + key + "'",
                        TypeResolver.append(Suggest.didYouMean(key, KEYS), "the keys are " + String.join(", ", KEYS)));
                ok = false;
            } else if (!seen.add(key)) {
                sink.report(ErrorCode.E0602, e.key().span(), "'" + key + "' is given twice in this train section");
                ok = false;
            } else if (e.values().size() > 1 && !key.equals("schedule")) {
                sink.report(ErrorCode.E0605, e.values().get(1).span(), "'then' only chains schedules",
                        "e.g. schedule = warmup(100) then cosine(1000)");
                ok = false;
            } else {
                Optional<Object> v = value(key, e);
                ok &= v.isPresent();
                v.ifPresent(x -> values.put(key, x));
            }
        }
        return ok ? Optional.of(build(decl, values)) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static TrainConfig build(Decl.Train decl, Map<String, Object> v) {
        TrainConfig.Choice adam = new TrainConfig.Choice("adam", defaults(OPTIMIZERS.get("adam")));
        return new TrainConfig(decl, (TrainConfig.Choice) v.getOrDefault("optimizer", adam),
                ((Long) v.getOrDefault("batch", 32L)).intValue(), ((Long) v.getOrDefault("epochs", 10L)).intValue(),
                optDouble(v.get("clip_norm")), optDouble(v.get("clip_value")),
                v.containsKey("seed") ? OptionalLong.of((Long) v.get("seed")) : OptionalLong.empty(),
                v.containsKey("patience") ? OptionalInt.of(((Long) v.get("patience")).intValue()) : OptionalInt.empty(),
                optDouble(v.get("val_split")), (List<TrainConfig.Choice>) v.getOrDefault("schedule", List.of()));
    }

    private Optional<Object> value(String key, Decl.TrainEntry e) {
        Expr x = e.values().get(0);
        return switch (key) {
            case "optimizer" -> choice(x, OPTIMIZERS, "optimizer").map(c -> (Object) c);
            case "batch", "epochs", "patience" -> keyNumber(key, x, Check.POS_INT).map(n -> (Object) n);
            case "seed" -> keyNumber(key, x, Check.NON_NEGATIVE).map(n -> (Object) n);
            case "clip_norm", "clip_value" -> keyNumber(key, x, Check.POSITIVE).map(n -> (Object) n.doubleValue());
            case "val_split" -> keyNumber(key, x, Check.UNIT).map(n -> (Object) n.doubleValue());
            default -> schedule(e.values()).map(s -> (Object) s);
        };
    }

    private Optional<Number> keyNumber(String key, Expr x, Check check) {
        OptionalDouble v = consts.value(x);
        boolean integer = consts.isInteger(x);
        String problem = v.isEmpty() ? "a number" : problem(check, v.getAsDouble(), integer);
        if (key.equals("seed") && v.isPresent() && !integer) {
            problem = "an integer";
        }
        if (problem != null) {
            sink.report(ErrorCode.E0603, x.span(), "'" + key + "' must be " + problem + ", got " + Consts.describe(x));
            return Optional.empty();
        }
        return Optional.of(integer ? (Number) (long) v.getAsDouble() : (Number) v.getAsDouble());
    }

    /** What is wrong with a number for {@code check}, or null. */
    static String problem(Check check, double v, boolean integer) {
        return switch (check) {
            case POSITIVE -> v > 0 ? null : "positive";
            case NON_NEGATIVE -> v >= 0 ? null : "zero or more";
            case UNIT -> v >= 0 && v < 1 ? null : "at least 0 and below 1";
            case POS_INT -> integer && v >= 1 && v <= Integer.MAX_VALUE ? null : "a positive integer";
            case BOOL, MILESTONES -> "something else";
        };
    }

    private Optional<List<TrainConfig.Choice>> schedule(List<Expr> chain) {
        List<TrainConfig.Choice> out = new ArrayList<>();
        for (Expr e : chain) {
            Optional<TrainConfig.Choice> c = choice(e, SCHEDULES, "schedule");
            if (c.isEmpty()) {
                return Optional.empty();
            }
            out.add(c.get());
        }
        boolean valid = out.size() == 1 || out.size() == 2 && out.get(0).name().equals("warmup")
                && !out.get(1).name().equals("warmup");
        if (!valid) {
            sink.report(ErrorCode.E0605, chain.get(0).span().to(chain.get(chain.size() - 1).span()),
                    "a schedule chain is warmup(steps) then one other schedule",
                    "e.g. schedule = warmup(100) then cosine(1000)");
            return Optional.empty();
        }
        return Optional.of(out);
    }

    private Optional<TrainConfig.Choice> choice(Expr e, Map<String, List<Hyper>> table, String what) {
        Expr.Call call;
        if (e instanceof Expr.Call c) {
            call = c;
        } else if (e instanceof Expr.Path p && p.isSimple()) {
            call = new Expr.Call(p.parts().get(0), List.of(), p.span());
        } else {
            sink.report(ErrorCode.E0603, e.span(), "the " + what + " must be a call such as "
                    + (what.equals("optimizer") ? "adam(lr = 1e-3)" : "cosine(1000)") + ", got " + Consts.describe(e));
            return Optional.empty();
        }
        String name = call.callee().text();
        List<Hyper> hypers = table.get(name);
        if (hypers == null) {
            sink.report(ErrorCode.E0604, call.callee().span(), "unknown " + what + " '" + name + "'",
                    TypeResolver.append(Suggest.didYouMean(name, table.keySet()),
                            "the " + what + "s are " + String.join(", ", table.keySet())));
            return Optional.empty();
        }
        return new Hyperparameters(sink, consts).bind(call, hypers);
    }

    static Map<String, Attr> defaults(List<Hyper> hypers) {
        Map<String, Attr> out = new LinkedHashMap<>();
        hypers.forEach(h -> h.dflt().ifPresent(d -> out.put(h.name(), d)));
        return out;
    }

    private static OptionalDouble optDouble(Object o) {
        return o == null ? OptionalDouble.empty() : OptionalDouble.of((Double) o);
    }

    private static List<Hyper> adamLike(double lr, double weightDecay, boolean amsgrad) {
        return List.of(num("lr", lr, Check.POSITIVE), num("beta1", 0.9, Check.UNIT), num("beta2", 0.999, Check.UNIT),
                num("eps", 1e-8, Check.POSITIVE), num("weight_decay", weightDecay, Check.NON_NEGATIVE),
                new Hyper("amsgrad", Optional.of(new Attr.Bool(amsgrad)), Check.BOOL));
    }

    private static Hyper req(String name, Check check) {
        return new Hyper(name, Optional.empty(), check);
    }

    private static Hyper num(String name, double dflt, Check check) {
        return new Hyper(name, Optional.of(new Attr.Num(dflt)), check);
    }

    private static Hyper flag(String name) {
        return new Hyper(name, Optional.of(new Attr.Bool(false)), Check.BOOL);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Hyper>> ordered(Object... pairs) {
        Map<String, List<Hyper>> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (List<Hyper>) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}

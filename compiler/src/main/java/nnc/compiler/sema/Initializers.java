package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Ident;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;

/**
 * The initializers a {@code param} may name: zeros, ones, constant(v), normal(std) or
 * normal(mean, std), uniform(a) for U(-a, a) or uniform(lo, hi), xavier = xavier_uniform,
 * xavier_normal (gain=1), kaiming = kaiming_uniform, kaiming_normal (gain=√2, mode=fan_in).
 * A bare number is a constant.
 */
final class Initializers {
    static final List<String> NAMES = List.of("zeros", "ones", "constant", "normal", "uniform",
            "xavier", "xavier_uniform", "xavier_normal", "kaiming", "kaiming_uniform", "kaiming_normal");

    private static final double SQRT2 = Math.sqrt(2);

    private final DiagnosticSink sink;
    private final Consts consts;

    Initializers(DiagnosticSink sink, Consts consts) {
        this.sink = sink;
        this.consts = consts;
    }

    /** Resolves the initializer of a parameter of type {@code type}; empty after an error. */
    Optional<Init> resolve(Expr e, Type.Tensor type) {
        OptionalDouble constant = consts.value(e);
        if (constant.isPresent()) {
            return Optional.of(new Init.Constant(constant.getAsDouble(), "constant(" + constant.getAsDouble() + ")"));
        }
        Expr.Call call;
        if (e instanceof Expr.Call c) {
            call = c;
        } else if (e instanceof Expr.Path p && p.isSimple()) {
            call = new Expr.Call(p.parts().get(0), List.of(), p.span());
        } else {
            sink.report(ErrorCode.E0401, e.span(), "an initializer is a name or a call, got "
                    + Consts.describe(e), "e.g. = kaiming, = zeros or = normal(0.01)");
            return Optional.empty();
        }
        return byName(call, type);
    }

    private Optional<Init> byName(Expr.Call call, Type.Tensor type) {
        String name = call.callee().text();
        return switch (name) {
            case "zeros", "ones" -> bind(call, List.of()).map(a -> new Init.Constant(
                    name.equals("ones") ? 1 : 0, name));
            case "constant" -> bind(call, List.of(req("value"))).flatMap(a -> number(a, "value", call))
                    .map(v -> new Init.Constant(v, "constant(" + v + ")"));
            case "normal" -> normal(call);
            case "uniform" -> uniform(call);
            case "xavier", "xavier_uniform", "xavier_normal", "kaiming", "kaiming_uniform", "kaiming_normal" ->
                    fanBased(call, type);
            default -> unknown(call.callee());
        };
    }

    private Optional<Init> unknown(Ident callee) {
        List<String> notes = new ArrayList<>(List.of(Suggest.didYouMean(callee.text(), NAMES)));
        notes.add("initializers: " + String.join(", ", NAMES));
        sink.report(ErrorCode.E0401, callee.span(), "unknown initializer '" + callee.text() + "'",
                notes.toArray(String[]::new));
        return Optional.empty();
    }

    private Optional<Init> normal(Expr.Call call) {
        boolean one = positional(call) == 1;
        List<ArgBinder.Spec> specs = one ? List.of(req("std"), opt("mean")) : List.of(opt("mean"), req("std"));
        Optional<Map<String, Expr>> args = bind(call, specs);
        if (args.isEmpty()) {
            return Optional.empty();
        }
        double mean = args.get().containsKey("mean") ? number(args.get(), "mean", call).orElse(Double.NaN) : 0;
        Optional<Double> std = number(args.get(), "std", call);
        if (std.isEmpty() || Double.isNaN(mean) || !positive(args.get().get("std"), std.get(), "std of normal")) {
            return Optional.empty();
        }
        return Optional.of(new Init.Normal(mean, std.get(), "normal(mean=" + mean + ", std=" + std.get() + ")"));
    }

    private Optional<Init> uniform(Expr.Call call) {
        boolean bound = positional(call) == 1 || call.args().stream()
                .anyMatch(a -> a.name().map(n -> n.text().equals("a")).orElse(false));
        if (bound) {
            Optional<Map<String, Expr>> args = bind(call, List.of(req("a")));
            Optional<Double> a = args.flatMap(m -> number(m, "a", call));
            if (a.isEmpty() || !positive(args.get().get("a"), a.get(), "bound a of uniform")) {
                return Optional.empty();
            }
            return Optional.of(new Init.Uniform(-a.get(), a.get(), "uniform(" + a.get() + ")"));
        }
        Optional<Map<String, Expr>> args = bind(call, List.of(req("lo"), req("hi")));
        Optional<Double> lo = args.flatMap(m -> number(m, "lo", call));
        Optional<Double> hi = args.flatMap(m -> number(m, "hi", call));
        if (lo.isEmpty() || hi.isEmpty()) {
            return Optional.empty();
        }
        if (!(lo.get() < hi.get())) {
            sink.report(ErrorCode.E0305, call.span(), "uniform(lo, hi) needs lo < hi, got "
                    + lo.get() + " and " + hi.get());
            return Optional.empty();
        }
        return Optional.of(new Init.Uniform(lo.get(), hi.get(), "uniform(lo=" + lo.get() + ", hi=" + hi.get() + ")"));
    }

    private Optional<Init> fanBased(Expr.Call call, Type.Tensor type) {
        String name = call.callee().text();
        boolean kaiming = name.startsWith("kaiming");
        List<ArgBinder.Spec> specs = kaiming ? List.of(opt("gain"), opt("mode")) : List.of(opt("gain"));
        Optional<Map<String, Expr>> args = bind(call, specs);
        if (args.isEmpty()) {
            return Optional.empty();
        }
        double gain = kaiming ? SQRT2 : 1;
        if (args.get().containsKey("gain")) {
            Optional<Double> g = number(args.get(), "gain", call);
            if (g.isEmpty() || !positive(args.get().get("gain"), g.get(), "gain of " + name)) {
                return Optional.empty();
            }
            gain = g.get();
        }
        String mode = "fan_in";
        if (args.get().containsKey("mode")) {
            Optional<String> m = consts.word(args.get().get("mode"), "mode of " + name, List.of("fan_in", "fan_out"));
            if (m.isEmpty()) {
                return Optional.empty();
            }
            mode = m.get();
        }
        if (type.rank() < 2) {
            sink.report(ErrorCode.E0404, call.span(), name + " needs a parameter of at least 2 dimensions"
                            + " to compute its fans, this one is " + type,
                    "biases and other 1-D parameters are usually initialized with zeros");
            return Optional.empty();
        }
        return Optional.of(fanInit(name, kaiming, gain, mode, fans(type)));
    }

    private static Init fanInit(String name, boolean kaiming, double gain, String mode, long[] fans) {
        boolean normal = name.endsWith("_normal");
        String kind = (kaiming ? "kaiming" : "xavier") + (normal ? "_normal" : "_uniform");
        String description = kind + "(gain=" + gain + (kaiming ? ", mode=" + mode : "") + ")";
        double spread = kaiming
                ? gain / Math.sqrt(mode.equals("fan_in") ? fans[0] : fans[1])
                : gain * Math.sqrt(2.0 / (fans[0] + fans[1]));
        if (normal) {
            return new Init.Normal(0, spread, description);
        }
        double bound = Math.sqrt(3) * spread;
        return new Init.Uniform(-bound, bound, description);
    }

    /** {@code xavier} (uniform, gain 1) for a parameter of {@code type}: the initializer of layer builtins' weights. */
    static Init xavier(Type.Tensor type) {
        return fanInit("xavier", false, 1, "fan_in", fans(type));
    }

    /** {fan_in, fan_out}; see {@link Init}. */
    static long[] fans(Type.Tensor type) {
        List<Long> dims = type.shape().stream().map(d -> (long) d.size(1)).toList();
        if (dims.size() == 2) {
            return new long[] {dims.get(0), dims.get(1)};
        }
        long receptive = dims.subList(2, dims.size()).stream().reduce(1L, (a, b) -> a * b);
        return new long[] {dims.get(1) * receptive, dims.get(0) * receptive};
    }

    private Optional<Map<String, Expr>> bind(Expr.Call call, List<ArgBinder.Spec> specs) {
        String signature = call.callee().text() + "(" + String.join(", ",
                specs.stream().map(ArgBinder.Spec::name).toList()) + ")";
        return ArgBinder.bind("initializer " + call.callee().text(), signature, specs, call, sink)
                .map(ArgBinder.Bound::named);
    }

    private Optional<Double> number(Map<String, Expr> args, String name, Expr.Call call) {
        OptionalDouble v = consts.number(args.get(name), "argument '" + name + "' of " + call.callee().text());
        return v.isPresent() ? Optional.of(v.getAsDouble()) : Optional.empty();
    }

    private boolean positive(Expr where, double v, String what) {
        if (v > 0) {
            return true;
        }
        sink.report(ErrorCode.E0305, where.span(), what + " must be positive, got " + v);
        return false;
    }

    private static long positional(Expr.Call call) {
        return call.args().stream().filter(a -> a.name().isEmpty()).count();
    }

    private static ArgBinder.Spec req(String name) {
        return new ArgBinder.Spec(name, true, false);
    }

    private static ArgBinder.Spec opt(String name) {
        return new ArgBinder.Spec(name, false, false);
    }
}

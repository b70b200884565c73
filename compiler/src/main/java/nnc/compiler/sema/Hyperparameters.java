package nnc.compiler.sema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import nnc.compiler.ast.Expr;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;

/** Binds and checks the arguments of an optimizer or schedule call against its table entry. */
final class Hyperparameters {
    private final DiagnosticSink sink;
    private final Consts consts;

    Hyperparameters(DiagnosticSink sink, Consts consts) {
        this.sink = sink;
        this.consts = consts;
    }

    Optional<TrainConfig.Choice> bind(Expr.Call call, List<TrainChecker.Hyper> hypers) {
        String name = call.callee().text();
        List<ArgBinder.Spec> specs = hypers.stream()
                .map(h -> new ArgBinder.Spec(h.name(), h.dflt().isEmpty(), false)).toList();
        String signature = hypers.stream().map(h -> h.name() + h.dflt().map(d -> "=" + show(d)).orElse(""))
                .collect(Collectors.joining(", ", name + "(", ")"));
        Optional<ArgBinder.Bound> bound = ArgBinder.bind(name, signature, specs, call, sink);
        if (bound.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Attr> args = new LinkedHashMap<>();
        boolean ok = true;
        for (TrainChecker.Hyper h : hypers) {
            Expr given = bound.get().named().get(h.name());
            Optional<Attr> v = given == null ? h.dflt() : value(name, h, given);
            ok &= v.isPresent();
            v.ifPresent(a -> args.put(h.name(), a));
        }
        if (ok && name.equals("sgd") && ((Attr.Bool) args.get("nesterov")).value()
                && (((Attr.Num) args.get("momentum")).value() <= 0 || ((Attr.Num) args.get("dampening")).value() != 0)) {
            sink.report(ErrorCode.E0305, call.span(), "sgd with nesterov = true needs momentum > 0 and dampening = 0",
                    "as in torch.optim.SGD");
            ok = false;
        }
        return ok ? Optional.of(new TrainConfig.Choice(name, args)) : Optional.empty();
    }

    private Optional<Attr> value(String callee, TrainChecker.Hyper h, Expr given) {
        String what = "'" + h.name() + "' of " + callee;
        switch (h.check()) {
            case BOOL:
                return consts.bool(given, what).map(Attr.Bool::new);
            case MILESTONES:
                return milestones(given, what);
            default:
                OptionalDouble v = consts.number(given, what);
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                String problem = TrainChecker.problem(h.check(), v.getAsDouble(), consts.isInteger(given));
                if (problem != null) {
                    sink.report(ErrorCode.E0305, given.span(), what + " must be " + problem + ", got "
                            + Consts.describe(given));
                    return Optional.empty();
                }
                return Optional.of(h.check() == TrainChecker.Check.POS_INT
                        ? new Attr.Int((long) v.getAsDouble()) : new Attr.Num(v.getAsDouble()));
        }
    }

    private Optional<Attr> milestones(Expr given, String what) {
        Optional<List<Long>> list = consts.ints(given, what);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        List<Long> m = list.get();
        for (int i = 0; i < m.size(); i++) {
            if (m.get(i) < 1 || i > 0 && m.get(i) <= m.get(i - 1)) {
                sink.report(ErrorCode.E0305, given.span(), what + " must be positive and increasing, got " + m);
                return Optional.empty();
            }
        }
        if (m.isEmpty()) {
            sink.report(ErrorCode.E0305, given.span(), what + " needs at least one step");
            return Optional.empty();
        }
        return Optional.of(new Attr.Ints(m));
    }

    private static String show(Attr a) {
        if (a instanceof Attr.Num n) {
            return n.value() == Math.rint(n.value()) && Math.abs(n.value()) < 1e6
                    ? Long.toString((long) n.value()) : Double.toString(n.value());
        }
        return a instanceof Attr.Bool b ? Boolean.toString(b.value()) : a.toString();
    }
}

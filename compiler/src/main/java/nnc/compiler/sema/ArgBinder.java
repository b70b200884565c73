package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Expr;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;

/**
 * Matches a call's arguments to parameters, the same way for builtins, blocks, initializers,
 * optimizers and schedules: positional arguments first, in order; then named ones; the last
 * parameter may be variadic (it takes the remaining positional arguments).
 */
final class ArgBinder {
    /** A parameter as binding sees it. */
    record Spec(String name, boolean required, boolean variadic) {
    }

    /** The arguments by parameter name, and a variadic parameter's arguments. */
    record Bound(Map<String, Expr> named, List<Expr> rest) {
    }

    private ArgBinder() {
    }

    /**
     * Binds {@code call}'s arguments. Reports E0301 (count), E0302 (unknown name), E0303 (twice)
     * and E0306 (positional after named) and returns empty if there was any.
     *
     * @param what      how messages name the callee: {@code relu}, {@code block dense}
     * @param signature the callee's signature for notes
     */
    static Optional<Bound> bind(String what, String signature, List<Spec> specs, Expr.Call call,
                                DiagnosticSink sink) {
        Map<String, Expr> named = new LinkedHashMap<>();
        List<Expr> rest = new ArrayList<>();
        boolean ok = true;
        boolean sawNamed = false;
        int position = 0;
        for (Expr.Arg arg : call.args()) {
            if (arg.name().isPresent()) {
                sawNamed = true;
                ok &= bindNamed(what, signature, specs, arg, named, sink);
            } else if (sawNamed) {
                sink.report(ErrorCode.E0306, arg.span(), "positional argument after a named one in "
                        + what, "put positional arguments first: " + signature);
                ok = false;
            } else if (position < specs.size() && specs.get(position).variadic()) {
                rest.add(arg.value());
            } else if (position < specs.size()) {
                named.put(specs.get(position++).name(), arg.value());
            } else {
                sink.report(ErrorCode.E0301, arg.span(), what + " takes " + count(specs)
                        + ", got " + call.args().size(), "signature: " + signature);
                return Optional.empty();
            }
        }
        for (Spec s : specs) {
            if (ok && s.required() && !named.containsKey(s.name())) {
                sink.report(ErrorCode.E0301, call.span(), what + " is missing argument '" + s.name() + "'",
                        "signature: " + signature);
                ok = false;
            }
        }
        return ok ? Optional.of(new Bound(named, rest)) : Optional.empty();
    }

    private static boolean bindNamed(String what, String signature, List<Spec> specs, Expr.Arg arg,
                                     Map<String, Expr> named, DiagnosticSink sink) {
        String name = arg.name().orElseThrow().text();
        Optional<Spec> spec = specs.stream().filter(s -> s.name().equals(name) && !s.variadic()).findFirst();
        if (spec.isEmpty()) {
            List<String> names = specs.stream().filter(s -> !s.variadic()).map(Spec::name).toList();
            List<String> notes = new ArrayList<>(List.of(Suggest.didYouMean(name, names)));
            notes.add("signature: " + signature);
            sink.report(ErrorCode.E0302, arg.name().orElseThrow().span(),
                    what + " has no parameter '" + name + "'", notes.toArray(String[]::new));
            return false;
        }
        if (named.containsKey(name)) {
            sink.report(ErrorCode.E0303, arg.span(), "argument '" + name + "' of " + what + " is given twice");
            return false;
        }
        named.put(name, arg.value());
        return true;
    }

    private static String count(List<Spec> specs) {
        long n = specs.size();
        long required = specs.stream().filter(Spec::required).count();
        String range = required == n ? Long.toString(n) : required + " to " + n;
        return range + (n == 1 ? " argument" : " arguments");
    }
}

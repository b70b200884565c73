package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import nnc.compiler.ast.Expr;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;

/**
 * Evaluates constant arguments: numbers (with unary minus), integers, booleans, words (a string
 * or a bare name), integer lists. Inside a block, a size parameter ({@code units}) is an integer
 * constant. Each method reports E0304 when the expression is of another kind.
 */
final class Consts {
    private final DiagnosticSink sink;
    private final Map<String, Integer> sizes;

    Consts(DiagnosticSink sink, Map<String, Integer> sizes) {
        this.sink = sink;
        this.sizes = Map.copyOf(sizes);
    }

    /** The value of a constant number expression, without reporting anything. */
    OptionalDouble value(Expr e) {
        if (e instanceof Expr.Number n) {
            return OptionalDouble.of(n.value());
        } else if (e instanceof Expr.Neg neg) {
            OptionalDouble inner = value(neg.operand());
            return inner.isPresent() ? OptionalDouble.of(-inner.getAsDouble()) : inner;
        } else if (e instanceof Expr.Path p && p.isSimple() && sizes.containsKey(p.dotted())) {
            return OptionalDouble.of(sizes.get(p.dotted()));
        }
        return OptionalDouble.empty();
    }

    /** Whether {@code e} is an integer constant (no dot, no exponent). */
    boolean isInteger(Expr e) {
        if (e instanceof Expr.Number n) {
            return n.integral();
        } else if (e instanceof Expr.Neg neg) {
            return isInteger(neg.operand());
        }
        return e instanceof Expr.Path p && p.isSimple() && sizes.containsKey(p.dotted());
    }

    OptionalDouble number(Expr e, String what) {
        OptionalDouble v = value(e);
        if (v.isEmpty()) {
            wrongKind(e, what, "a number");
        }
        return v;
    }

    Optional<Long> integer(Expr e, String what) {
        OptionalDouble v = value(e);
        if (v.isEmpty() || !isInteger(e)) {
            wrongKind(e, what, "an integer");
            return Optional.empty();
        }
        return Optional.of((long) v.getAsDouble());
    }

    Optional<Boolean> bool(Expr e, String what) {
        if (e instanceof Expr.Bool b) {
            return Optional.of(b.value());
        }
        wrongKind(e, what, "true or false");
        return Optional.empty();
    }

    /** A string or a bare word that must be one of {@code choices}; E0305 otherwise. */
    Optional<String> word(Expr e, String what, List<String> choices) {
        String w;
        if (e instanceof Expr.Str s) {
            w = s.value();
        } else if (e instanceof Expr.Path p && p.isSimple()) {
            w = p.dotted();
        } else {
            wrongKind(e, what, "one of " + quoted(choices));
            return Optional.empty();
        }
        if (!choices.contains(w)) {
            List<String> notes = new ArrayList<>(List.of(Suggest.didYouMean(w, choices)));
            notes.add("the choices are " + quoted(choices));
            sink.report(ErrorCode.E0305, e.span(), what + " cannot be \"" + w + "\"",
                    notes.toArray(String[]::new));
            return Optional.empty();
        }
        return Optional.of(w);
    }

    /** A list of integer constants, {@code [1, 2, 3]}. */
    Optional<List<Long>> ints(Expr e, String what) {
        if (!(e instanceof Expr.ListLit list)) {
            wrongKind(e, what, "a list of integers such as [0, 1]");
            return Optional.empty();
        }
        List<Long> out = new ArrayList<>();
        for (Expr item : list.items()) {
            Optional<Long> v = integer(item, "each element of " + what);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            out.add(v.get());
        }
        return Optional.of(out);
    }

    /** Reports E0304: {@code what} must be {@code expected}. */
    void wrongKind(Expr e, String what, String expected) {
        sink.report(ErrorCode.E0304, e.span(), what + " must be " + expected + ", got " + describe(e));
    }

    /** How messages name the kind of an expression. */
    static String describe(Expr e) {
        if (e instanceof Expr.Number n) {
            return (n.integral() ? "the integer " : "the number ") + n.text();
        } else if (e instanceof Expr.Str s) {
            return "the string \"" + s.value() + "\"";
        } else if (e instanceof Expr.Bool b) {
            return Boolean.toString(b.value());
        } else if (e instanceof Expr.ListLit) {
            return "a list";
        } else if (e instanceof Expr.Path p) {
            return "the name '" + p.dotted() + "'";
        }
        return "an expression";
    }

    private static String quoted(List<String> choices) {
        return String.join(", ", choices.stream().map(c -> "\"" + c + "\"").toList());
    }
}

package nnc.compiler.sema;

import java.util.List;
import nnc.runtime.Dim;

/**
 * A constant argument of a builtin, initializer, optimizer or schedule, evaluated and checked:
 * {@code axis = -1} becomes {@code Axes([1])} for a 2-D operand, {@code reduction = "mean"} a
 * {@code Str}. Defaults are filled in, so a consumer never looks at source expressions.
 */
public sealed interface Attr {
    /** A real number. */
    record Num(double value) implements Attr {
    }

    /** An integer. */
    record Int(long value) implements Attr {
    }

    /** A flag. */
    record Bool(boolean value) implements Attr {
    }

    /** A string or a bare word ({@code mode = fan_in}). */
    record Str(String value) implements Attr {
    }

    /** Integers, e.g. milestones or a permutation. */
    record Ints(List<Long> values) implements Attr {
        public Ints {
            values = List.copyOf(values);
        }
    }

    /**
     * Axes of the operand, non-negative and ascending; {@code all} when no axis was given and
     * the operation applies to every axis (then {@code axes} lists them all).
     */
    record Axes(List<Integer> axes, boolean all) implements Attr {
        public Axes {
            axes = List.copyOf(axes);
        }
    }

    /** A target shape (reshape), with a -1 already inferred. */
    record Shape(List<Dim> dims) implements Attr {
        public Shape {
            dims = List.copyOf(dims);
        }
    }

    /** The parameter or input that {@code grad(expr, wrt)} differentiates with respect to. */
    record Ref(Symbol symbol) implements Attr {
    }

    /**
     * A sequence index: {@code sign·var + offset} for the loop index {@code var} (so {@code t},
     * {@code t - 1} or {@code T - 1 - t}), or the constant {@code offset} when there is no
     * variable; {@code min} and {@code max} bound its values over the loop, for range checks.
     * Lowering turns it into an {@link Int} at each step.
     */
    record Index(java.util.Optional<String> var, int sign, long offset, long min, long max) implements Attr {
        /** Its value when the loop index is {@code t}. */
        public long at(long t) {
            return var.isPresent() ? sign * t + offset : offset;
        }
    }

    /** Absent optional argument without a default (e.g. no {@code perm} for transpose). */
    record None() implements Attr {
    }
}

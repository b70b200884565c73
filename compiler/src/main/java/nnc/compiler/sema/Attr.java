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

    /** Absent optional argument without a default (e.g. no {@code perm} for transpose). */
    record None() implements Attr {
    }
}

package nnc.compiler.sema;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One builtin function: its parameters (positional in this order, or by name), the rule that
 * gives its result type, and a one-line doc. The whole set is {@link Builtins#TABLE}.
 */
public record Builtin(String name, List<Parameter> params, Rule rule, String doc, List<Weight> weights) {
    public Builtin {
        params = List.copyOf(params);
        weights = List.copyOf(weights);
    }

    /** A builtin that creates no parameters. */
    public Builtin(String name, List<Parameter> params, Rule rule, String doc) {
        this(name, params, rule, doc, List.of());
    }

    /**
     * A parameter that a layer builtin creates for each call, named after the call's binding like
     * a block's ({@code att = multi_head_attention(x, heads = 4)} creates {@code att.Wq}, …): its
     * type from the call (checked by the builtin's rule first) and its initializer from that type.
     */
    public record Weight(String name, java.util.function.Function<CallSite, Type.Tensor> type,
                         java.util.function.Function<Type.Tensor, Init> init) {
    }

    /** What a parameter accepts. */
    public enum Kind {
        /** A floating-point tensor value. */
        TENSOR,
        /** A tensor value that may also be i32 (class labels). */
        LABELS,
        /** Any number of floating-point tensors (the rest of the positional arguments). */
        TENSORS,
        /** A constant real number. */
        NUMBER,
        /** A constant boolean. */
        BOOL,
        /** One of {@link Parameter#choices()}, written as a string or a bare word. */
        CHOICE,
        /** One axis of the first operand: an integer (negative counts from the end) or a dimension name. */
        AXIS,
        /** A permutation of the first operand's axes: a list of integers. */
        PERM,
        /** A shape: a list of integers and dimension names, at most one -1. */
        SHAPE,
        /** The name of a parameter or input (grad's {@code wrt}). */
        WRT,
        /** A sequence index: an integer constant or a loop index plus or minus a constant ({@code t}, {@code 7 - t}). */
        INDEX,
        /** A list of dimensions: positive integers and the model's symbolic dimension ({@code [batch, 16]}). */
        DIMS,
        /** A state tensor, named (by name or path), that the layer updates in training steps. */
        STATE;

        /** Whether arguments of this kind are tensor values (operands) rather than constants. */
        public boolean isOperand() {
            return this == TENSOR || this == LABELS || this == TENSORS || this == STATE;
        }
    }

    /**
     * A parameter. {@code defaultValue} empty means required, except for {@code optional}
     * parameters: constants become {@link Attr.None} when absent, and an absent optional
     * operand (conv2d's bias) is left out of the operands.
     */
    public record Parameter(String name, Kind kind, Optional<Attr> defaultValue, boolean optional,
                            List<String> choices) {
        public Parameter {
            choices = List.copyOf(choices);
        }

        public boolean required() {
            return defaultValue.isEmpty() && !optional && kind != Kind.TENSORS;
        }

        @Override
        public String toString() {
            String dflt = defaultValue.map(Parameter::show).orElse(optional ? "…" : "");
            return kind == Kind.TENSORS ? name + "…" : dflt.isEmpty() ? name : name + "=" + dflt;
        }

        private static String show(Attr a) {
            if (a instanceof Attr.Num n) {
                double v = n.value();
                return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : Double.toString(v);
            } else if (a instanceof Attr.Int i) {
                return Long.toString(i.value());
            } else if (a instanceof Attr.Bool b) {
                return Boolean.toString(b.value());
            } else if (a instanceof Attr.Str s) {
                return "\"" + s.value() + "\"";
            }
            return a.toString();
        }
    }

    /** The result type of a call whose arguments are bound, checked and evaluated. */
    @FunctionalInterface
    public interface Rule {
        Type apply(CallSite site);
    }

    /** {@code name(p1, p2=default, …)} for notes. */
    public String signature() {
        return name + params.stream().map(Parameter::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}

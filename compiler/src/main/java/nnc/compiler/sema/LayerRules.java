package nnc.compiler.sema;

import nnc.compiler.source.ErrorCode;

/** The result-type rules of the builtins of the "layers" group (see {@link Rules} for the conventions). */
final class LayerRules {
    private LayerRules() {
    }

    /** dropout(x, p): x's type; p in [0, 1). */
    static Type dropout(CallSite s) {
        double p = number(s, "p");
        if (!(p >= 0 && p < 1)) {
            return s.error(ErrorCode.E0305, "dropout probability p must be in [0, 1), got " + p,
                    "p is the probability of zeroing an element; p = 0 keeps every element");
        }
        return s.operand(0);
    }

    /** batch_norm: x of rank 2 or more, channels on axis 1; gamma, beta and the statistics of shape [C]. */
    static Type batchNorm(CallSite s) {
        Type.Tensor x = s.operand(0);
        if (x.rank() < 2) {
            return s.errorAt(0, ErrorCode.E0217, "batch_norm needs [batch, features] or [batch, channels, ...], "
                    + s.operandText(0) + " is " + x, "it normalizes each feature (axis 1) over the other axes");
        }
        double momentum = number(s, "momentum");
        double eps = number(s, "eps");
        if (!(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
            return s.error(ErrorCode.E0305, "batch_norm needs momentum in [0, 1] and eps > 0, got momentum = "
                    + momentum + ", eps = " + eps);
        }
        return vectors(s, x, x.shape().get(1), "axis 1", 1, 2, 3, 4) ? x : Type.ERROR;
    }

    /** layer_norm: gain and bias of the last axis' size. */
    static Type layerNorm(CallSite s) {
        Type.Tensor x = s.operand(0);
        if (x.rank() < 1) {
            return s.errorAt(0, ErrorCode.E0217, "layer_norm needs a value with an axis to normalize, "
                    + s.operandText(0) + " is a scalar");
        }
        if (!(number(s, "eps") > 0)) {
            return s.error(ErrorCode.E0305, "layer_norm needs eps > 0, got " + number(s, "eps"));
        }
        return vectors(s, x, x.shape().get(x.rank() - 1), "the last axis", 1, 2) ? x : Type.ERROR;
    }

    /** Whether operands {@code which} are vectors {@code [size]}; reports the first that is not. */
    private static boolean vectors(CallSite s, Type.Tensor x, nnc.runtime.Dim size, String axis, int... which) {
        java.util.List<nnc.runtime.Dim> want = java.util.List.of(size);
        for (int i : which) {
            if (!s.operand(i).shape().equals(want)) {
                s.errorAt(i, ErrorCode.E0217, s.name() + " needs " + s.operandText(i) + " of shape "
                                + Shapes.show(want) + " (the size of " + axis + " of " + x + "), got " + s.operand(i),
                        "declare it as e.g. param gamma: " + Shapes.show(want) + " = ones");
                return false;
            }
        }
        return true;
    }

    static double number(CallSite s, String name) {
        Attr a = s.attr(name);
        return a instanceof Attr.Int i ? i.value() : ((Attr.Num) a).value();
    }
}

package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * The result-type rules of the builtins. A rule sees operands that are tensors of one float
 * dtype (labels excepted) and constant arguments already checked (axes in range, a reshape's
 * element count); it checks what is left and returns the result type.
 */
final class Rules {
    private Rules() {
    }

    /** Same type as the first operand: activations, elementwise math, softmax. */
    static Type same(CallSite s) {
        return s.operand(0);
    }

    /** Drops the reduced axes, or keeps them as 1 with keepdims. */
    static Type reduce(CallSite s) {
        Type.Tensor x = s.operand(0);
        Attr.Axes axes = (Attr.Axes) s.attr("axis");
        boolean keep = ((Attr.Bool) s.attr("keepdims")).value();
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!axes.axes().contains(i)) {
                out.add(x.shape().get(i));
            } else if (keep) {
                out.add(Dim.of(1));
            }
        }
        return x.withShape(out);
    }

    /** A 2-D transpose, or any permutation of the axes. */
    static Type transpose(CallSite s) {
        Type.Tensor x = s.operand(0);
        if (!(s.attr("perm") instanceof Attr.Ints perm)) {
            if (x.rank() != 2) {
                return s.error(ErrorCode.E0208, "transpose without perm needs a 2-D operand, "
                                + s.operandText(0) + " is " + x,
                        "give the order of the axes, e.g. transpose(x, perm=[0, 2, 1])");
            }
            return x.withShape(List.of(x.shape().get(1), x.shape().get(0)));
        }
        Set<Long> seen = new HashSet<>();
        List<Dim> out = new ArrayList<>();
        for (long p : perm.values()) {
            if (p < 0 || p >= x.rank() || !seen.add(p)) {
                return s.error(ErrorCode.E0208, "perm " + perm.values() + " is not a permutation of the "
                        + x.rank() + " axes of " + x, "list every axis 0.." + (x.rank() - 1) + " once");
            }
            out.add(x.shape().get((int) p));
        }
        if (out.size() != x.rank()) {
            return s.error(ErrorCode.E0208, "perm " + perm.values() + " names " + out.size()
                    + " axes but " + s.operandText(0) + " has " + x.rank() + ": " + x);
        }
        return x.withShape(out);
    }

    /** The shape was checked and inferred when the argument was evaluated. */
    static Type reshape(CallSite s) {
        return s.operand(0).withShape(((Attr.Shape) s.attr("shape")).dims());
    }

    /** mse, huber, binary cross-entropy: prediction and target of one shape, a scalar result. */
    static Type pointwiseLoss(CallSite s) {
        Type.Tensor pred = s.operand(0);
        Type.Tensor target = s.operand(1);
        if (!pred.shape().equals(target.shape())) {
            return s.error(ErrorCode.E0210, s.name() + " needs " + s.operandText(0) + " and "
                            + s.operandText(1) + " of the same shape, got " + pred + " and " + target,
                    "losses do not broadcast, to catch [batch, 1] against [batch]; "
                            + "use reshape(..., [...]) to make the shapes equal");
        }
        return Type.Tensor.scalar(pred.dtype());
    }

    /** Softmax cross-entropy with i32 class indices (logits' shape minus its last axis) or one-hot rows. */
    static Type crossEntropy(CallSite s) {
        Type.Tensor logits = s.operand(0);
        Type.Tensor y = s.operand(1);
        if (logits.rank() < 1) {
            return s.errorAt(0, ErrorCode.E0209, "cross_entropy needs logits with a class axis, "
                    + s.operandText(0) + " is a scalar");
        }
        List<Dim> indexShape = logits.shape().subList(0, logits.rank() - 1);
        boolean fits = y.dtype() == DType.I32 ? y.shape().equals(indexShape) : y.shape().equals(logits.shape());
        if (!fits) {
            return s.errorAt(1, ErrorCode.E0209, "labels " + s.operandText(1) + ": " + y
                            + " do not fit logits " + logits,
                    "give i32 class indices of shape " + Shapes.show(indexShape)
                            + ", or one-hot rows of shape " + Shapes.show(logits.shape()));
        }
        return Type.Tensor.scalar(logits.dtype());
    }

    /** l1/l2: a scalar from any number of tensors. */
    static Type norm(CallSite s) {
        if (s.operands().isEmpty()) {
            return s.error(ErrorCode.E0301, s.name() + " needs at least one argument",
                    "e.g. " + s.name() + "(h1.W, h2.W)");
        }
        return Type.Tensor.scalar(s.operand(0).dtype());
    }

    /** grad(expr, wrt): the type of wrt; expr must be a scalar. */
    static Type grad(CallSite s) {
        Type.Tensor e = s.operand(0);
        if (!e.isScalar()) {
            return s.errorAt(0, ErrorCode.E0215, "grad needs a scalar expression, "
                    + s.operandText(0) + " is " + e, "reduce it first, e.g. grad(sum(...), W)");
        }
        return ((Attr.Ref) s.attr("wrt")).symbol().type();
    }
}

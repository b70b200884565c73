package nnc.compiler.autodiff;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Shapes;
import nnc.runtime.Dim;

/**
 * The vector-Jacobian product of every op, as IR: given a node {@code y} and the cotangent
 * {@code g} of its result, the cotangent contribution for each operand, or empty where none
 * flows (a symbolic zero). Contributions may have the result's (broadcast) shape; the driver
 * un-broadcasts, sums at fan-out, orders the walk and handles stop-gradient.
 */
final class VjpRules {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private VjpRules() {
    }

    static List<Optional<Node>> vjp(Node y, Node g, Emit e) {
        List<Node> x = y.inputs();
        Node one = e.constant(1, y);
        return switch (y.op()) {
            case INPUT, TARGET, PARAM, STATE, CONSTANT, DIM_SIZE, IOTA, RANDOM_UNIFORM -> zeros(y);
            case SIGN, STOP_GRADIENT, GT, GE, EQ, ONE_HOT -> zeros(y); // not differentiable: zero
            case NEG -> of(e.neg(g));
            case EXP -> of(e.mul(g, y));
            case LOG -> of(e.div(g, x.get(0)));
            case LOG1P -> of(e.div(g, e.add(one, x.get(0))));
            case SQRT -> of(e.div(g, e.mul(e.constant(2, y), y)));
            case TANH -> of(e.mul(g, e.sub(one, e.mul(y, y))));
            case SIGMOID -> of(e.mul(g, e.mul(y, e.sub(one, y))));
            case ERF -> of(e.mul(g, e.mul(e.constant(TWO_OVER_SQRT_PI, y), e.exp(e.neg(e.mul(x.get(0), x.get(0)))))));
            case ABS -> of(e.mul(g, e.sign(x.get(0))));
            case CAST -> x.get(0).type().dtype().isFloat() ? of(e.cast(g, x.get(0).type().dtype())) : zeros(y);
            case ADD -> of(g, g);
            case SUB -> of(g, e.neg(g));
            case MUL -> of(e.mul(g, x.get(1)), e.mul(g, x.get(0)));
            case DIV -> of(e.div(g, x.get(1)), e.neg(e.div(e.mul(g, y), x.get(1))));
            case POW -> of(e.mul(g, e.mul(x.get(1), e.pow(x.get(0), e.sub(x.get(1), one)))),
                    e.mul(g, e.mul(y, e.log(x.get(0)))));
            case MAX -> split(e, g, e.gt(x.get(0), x.get(1)));
            case MIN -> split(e, g, e.gt(x.get(1), x.get(0)));
            case SELECT -> List.of(Optional.empty(), Optional.of(e.select(x.get(0), g, e.constant(0, g))),
                    Optional.of(e.select(x.get(0), e.constant(0, g), g)));
            case BROADCAST_TO -> of(g);
            case REDUCE_SUM -> of(expand(e, g, x.get(0), axes(y)));
            case REDUCE_MAX -> of(e.mul(expand(e, g, x.get(0), axes(y)), argmaxShare(e, y)));
            case RESHAPE -> of(e.reshape(g, x.get(0).type().shape()));
            case TRANSPOSE -> of(e.transpose(g, Shapes.inverse(((Attr.Perm) y.attr()).perm())));
            case SLICE -> of(e.pad(g, window(y).axis(), window(y).start(), length(x.get(0), window(y).axis())));
            case PAD -> of(e.slice(g, window(y).axis(), window(y).start(), length(x.get(0), window(y).axis())));
            case MATMUL -> of(e.matmul(g, swapLast(e, x.get(1))), matmulRight(e, x.get(0), x.get(1), g));
            case IM2COL -> of(e.col2im(g, (Attr.Patches) y.attr()));
            case COL2IM -> of(e.im2col(g, (Attr.Patches) y.attr()));
            case GATHER -> List.of(Optional.of(e.scatterAdd(g, x.get(1), length(x.get(0), 0))), Optional.empty());
            case SCATTER_ADD -> List.of(Optional.of(e.gather(g, x.get(1))), Optional.empty());
            case LOG_SOFTMAX -> of(e.sub(g, e.mul(e.exp(y), expand(e, e.reduceSum(g, List.of(axis(y))), y, List.of(axis(y))))));
        };
    }

    /** {@code g·mask} to the first operand, {@code g·(1 - mask)} to the second. */
    private static List<Optional<Node>> split(Emit e, Node g, Node mask) {
        return of(e.mul(g, mask), e.mul(g, e.sub(e.constant(1, g), mask)));
    }

    /** A reduced value {@code r} broadcast back over the {@code axes} of {@code like}. */
    private static Node expand(Emit e, Node r, Node like, List<Integer> axes) {
        List<Dim> shape = like.type().shape();
        return e.broadcastTo(e.reshape(r, Shapes.keep(shape, axes)), shape);
    }

    /** 1/count where an element equals its reduction's maximum, else 0: ties share the gradient. */
    private static Node argmaxShare(Emit e, Node y) {
        Node x = y.input(0);
        Node hits = e.eq(x, expand(e, y, x, axes(y)));
        return e.div(hits, expand(e, e.reduceSum(hits, axes(y)), x, axes(y)));
    }

    /** {@code aᵀ @ g}, summed over the batch axis when one right operand served every batch. */
    private static Node matmulRight(Emit e, Node a, Node b, Node g) {
        Node d = e.matmul(swapLast(e, a), g);
        return b.type().rank() < a.type().rank() ? e.reduceSum(d, List.of(0)) : d;
    }

    /** The matrix transpose of the last two axes. */
    private static Node swapLast(Emit e, Node m) {
        int r = m.type().rank();
        List<Integer> perm = r == 2 ? List.of(1, 0) : List.of(0, 2, 1);
        return e.transpose(m, perm);
    }

    private static List<Integer> axes(Node y) {
        return ((Attr.Axes) y.attr()).axes();
    }

    private static Attr.Window window(Node y) {
        return (Attr.Window) y.attr();
    }

    private static int length(Node x, int axis) {
        return ((Dim.Fixed) x.type().dim(axis)).size();
    }

    private static int axis(Node y) {
        return ((Attr.Axis) y.attr()).axis();
    }

    private static List<Optional<Node>> of(Node... contributions) {
        return Arrays.stream(contributions).map(Optional::of).toList();
    }

    private static List<Optional<Node>> zeros(Node y) {
        return y.inputs().stream().map(i -> Optional.<Node>empty()).toList();
    }
}

package nnc.compiler.ir;

import java.util.List;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * Builds nodes at one source position: {@code b.at(span).add(x, y)}. A thin, typed front for
 * {@link GraphBuilder#node}; it does no rewriting (that is the simplifier's job).
 *
 * @param builder the compilation's builder
 * @param span    the span every node made here gets
 */
public record Emit(GraphBuilder builder, Span span) {

    /** The node for {@code op} with {@code attr} on {@code inputs}. */
    public Node apply(Op op, Attr attr, Node... inputs) {
        return builder.node(op, List.of(inputs), attr, span);
    }

    private Node apply(Op op, Node... inputs) {
        return apply(op, Attr.NONE, inputs);
    }

    // ---- leaves -------------------------------------------------------------------------------

    /** A model input. */
    public Node input(String name, Type type) {
        return apply(Op.INPUT, new Attr.Leaf(name, type));
    }

    /** A training target. */
    public Node target(String name, Type type) {
        return apply(Op.TARGET, new Attr.Leaf(name, type));
    }

    /** A trainable parameter. */
    public Node param(String name, Type type) {
        return apply(Op.PARAM, new Attr.Leaf(name, type));
    }

    /** Non-trainable state. */
    public Node state(String name, Type type) {
        return apply(Op.STATE, new Attr.Leaf(name, type));
    }

    /** A scalar constant. */
    public Node constant(double value, DType dtype) {
        return apply(Op.CONSTANT, new Attr.Scalar(value, dtype));
    }

    /** A scalar constant of {@code like}'s dtype. */
    public Node constant(double value, Node like) {
        return constant(value, like.type().dtype());
    }

    /** The run-time size of symbolic dimension {@code dim} as a scalar. */
    public Node dimSize(String dim, DType dtype) {
        return apply(Op.DIM_SIZE, new Attr.DimSize(dim, dtype));
    }

    // ---- elementwise --------------------------------------------------------------------------

    public Node neg(Node x) {
        return apply(Op.NEG, x);
    }

    public Node exp(Node x) {
        return apply(Op.EXP, x);
    }

    public Node log(Node x) {
        return apply(Op.LOG, x);
    }

    public Node log1p(Node x) {
        return apply(Op.LOG1P, x);
    }

    public Node sqrt(Node x) {
        return apply(Op.SQRT, x);
    }

    public Node tanh(Node x) {
        return apply(Op.TANH, x);
    }

    public Node sigmoid(Node x) {
        return apply(Op.SIGMOID, x);
    }

    public Node erf(Node x) {
        return apply(Op.ERF, x);
    }

    public Node abs(Node x) {
        return apply(Op.ABS, x);
    }

    public Node sign(Node x) {
        return apply(Op.SIGN, x);
    }

    public Node stopGradient(Node x) {
        return apply(Op.STOP_GRADIENT, x);
    }

    public Node cast(Node x, DType dtype) {
        return apply(Op.CAST, new Attr.ToType(dtype), x);
    }

    public Node add(Node a, Node b) {
        return apply(Op.ADD, a, b);
    }

    public Node sub(Node a, Node b) {
        return apply(Op.SUB, a, b);
    }

    public Node mul(Node a, Node b) {
        return apply(Op.MUL, a, b);
    }

    public Node div(Node a, Node b) {
        return apply(Op.DIV, a, b);
    }

    public Node pow(Node a, Node b) {
        return apply(Op.POW, a, b);
    }

    public Node max(Node a, Node b) {
        return apply(Op.MAX, a, b);
    }

    public Node min(Node a, Node b) {
        return apply(Op.MIN, a, b);
    }

    public Node gt(Node a, Node b) {
        return apply(Op.GT, a, b);
    }

    public Node ge(Node a, Node b) {
        return apply(Op.GE, a, b);
    }

    public Node eq(Node a, Node b) {
        return apply(Op.EQ, a, b);
    }

    /** {@code cond ≠ 0 ? a : b}. */
    public Node select(Node cond, Node a, Node b) {
        return apply(Op.SELECT, cond, a, b);
    }

    // ---- structure ----------------------------------------------------------------------------

    public Node broadcastTo(Node x, List<Dim> shape) {
        return apply(Op.BROADCAST_TO, new Attr.Shape(shape), x);
    }

    /** Sum over {@code axes} (any order; duplicates ignored), dropping them. */
    public Node reduceSum(Node x, List<Integer> axes) {
        return apply(Op.REDUCE_SUM, new Attr.Axes(axes.stream().distinct().sorted().toList()), x);
    }

    /** Maximum over {@code axes} (any order; duplicates ignored), dropping them. */
    public Node reduceMax(Node x, List<Integer> axes) {
        return apply(Op.REDUCE_MAX, new Attr.Axes(axes.stream().distinct().sorted().toList()), x);
    }

    public Node reshape(Node x, List<Dim> shape) {
        return apply(Op.RESHAPE, new Attr.Shape(shape), x);
    }

    public Node transpose(Node x, List<Integer> perm) {
        return apply(Op.TRANSPOSE, new Attr.Perm(perm), x);
    }

    /** Elements {@code start .. start+size} of {@code x} along {@code axis}. */
    public Node slice(Node x, int axis, int start, int size) {
        return apply(Op.SLICE, new Attr.Window(axis, start, size), x);
    }

    /** {@code x} placed at {@code start} of an axis of {@code size} elements, zeros elsewhere. */
    public Node pad(Node x, int axis, int start, int size) {
        return apply(Op.PAD, new Attr.Window(axis, start, size), x);
    }

    /** The index along {@code axis} at every element of {@code shape}. */
    public Node iota(List<Dim> shape, int axis, DType dtype) {
        return apply(Op.IOTA, new Attr.Iota(shape, axis, dtype));
    }

    public Node matmul(Node a, Node b) {
        return apply(Op.MATMUL, a, b);
    }

    /** Uniform numbers in [0, 1) of random stream {@code stream}. */
    public Node randomUniform(long stream, List<Dim> shape, DType dtype) {
        return apply(Op.RANDOM_UNIFORM, new Attr.Random(stream, shape, dtype));
    }

    public Node oneHot(Node indices, int classes, DType dtype) {
        return apply(Op.ONE_HOT, new Attr.OneHot(classes, dtype), indices);
    }

    /** The patches of {@code x: [N, C, H, W]} as columns {@code [N, C·kh·kw, OH·OW]}. */
    public Node im2col(Node x, Attr.Patches p) {
        return apply(Op.IM2COL, p, x);
    }

    /** Columns summed back into {@code [N, C, H, W]}: the adjoint of {@link #im2col}. */
    public Node col2im(Node cols, Attr.Patches p) {
        return apply(Op.COL2IM, p, cols);
    }

    /** The rows of {@code table: [V, D]} at the i32 {@code indices}. */
    public Node gather(Node table, Node indices) {
        return apply(Op.GATHER, table, indices);
    }

    /** {@code values: [..., D]} summed into the rows of a {@code [rows, D]} table named by {@code indices}. */
    public Node scatterAdd(Node values, Node indices, int rows) {
        return apply(Op.SCATTER_ADD, new Attr.Rows(rows), values, indices);
    }

    public Node logSoftmax(Node x, int axis) {
        return apply(Op.LOG_SOFTMAX, new Attr.Axis(axis), x);
    }
}

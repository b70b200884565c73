package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * The type rule of every op: the result type from the operand types and the attribute, or an
 * {@link IrException} when they do not fit. The builder applies it to every node it creates and
 * the verifier re-applies it to every node of a graph.
 */
public final class TypeRules {
    private final Op op;
    private final List<Type> in;
    private final Attr attr;
    private final Span span;

    private TypeRules(Op op, List<Type> in, Attr attr, Span span) {
        this.op = op;
        this.in = in;
        this.attr = attr;
        this.span = span;
    }

    /** The result type of {@code op} applied to operands of types {@code in} with {@code attr}. */
    public static Type infer(Op op, List<Type> in, Attr attr, Span span) {
        TypeRules r = new TypeRules(op, in, attr, span);
        r.check(in.size() == op.arity(), "takes " + op.arity() + " operands, got " + in.size());
        return r.rule();
    }

    private Type rule() {
        return switch (op) {
            case INPUT, TARGET, PARAM, STATE -> attr(Attr.Leaf.class).type();
            case CONSTANT -> floatScalar(attr(Attr.Scalar.class).dtype());
            case DIM_SIZE -> floatScalar(attr(Attr.DimSize.class).dtype());
            case NEG, EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, ERF, ABS, SIGN -> noAttr(floatOperand(0));
            case STOP_GRADIENT -> noAttr(in.get(0));
            case CAST -> in.get(0).withDtype(attr(Attr.ToType.class).dtype());
            case ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, GE, EQ -> elementwise(0, 1);
            case SELECT -> elementwise(0, 1, 2);
            case BROADCAST_TO -> broadcastTo();
            case REDUCE_SUM, REDUCE_MAX -> reduce();
            case RESHAPE -> reshape();
            case TRANSPOSE -> transpose();
            case SLICE -> window(false);
            case PAD -> window(true);
            case IOTA -> iota();
            case MATMUL -> matmul();
            case RANDOM_UNIFORM -> random();
            case ONE_HOT -> oneHot();
            case LOG_SOFTMAX -> logSoftmax();
            case IM2COL -> im2col();
            case COL2IM -> col2im();
            case GATHER -> gather();
            case SCATTER_ADD -> scatterAdd();
        };
    }

    private Type floatScalar(DType dtype) {
        check(dtype.isFloat(), "needs a float dtype, got " + dtype.sourceName());
        return Type.scalar(dtype);
    }

    private Type floatOperand(int i) {
        check(in.get(i).dtype().isFloat(), "needs a float operand, got " + in.get(i));
        return in.get(i);
    }

    private Type noAttr(Type result) {
        attr(Attr.None.class);
        return result;
    }

    private Type elementwise(int... operands) {
        attr(Attr.None.class);
        List<Dim> shape = List.of();
        for (int i : operands) {
            floatOperand(i);
            List<Dim> prev = shape;
            shape = Shapes.broadcast(shape, in.get(i).shape()).orElseThrow(() -> error(
                    "cannot broadcast " + Type.shapeText(prev) + " with " + in.get(i)));
        }
        DType dtype = in.get(operands[operands.length - 1]).dtype();
        for (int i : operands) {
            check(in.get(i).dtype() == dtype || (op == Op.SELECT && i == 0),
                    "operand dtypes differ: " + in);
        }
        return new Type(dtype, shape);
    }

    private Type broadcastTo() {
        List<Dim> to = attr(Attr.Shape.class).dims();
        check(Shapes.broadcastsTo(in.get(0).shape(), to),
                in.get(0) + " does not broadcast to " + Type.shapeText(to));
        return in.get(0).withShape(to);
    }

    private Type reduce() {
        List<Integer> axes = attr(Attr.Axes.class).axes();
        check(axes.stream().distinct().sorted().toList().equals(axes), "axes not sorted: " + axes);
        check(axes.isEmpty() || (axes.get(0) >= 0 && axes.get(axes.size() - 1) < in.get(0).rank()),
                "axes " + axes + " out of range for " + in.get(0));
        floatOperand(0);
        return in.get(0).withShape(Shapes.drop(in.get(0).shape(), axes));
    }

    private Type reshape() {
        List<Dim> to = attr(Attr.Shape.class).dims();
        check(Shapes.sameElementCount(in.get(0).shape(), to),
                "cannot reshape " + in.get(0) + " to " + Type.shapeText(to));
        return in.get(0).withShape(to);
    }

    private Type transpose() {
        List<Integer> perm = attr(Attr.Perm.class).perm();
        Type x = in.get(0);
        check(Shapes.isPermutation(perm, x.rank()), "bad permutation " + perm + " for " + x);
        List<Dim> out = new ArrayList<>();
        for (int axis : perm) {
            out.add(x.dim(axis));
        }
        return x.withShape(out);
    }

    /** A slice ({@code pad} false) or a pad along a fixed axis; see {@link Attr.Window}. */
    private Type window(boolean pad) {
        Attr.Window w = attr(Attr.Window.class);
        Type x = in.get(0);
        check(w.axis() >= 0 && w.axis() < x.rank(), "axis " + w.axis() + " out of range for " + x);
        check(x.dim(w.axis()) instanceof Dim.Fixed, "axis " + w.axis() + " of " + x + " is not of fixed size");
        int len = ((Dim.Fixed) x.dim(w.axis())).size();
        int inner = pad ? len : w.size();
        int outer = pad ? w.size() : len;
        check(w.start() >= 0 && inner >= 1 && w.start() + inner <= outer,
                "window " + w + " does not fit axis " + w.axis() + " of " + x);
        List<Dim> out = new ArrayList<>(x.shape());
        out.set(w.axis(), Dim.of(w.size()));
        return x.withShape(out);
    }

    private Type iota() {
        Attr.Iota a = attr(Attr.Iota.class);
        check(a.dtype().isFloat(), "needs a float dtype, got " + a.dtype().sourceName());
        check(a.axis() >= 0 && a.axis() < a.shape().size() && a.shape().get(a.axis()) instanceof Dim.Fixed,
                "axis " + a.axis() + " is not a fixed axis of " + Type.shapeText(a.shape()));
        return new Type(a.dtype(), a.shape());
    }

    private Type matmul() {
        Type a = in.get(0);
        Type b = in.get(1);
        attr(Attr.None.class);
        floatOperand(0);
        check(a.dtype() == b.dtype(), "operand dtypes differ: " + a + " @ " + b);
        check((a.rank() == 2 || a.rank() == 3) && (b.rank() == 2 || b.rank() == a.rank()),
                "needs 2-D @ 2-D, 3-D @ 3-D or 3-D @ 2-D operands, got " + a + " @ " + b);
        int r = a.rank();
        int rb = b.rank();
        check(a.dim(r - 1).equals(b.dim(rb - 2)), "inner dimensions differ: " + a + " @ " + b);
        check(rb == 2 || a.dim(0).equals(b.dim(0)), "batch dimensions differ: " + a + " @ " + b);
        List<Dim> out = new ArrayList<>(a.shape().subList(0, r - 1));
        out.add(b.dim(rb - 1));
        return a.withShape(out);
    }

    private Type random() {
        Attr.Random r = attr(Attr.Random.class);
        check(r.dtype().isFloat(), "needs a float dtype, got " + r.dtype().sourceName());
        return new Type(r.dtype(), r.shape());
    }

    private Type oneHot() {
        Attr.OneHot oh = attr(Attr.OneHot.class);
        check(in.get(0).dtype() == DType.I32, "needs i32 indices, got " + in.get(0));
        check(oh.dtype().isFloat() && oh.classes() > 0, "bad one-hot attribute " + oh);
        List<Dim> out = new ArrayList<>(in.get(0).shape());
        out.add(Dim.of(oh.classes()));
        return new Type(oh.dtype(), out);
    }

    private Type logSoftmax() {
        int axis = attr(Attr.Axis.class).axis();
        Type x = in.get(0);
        check(x.dtype().isFloat(), "needs a float operand, got " + x);
        check(axis >= 0 && axis < x.rank(), "axis " + axis + " out of range for " + x);
        return x;
    }

    /** {@code [N, C, h, w]} to {@code [N, C·kh·kw, OH·OW]}; see {@link Op#IM2COL}. */
    private Type im2col() {
        Attr.Patches p = patches();
        Type x = floatOperand(0);
        check(x.rank() == 4 && x.dim(1) instanceof Dim.Fixed && x.dim(2).equals(Dim.of(p.h()))
                && x.dim(3).equals(Dim.of(p.w())), "needs [N, C, " + p.h() + ", " + p.w() + "] with a fixed C, got " + x);
        int c = ((Dim.Fixed) x.dim(1)).size();
        return x.withShape(List.of(x.dim(0), Dim.of(c * p.kh() * p.kw()), Dim.of(p.outH() * p.outW())));
    }

    /** {@code [N, C·kh·kw, OH·OW]} to {@code [N, C, h, w]}; see {@link Op#COL2IM}. */
    private Type col2im() {
        Attr.Patches p = patches();
        Type x = floatOperand(0);
        int window = p.kh() * p.kw();
        check(x.rank() == 3 && x.dim(1) instanceof Dim.Fixed f && f.size() % window == 0
                && x.dim(2).equals(Dim.of(p.outH() * p.outW())),
                "needs [N, C·" + window + ", " + p.outH() * p.outW() + "], got " + x);
        int c = ((Dim.Fixed) x.dim(1)).size() / window;
        return x.withShape(List.of(x.dim(0), Dim.of(c), Dim.of(p.h()), Dim.of(p.w())));
    }

    private Attr.Patches patches() {
        Attr.Patches p = attr(Attr.Patches.class);
        check(p.kh() >= 1 && p.kw() >= 1 && p.stride() >= 1 && p.padding() >= 0
                && p.h() + 2 * p.padding() >= p.kh() && p.w() + 2 * p.padding() >= p.kw(), "bad geometry " + p);
        return p;
    }

    /** {@code table: [V, D]} at {@code indices: i32[...]} gives {@code [..., D]}. */
    private Type gather() {
        attr(Attr.None.class);
        Type table = floatOperand(0);
        Type indices = in.get(1);
        check(indices.dtype() == DType.I32, "needs i32 indices, got " + indices);
        check(table.rank() == 2 && table.dim(0) instanceof Dim.Fixed && table.dim(1) instanceof Dim.Fixed,
                "needs a table of fixed shape [V, D], got " + table);
        List<Dim> out = new ArrayList<>(indices.shape());
        out.add(table.dim(1));
        return table.withShape(out);
    }

    /** {@code rows: [..., D]} and {@code indices: i32[...]} give the table {@code [V, D]}. */
    private Type scatterAdd() {
        int rows = attr(Attr.Rows.class).rows();
        Type values = floatOperand(0);
        Type indices = in.get(1);
        check(indices.dtype() == DType.I32, "needs i32 indices, got " + indices);
        check(rows > 0 && values.rank() == indices.rank() + 1
                        && values.shape().subList(0, indices.rank()).equals(indices.shape())
                        && values.dim(values.rank() - 1) instanceof Dim.Fixed,
                "needs rows [..., D] for indices " + indices + " and a positive row count, got " + values + ", rows=" + rows);
        return values.withShape(List.of(Dim.of(rows), values.dim(values.rank() - 1)));
    }

    private <A extends Attr> A attr(Class<A> kind) {
        check(kind.isInstance(attr), "takes attribute " + kind.getSimpleName() + ", got " + attr.getClass().getSimpleName());
        return kind.cast(attr);
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw error(message);
        }
    }

    private IrException error(String message) {
        return new IrException(span, op.textName() + ": " + message);
    }
}

package nnc.tests.grad;

import static nnc.tests.gen.Rand.Domain.awayFromZero;
import static nnc.tests.gen.Rand.Domain.distinct;
import static nnc.tests.gen.Rand.Domain.grid;
import static nnc.tests.gen.Rand.Domain.range;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.ir.Type;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.tests.gen.Rand;
import nnc.tests.gen.Rand.Domain;

/**
 * For every op, how to draw a test case: operand shapes, values from the op's valid domain
 * (positive for log, away from the kink for abs, no ties for max), and the expression that
 * applies the op. A meta-test fails when an op has no entry.
 */
final class OpDomains {
    /** One leaf operand: its kind (input, param, …), name, type, value domain, and whether to differentiate. */
    record Operand(Op kind, String name, Type type, Domain domain, boolean wrt) {
    }

    /**
     * A drawn case: the operands, how to build the op on them, and whether the gradient is
     * expected to be zero by definition (stop_gradient, where differences see the identity).
     */
    record Sample(List<Operand> operands, BiFunction<Emit, List<Node>, Node> build, boolean zeroByDefinition) {
        Sample(List<Operand> operands, BiFunction<Emit, List<Node>, Node> build) {
            this(operands, build, false);
        }
    }

    /** Draws a case for one op. */
    @FunctionalInterface
    interface Case {
        Sample draw(Rand r);
    }

    private static final DType F64 = DType.F64;

    static final Map<Op, Case> TABLE = Collections.unmodifiableMap(table());

    private OpDomains() {
    }

    private static Map<Op, Case> table() {
        Map<Op, Case> t = new EnumMap<>(Op.class);
        for (Op leaf : List.of(Op.INPUT, Op.TARGET, Op.PARAM, Op.STATE)) {
            t.put(leaf, r -> new Sample(List.of(new Operand(leaf, "x", type(r.shape(0, 3, 4)), range(-2, 2), true)),
                    (e, x) -> x.get(0)));
        }
        t.put(Op.CONSTANT, r -> one(r, range(-2, 2), (e, x) -> e.add(x, e.constant(1.5, F64))));
        t.put(Op.DIM_SIZE, r -> new Sample(List.of(in("x", List.of(Dim.of(Rand.BATCH), Dim.of(2)), range(-2, 2))),
                (e, x) -> e.mul(x.get(0), e.dimSize(Rand.BATCH, F64))));
        unary(t, Op.NEG, range(-3, 3), Emit::neg);
        unary(t, Op.EXP, range(-3, 3), Emit::exp);
        unary(t, Op.LOG, range(0.1, 5), Emit::log);
        unary(t, Op.LOG1P, range(-0.5, 5), Emit::log1p);
        unary(t, Op.SQRT, range(0.1, 5), Emit::sqrt);
        unary(t, Op.TANH, range(-3, 3), Emit::tanh);
        unary(t, Op.SIGMOID, range(-6, 6), Emit::sigmoid);
        unary(t, Op.ERF, range(-2.5, 2.5), Emit::erf);
        unary(t, Op.ABS, awayFromZero(0.1, 3), Emit::abs);
        unary(t, Op.SIGN, awayFromZero(0.1, 3), Emit::sign);
        t.put(Op.STOP_GRADIENT, r -> new Sample(List.of(in("x", r.shape(0, 3, 4), range(-3, 3))),
                (e, x) -> e.stopGradient(x.get(0)), true));
        unary(t, Op.CAST, range(-3, 3), (e, x) -> e.cast(x, DType.F32));
        binary(t, Op.ADD, range(-3, 3), range(-3, 3), Emit::add);
        binary(t, Op.SUB, range(-3, 3), range(-3, 3), Emit::sub);
        binary(t, Op.MUL, range(-3, 3), range(-3, 3), Emit::mul);
        binary(t, Op.DIV, range(-3, 3), awayFromZero(0.5, 3), Emit::div);
        binary(t, Op.POW, range(0.5, 3), range(-2, 2), Emit::pow);
        binary(t, Op.MAX, grid(0.3), grid(-0.3), Emit::max);
        binary(t, Op.MIN, grid(0.3), grid(-0.3), Emit::min);
        binary(t, Op.GT, grid(0.3), grid(-0.3), Emit::gt);
        binary(t, Op.GE, grid(0.3), grid(-0.3), Emit::ge);
        binary(t, Op.EQ, grid(0.3), grid(0.3), Emit::eq);
        t.put(Op.SELECT, OpDomains::select);
        t.put(Op.BROADCAST_TO, OpDomains::broadcastTo);
        t.put(Op.REDUCE_SUM, r -> reduce(r, range(-3, 3), false));
        t.put(Op.REDUCE_MAX, r -> reduce(r, distinct(), true));
        t.put(Op.RESHAPE, OpDomains::reshape);
        t.put(Op.TRANSPOSE, r -> {
            List<Dim> s = r.shape(1, 3, 4);
            List<Integer> perm = r.permutation(s.size());
            return new Sample(List.of(in("x", s, range(-3, 3))), (e, x) -> e.transpose(x.get(0), perm));
        });
        t.put(Op.SLICE, r -> window(r, false));
        t.put(Op.PAD, r -> window(r, true));
        t.put(Op.IOTA, OpDomains::iota);
        t.put(Op.MATMUL, OpDomains::matmul);
        t.put(Op.RANDOM_UNIFORM, r -> {
            List<Dim> s = r.shape(0, 3, 4);
            long stream = r.nextInt(5);
            return new Sample(List.of(in("x", s, range(-3, 3))), (e, x) -> e.mul(x.get(0),
                    e.ge(e.randomUniform(stream, s, F64), e.constant(0.4, F64))));
        });
        t.put(Op.ONE_HOT, OpDomains::oneHot);
        t.put(Op.GATHER, r -> gather(r, false));
        t.put(Op.SCATTER_ADD, r -> gather(r, true));
        t.put(Op.LOG_SOFTMAX, r -> {
            List<Dim> s = r.shape(1, 3, 4);
            int axis = r.nextInt(s.size());
            return new Sample(List.of(in("x", s, range(-4, 4))), (e, x) -> e.logSoftmax(x.get(0), axis));
        });
        t.put(Op.IM2COL, r -> patches(r, false));
        t.put(Op.COL2IM, r -> patches(r, true));
        return t;
    }

    /** im2col of a random image batch, or col2im of random columns, with random window, stride and padding. */
    private static Sample patches(Rand r, boolean adjoint) {
        int kh = 1 + r.nextInt(3);
        int kw = 1 + r.nextInt(3);
        int padding = r.nextInt(2);
        nnc.compiler.ir.Attr.Patches p = new nnc.compiler.ir.Attr.Patches(kh, kw, 1 + r.nextInt(2), padding,
                Math.max(1, kh - 2 * padding) + r.nextInt(3), Math.max(1, kw - 2 * padding) + r.nextInt(3));
        int channels = 1 + r.nextInt(2);
        Dim n = r.nextBoolean() ? Dim.of(Rand.BATCH) : Dim.of(1 + r.nextInt(2));
        List<Dim> shape = adjoint
                ? List.of(n, Dim.of(channels * kh * kw), Dim.of(p.outH() * p.outW()))
                : List.of(n, Dim.of(channels), Dim.of(p.h()), Dim.of(p.w()));
        return new Sample(List.of(in("x", shape, range(-3, 3))),
                (e, x) -> adjoint ? e.col2im(x.get(0), p) : e.im2col(x.get(0), p));
    }

    private static void unary(Map<Op, Case> t, Op op, Domain d, BiFunction<Emit, Node, Node> f) {
        t.put(op, r -> one(r, d, f));
    }

    private static void binary(Map<Op, Case> t, Op op, Domain da, Domain db, TriFunction f) {
        t.put(op, r -> {
            List<Dim> s = r.shape(0, 3, 3);
            List<Dim> sa = r.nextBoolean() ? s : r.broadcastableTo(s);
            List<Dim> sb = r.nextBoolean() ? s : r.broadcastableTo(s);
            return new Sample(List.of(in("a", sa, da), in("b", sb, db)), (e, x) -> f.apply(e, x.get(0), x.get(1)));
        });
    }

    /** An {@code Emit} method of two operands. */
    @FunctionalInterface
    interface TriFunction {
        Node apply(Emit e, Node a, Node b);
    }

    private static Sample one(Rand r, Domain d, BiFunction<Emit, Node, Node> f) {
        return new Sample(List.of(in("x", r.shape(0, 3, 4), d)), (e, x) -> f.apply(e, x.get(0)));
    }

    private static Sample select(Rand r) {
        List<Dim> s = r.shape(0, 3, 3);
        return new Sample(List.of(in("c", r.broadcastableTo(s), awayFromZero(0.1, 1)), in("a", s, range(-3, 3)),
                in("b", r.broadcastableTo(s), range(-3, 3))),
                (e, x) -> e.select(e.gt(x.get(0), e.constant(0, F64)), x.get(1), x.get(2)));
    }

    private static Sample broadcastTo(Rand r) {
        List<Dim> s = r.shape(0, 3, 4);
        return new Sample(List.of(in("x", r.broadcastableTo(s), range(-3, 3))), (e, x) -> e.broadcastTo(x.get(0), s));
    }

    private static Sample reduce(Rand r, Domain d, boolean max) {
        List<Dim> s = r.shape(1, 3, 4);
        List<Integer> axes = r.axes(s.size());
        return new Sample(List.of(in("x", s, d)),
                (e, x) -> max ? e.reduceMax(x.get(0), axes) : e.reduceSum(x.get(0), axes));
    }

    private static Sample reshape(Rand r) {
        List<Dim> s = r.shape(1, 3, 4);
        List<Dim> to = new ArrayList<>();
        int fixed = 1;
        for (Dim d : s) {
            if (d instanceof Dim.Fixed f) {
                fixed *= f.size();
            } else {
                to.add(d);
            }
        }
        to.add(r.nextBoolean() ? 0 : to.size(), Dim.of(fixed));
        if (r.nextBoolean()) {
            to.add(r.nextInt(to.size() + 1), Dim.of(1));
        }
        return new Sample(List.of(in("x", s, range(-3, 3))), (e, x) -> e.reshape(x.get(0), to));
    }

    /** A slice or a pad along a random fixed axis of a random shape. */
    private static Sample window(Rand r, boolean pad) {
        List<Dim> s = new ArrayList<>(r.shape(1, 3, 4));
        int axis = r.nextInt(s.size());
        int len = 1 + r.nextInt(4);
        s.set(axis, Dim.of(len));
        int size = pad ? len + r.nextInt(3) : 1 + r.nextInt(len);
        int start = r.nextInt(pad ? size - len + 1 : len - size + 1);
        return new Sample(List.of(in("x", s, range(-3, 3))),
                (e, x) -> pad ? e.pad(x.get(0), axis, start, size) : e.slice(x.get(0), axis, start, size));
    }

    /** {@code x · iota}: the gradient of x is the index along the axis. */
    private static Sample iota(Rand r) {
        List<Dim> s = new ArrayList<>(r.shape(1, 3, 4));
        int axis = r.nextInt(s.size());
        s.set(axis, Dim.of(1 + r.nextInt(4)));
        return new Sample(List.of(in("x", s, range(-3, 3))), (e, x) -> e.mul(x.get(0), e.iota(s, axis, F64)));
    }

    private static Sample matmul(Rand r) {
        Dim m = r.nextBoolean() ? Dim.of(Rand.BATCH) : Dim.of(1 + r.nextInt(3));
        Dim k = Dim.of(1 + r.nextInt(4));
        Dim n = Dim.of(1 + r.nextInt(3));
        int form = r.nextInt(3); // 0: 2-D @ 2-D, 1: 3-D @ 3-D, 2: 3-D @ 2-D (one b for every batch)
        List<Dim> a = form > 0 ? List.of(Dim.of(2), m, k) : List.of(m, k);
        List<Dim> b = form == 1 ? List.of(Dim.of(2), k, n) : List.of(k, n);
        return new Sample(List.of(in("a", a, range(-2, 2)), in("b", b, range(-2, 2))),
                (e, x) -> e.matmul(x.get(0), x.get(1)));
    }

    private static Sample oneHot(Rand r) {
        List<Dim> s = r.shape(0, 2, 3);
        int classes = 1 + r.nextInt(4);
        List<Dim> xs = new ArrayList<>(s);
        xs.add(Dim.of(classes));
        Operand labels = new Operand(Op.INPUT, "labels", new Type(DType.I32, s), (g, i) -> g.nextInt(classes), false);
        return new Sample(List.of(labels, in("x", xs, range(-3, 3))),
                (e, x) -> e.mul(e.oneHot(x.get(0), classes, F64), x.get(1)));
    }

    /** Table rows by index (repeated indices included, so scatter-add sums): a gather, or a scatter-add into 1..4 rows. */
    private static Sample gather(Rand r, boolean scatter) {
        List<Dim> s = r.shape(0, 2, 3);
        int rows = 1 + r.nextInt(4);
        int width = 1 + r.nextInt(3);
        Operand indices = new Operand(Op.INPUT, "indices", new Type(DType.I32, s), (g, i) -> g.nextInt(rows), false);
        List<Dim> values = new ArrayList<>(s);
        values.add(Dim.of(width));
        if (scatter) {
            return new Sample(List.of(indices, in("x", values, range(-3, 3))),
                    (e, x) -> e.scatterAdd(x.get(1), x.get(0), rows));
        }
        return new Sample(List.of(indices, in("table", List.of(Dim.of(rows), Dim.of(width)), range(-3, 3))),
                (e, x) -> e.gather(x.get(1), x.get(0)));
    }

    private static Operand in(String name, List<Dim> shape, Domain d) {
        return new Operand(Op.INPUT, name, type(shape), d, true);
    }

    private static Type type(List<Dim> shape) {
        return new Type(F64, shape);
    }
}

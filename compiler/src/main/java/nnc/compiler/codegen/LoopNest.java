package nnc.compiler.codegen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import nnc.compiler.kernel.Body;
import nnc.compiler.kernel.Expr;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.kernel.Out;
import nnc.compiler.kernel.Slot;
import nnc.runtime.Dim;
import org.objectweb.asm.Type;

/**
 * The emitter of {@link Kernel.Elementwise} and {@link Kernel.Reduce}: a loop nest over the
 * domain, one loop per axis after merging adjacent axes that every array walks contiguously
 * (so same-shaped operands become one flat loop with zero-offset indices, the form C2
 * vectorizes). Each array keeps a base offset per loop level; the innermost loop indexes
 * {@code base + i·stride}, and body nodes that do not depend on it are hoisted out of it.
 */
final class LoopNest {
    /** One array the nest walks: an operand (a load of the body) or a result. */
    private record Walk(Slot slot, List<Extent> strides) {
    }

    private final MethodContext c;
    private final Type t;
    private final Body body;
    private final List<Walk> walks = new ArrayList<>();
    private final List<Extent> sizes = new ArrayList<>();
    private final List<List<Extent>> strides = new ArrayList<>();
    private final int loads;
    private final List<Out> outs;
    private final Reduction reduction;
    /** The outermost level that indexes the results (-1 if none): the level split over threads. */
    private final int splitLevel;
    /** In a part method, the locals holding the range of {@link #splitLevel}; -1 for the whole level. */
    private int lo = -1;
    private int hi = -1;

    /** How results are combined: written (elementwise) or accumulated (reduce). */
    private record Reduction(boolean active, boolean max) {
    }

    private LoopNest(MethodContext c, List<Dim> domain, Body body, List<Out> outs, List<Extent> outStrides,
            Reduction reduction) {
        this.c = c;
        this.t = c == null ? null : c.layout.value();
        this.body = body;
        this.outs = outs;
        this.reduction = reduction;
        for (int i = 0; i < body.size(); i++) {
            if (body.node(i) instanceof Expr.Load l) {
                walks.add(new Walk(l.slot(), axisStrides(l, domain.size())));
            }
        }
        this.loads = walks.size();
        for (Out o : outs) {
            walks.add(new Walk(o.slot(), outStrides));
        }
        collapse(domain);
        this.splitLevel = firstResultLevel();
    }

    /** The first level where the results' stride is not zero (so its indices split the results). */
    private int firstResultLevel() {
        for (int lv = 0; lv < sizes.size(); lv++) {
            if (!strides.get(lv).get(loads).isZero()) {
                return lv;
            }
        }
        return -1;
    }

    /** Whether {@code k} has a level that splits its results (an elementwise kernel over a non-scalar domain). */
    static boolean splittable(Kernel.Elementwise k) {
        return elementwiseNest(null, k).splitLevel >= 0;
    }

    /** Whether {@code k} keeps an axis (a reduction to a scalar cannot be split by results). */
    static boolean splittable(Kernel.Reduce k) {
        return reduceNest(null, k).splitLevel >= 0;
    }

    /**
     * The method of a kernel with a part method ({@link Parts}): a reduction's fill, then the
     * nest split over the threads as job {@code job}, or run whole on this thread.
     */
    static void main(MethodContext c, Kernel k, String name, int job) {
        LoopNest nest;
        if (k instanceof Kernel.Reduce r) {
            fill(c, r.out(), r.max() ? Double.NEGATIVE_INFINITY : 0.0);
            nest = reduceNest(c, r);
        } else {
            nest = elementwiseNest(c, (Kernel.Elementwise) k);
        }
        long ops = nest.body.opCount() + 1L;
        Extent elements = nest.sizes.stream().reduce(Extent.ONE, Extent::times);
        int range = c.intLocal(nest.sizes.get(nest.splitLevel));
        Parts.dispatch(c, job, -1, () -> {
            Parts.pushLong(c, elements);
            c.g.push(ops);
            c.g.math(org.objectweb.asm.commons.GeneratorAdapter.MUL, Type.LONG_TYPE);
        }, range, nest.align(), () -> Parts.callWhole(c, name, -1));
    }

    /** The multiple a part's range starts at: {@link Parts#INNER_ALIGN} for the contiguous innermost level, else 1. */
    private int align() {
        return splitLevel == sizes.size() - 1 ? Parts.INNER_ALIGN : 1;
    }

    /**
     * The part method {@code (n, batch, part, parts)}: the nest over this part's range of the
     * split level, whose indices are rows or columns of the results (row ranges of a contiguous
     * innermost level start at multiples of {@link Parts#INNER_ALIGN}).
     */
    static void part(MethodContext c, Kernel k) {
        LoopNest nest = k instanceof Kernel.Reduce r ? reduceNest(c, r) : elementwiseNest(c, (Kernel.Elementwise) k);
        int bound = c.intLocal(nest.sizes.get(nest.splitLevel));
        nest.lo = Parts.bound(c, bound, false, nest.align());
        nest.hi = Parts.bound(c, bound, true, nest.align());
        nest.emit();
    }

    static void elementwise(MethodContext c, Kernel.Elementwise k) {
        elementwiseNest(c, k).emit();
    }

    static void reduce(MethodContext c, Kernel.Reduce k) {
        fill(c, k.out(), k.max() ? Double.NEGATIVE_INFINITY : 0.0);
        reduceNest(c, k).emit();
    }

    private static LoopNest elementwiseNest(MethodContext c, Kernel.Elementwise k) {
        List<Extent> rowMajor = rowMajor(k.domain(), List.of());
        return new LoopNest(c, k.domain(), k.body(), k.outs(), rowMajor, new Reduction(false, false));
    }

    private static LoopNest reduceNest(MethodContext c, Kernel.Reduce k) {
        List<Extent> outStrides = rowMajor(k.domain(), k.axes());
        List<Out> outs = List.of(new Out(k.out(), k.root()));
        return new LoopNest(c, k.domain(), k.body(), outs, outStrides, new Reduction(true, k.max()));
    }

    /** {@code out[0 .. size) = value}. */
    static void fill(MethodContext c, Slot out, double value) {
        int arr = c.array(out);
        int size = c.intLocal(out.size());
        c.loop(size, i -> {
            c.g.loadLocal(arr);
            c.g.loadLocal(i);
            if (out.dtype() == nnc.runtime.DType.F32) {
                c.g.push((float) value);
            } else {
                c.g.push(value);
            }
            c.g.arrayStore(Jvm.element(out.dtype()));
        });
    }

    /** Row-major strides of {@code domain} without {@code dropped} axes (zero on those). */
    private static List<Extent> rowMajor(List<Dim> domain, List<Integer> dropped) {
        Extent[] s = new Extent[domain.size()];
        Extent inner = Extent.ONE;
        for (int d = domain.size() - 1; d >= 0; d--) {
            if (dropped.contains(d)) {
                s[d] = Extent.ZERO;
            } else {
                s[d] = inner;
                inner = inner.times(Extent.of(domain.get(d)));
            }
        }
        return List.of(s);
    }

    private static List<Extent> axisStrides(Expr.Load l, int rank) {
        List<Extent> s = new ArrayList<>(rank);
        for (int d = 0; d < rank; d++) {
            s.add(l.stride(d));
        }
        return s;
    }

    /** Drops size-1 axes and merges neighbours every walk traverses contiguously. */
    private void collapse(List<Dim> domain) {
        for (int d = 0; d < domain.size(); d++) {
            if (domain.get(d).equals(Dim.of(1))) {
                continue;
            }
            Extent size = Extent.of(domain.get(d));
            List<Extent> st = new ArrayList<>();
            for (Walk w : walks) {
                st.add(w.strides().get(d));
            }
            int last = sizes.size() - 1;
            if (last >= 0 && mergeable(strides.get(last), st, size)) {
                sizes.set(last, sizes.get(last).times(size));
                strides.set(last, st);
            } else {
                sizes.add(size);
                strides.add(st);
            }
        }
    }

    private static boolean mergeable(List<Extent> outer, List<Extent> inner, Extent innerSize) {
        for (int w = 0; w < outer.size(); w++) {
            if (!outer.get(w).equals(inner.get(w).times(innerSize))) {
                return false;
            }
        }
        return true;
    }

    private void emit() {
        int[] arrays = walks.stream().mapToInt(w -> c.array(w.slot())).toArray();
        int[] bounds = sizes.stream().mapToInt(c::intLocal).toArray();
        int[] bases = new int[walks.size()];
        java.util.Arrays.fill(bases, -1);
        BodyEmitter be = new BodyEmitter(c, body, t);
        if (sizes.isEmpty()) {
            point(be, arrays, bases);
        } else {
            level(0, be, arrays, bounds, bases);
        }
    }

    private void level(int lv, BodyEmitter be, int[] arrays, int[] bounds, int[] bases) {
        if (lv == sizes.size() - 1) {
            innermost(be, arrays, bounds[lv], bases);
            return;
        }
        c.loop(lv == splitLevel ? lo : -1, lv == splitLevel && hi >= 0 ? hi : bounds[lv], i -> {
            int[] next = bases.clone();
            for (int w = 0; w < walks.size(); w++) {
                Extent s = strides.get(lv).get(w);
                if (!s.isZero()) {
                    c.index(bases[w], i, s);
                    next[w] = c.g.newLocal(Type.INT_TYPE);
                    c.g.storeLocal(next[w]);
                }
            }
            level(lv + 1, be, arrays, bounds, next);
        });
    }

    /** The whole body at one element (a scalar domain). */
    private void point(BodyEmitter be, int[] arrays, int[] bases) {
        be.emit(be.all(), site(arrays, bases, -1, List.of()));
        for (int o = 0; o < outs.size(); o++) {
            int w = loads + o;
            store(be, arrays[w], bases[w], -1, Extent.ZERO, outs.get(o));
        }
    }

    private void innermost(BodyEmitter be, int[] arrays, int bound, int[] bases) {
        List<Extent> inner = strides.get(sizes.size() - 1);
        BitSet inv = be.invariant(node -> !inner.get(loadIndex(node)).isZero(), false);
        be.emit(inv, site(arrays, bases, -1, inner));
        BitSet rest = be.all();
        rest.andNot(inv);
        Out out0 = outs.get(0);
        int ow = loads;
        boolean scalarAcc = reduction.active() && inner.get(ow).isZero();
        int acc = -1;
        if (scalarAcc) {
            acc = c.g.newLocal(t);
            c.g.loadLocal(arrays[ow]);
            c.index(bases[ow], 0, Extent.ZERO);
            c.loadElement(out0.slot().dtype(), t);
            c.g.storeLocal(acc);
        }
        int accLocal = acc;
        boolean split = sizes.size() - 1 == splitLevel && hi >= 0;
        c.loop(split ? lo : -1, split ? hi : bound, i -> {
            be.emit(rest, site(arrays, bases, i, inner));
            if (scalarAcc) {
                combine(accLocal, be.local(out0.expr()));
                c.g.storeLocal(accLocal);
                return;
            }
            for (int o = 0; o < outs.size(); o++) {
                store(be, arrays[loads + o], bases[loads + o], i, inner.get(loads + o), outs.get(o));
            }
        });
        if (scalarAcc) {
            c.g.loadLocal(arrays[ow]);
            c.index(bases[ow], 0, Extent.ZERO);
            c.g.loadLocal(acc);
            c.storeElement(out0.slot().dtype(), t);
        }
    }

    /** Writes (or accumulates) a result at {@code base + i·stride}. */
    private void store(BodyEmitter be, int array, int base, int i, Extent stride, Out out) {
        c.g.loadLocal(array);
        c.index(base, i, stride);
        if (reduction.active()) {
            c.g.dup2();
            c.loadElement(out.slot().dtype(), t);
            c.g.loadLocal(be.local(out.expr()));
            combineStack();
        } else {
            c.g.loadLocal(be.local(out.expr()));
        }
        c.storeElement(out.slot().dtype(), t);
    }

    private void combine(int acc, int value) {
        c.g.loadLocal(acc);
        c.g.loadLocal(value);
        combineStack();
    }

    private void combineStack() {
        if (reduction.max()) {
            c.g.invokeStatic(Type.getType(Math.class),
                    new org.objectweb.asm.commons.Method("max", t, new Type[] {t, t}));
        } else {
            c.g.math(org.objectweb.asm.commons.GeneratorAdapter.ADD, t);
        }
    }

    private BodyEmitter.Site site(int[] arrays, int[] bases, int i, List<Extent> inner) {
        return new BodyEmitter.Site() {
            @Override
            public void pushLoad(int node, Expr.Load load) {
                int w = loadIndex(node);
                c.g.loadLocal(arrays[w]);
                c.index(bases[w], i, i < 0 ? Extent.ZERO : inner.get(w));
            }

            @Override
            public void pushAcc() {
                throw new IllegalStateException("no accumulator outside a matmul epilogue");
            }
        };
    }

    /** The walk of body node {@code node} (a load): loads are numbered in body order. */
    private int loadIndex(int node) {
        int w = 0;
        for (int i = 0; i < node; i++) {
            if (body.node(i) instanceof Expr.Load) {
                w++;
            }
        }
        return w;
    }
}

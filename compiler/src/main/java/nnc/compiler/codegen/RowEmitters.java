package nnc.compiler.codegen;

import java.util.List;
import nnc.compiler.kernel.Expr;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.runtime.Dim;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/** The emitters of the row-wise kernels: {@link Kernel.LogSoftmax} and {@link Kernel.OneHot}. */
final class RowEmitters {
    private static final Type MATH = Type.getType(Math.class);

    private RowEmitters() {
    }

    /**
     * Per row along the axis: {@code m = max x}, {@code s = Σ exp(x - m)} (in double),
     * {@code y = x - (m + log s)}, as the reference interpreter computes it; then the epilogue
     * body at each element, with {@code y} as its accumulator. The max and the sum are
     * reductions, so these loops stay scalar; they are O(rows · classes).
     */
    static void logSoftmax(MethodContext c, Kernel.LogSoftmax k) {
        GeneratorAdapter g = c.g;
        Type t = c.layout.value();
        List<Dim> shape = k.shape();
        int in = c.array(k.in());
        Extent post = Extent.product(shape.subList(k.axis() + 1, shape.size()));
        Extent len = Extent.of(shape.get(k.axis()));
        int pre = c.intLocal(Extent.product(shape.subList(0, k.axis())));
        int postL = c.intLocal(post);
        int lenL = c.intLocal(len);
        int m = g.newLocal(Type.DOUBLE_TYPE);
        int s = g.newLocal(Type.DOUBLE_TYPE);
        int[] outs = k.outs().stream().mapToInt(o -> c.array(o.slot())).toArray();
        List<Expr.Load> loads = k.epilogue().loads();
        int[] loadArrays = loads.stream().mapToInt(l -> c.array(l.slot())).toArray();
        int[] rowBases = new int[loads.size()];
        for (int l = 0; l < rowBases.length; l++) {
            rowBases[l] = g.newLocal(Type.INT_TYPE);
        }
        BodyEmitter be = new BodyEmitter(c, k.epilogue(), t);
        int y = g.newLocal(t);
        c.loop(pre, p -> c.loop(postL, q -> {
            int base = g.newLocal(Type.INT_TYPE);
            g.loadLocal(p);
            c.push(len.times(post));
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.loadLocal(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.storeLocal(base);
            for (int l = 0; l < rowBases.length; l++) {
                c.index(-1, p, loads.get(l).stride(0));
                g.storeLocal(rowBases[l]);
            }
            maxAndLogSum(c, in, base, lenL, post, m, s);
            c.loop(lenL, j -> {
                loadX(c, in, base, j, post, t);
                g.loadLocal(s);
                g.math(GeneratorAdapter.SUB, Type.DOUBLE_TYPE);
                g.cast(Type.DOUBLE_TYPE, t);
                g.storeLocal(y);
                be.emit(be.all(), epilogueSite(c, y, loadArrays, rowBases, loads, j));
                for (int o = 0; o < outs.length; o++) {
                    g.loadLocal(outs[o]);
                    c.index(base, j, post);
                    g.loadLocal(be.local(k.outs().get(o).expr()));
                    c.storeElement(k.outs().get(o).slot().dtype(), t);
                }
            });
        }));
    }

    /** Leaves {@code m = max x} and {@code s = m + log Σ exp(x - m)} over one row. */
    private static void maxAndLogSum(MethodContext c, int in, int base, int lenL, Extent post, int m, int s) {
        GeneratorAdapter g = c.g;
        Type t = c.layout.value();
        g.push(Double.NEGATIVE_INFINITY);
        g.storeLocal(m);
        c.loop(lenL, j -> {
            g.loadLocal(m);
            loadX(c, in, base, j, post, t);
            g.invokeStatic(MATH, Method.getMethod("double max(double, double)"));
            g.storeLocal(m);
        });
        g.push(0.0);
        g.storeLocal(s);
        c.loop(lenL, j -> {
            g.loadLocal(s);
            loadX(c, in, base, j, post, t);
            g.loadLocal(m);
            g.math(GeneratorAdapter.SUB, Type.DOUBLE_TYPE);
            g.invokeStatic(MATH, Method.getMethod("double exp(double)"));
            g.math(GeneratorAdapter.ADD, Type.DOUBLE_TYPE);
            g.storeLocal(s);
        });
        g.loadLocal(m);
        g.loadLocal(s);
        g.invokeStatic(MATH, Method.getMethod("double log(double)"));
        g.math(GeneratorAdapter.ADD, Type.DOUBLE_TYPE);
        g.storeLocal(s);
    }

    private static BodyEmitter.Site epilogueSite(MethodContext c, int y, int[] arrays, int[] rowBases,
            List<Expr.Load> loads, int j) {
        return new BodyEmitter.Site() {
            @Override
            public void pushLoad(int node, Expr.Load load) {
                int l = loads.indexOf(load);
                c.g.loadLocal(arrays[l]);
                c.index(rowBases[l], j, load.stride(1));
            }

            @Override
            public void pushAcc() {
                c.g.loadLocal(y);
            }
        };
    }

    private static void loadX(MethodContext c, int in, int base, int j, Extent post, Type t) {
        c.g.loadLocal(in);
        c.index(base, j, post);
        c.g.arrayLoad(t);
        if (!t.equals(Type.DOUBLE_TYPE)) {
            c.g.cast(t, Type.DOUBLE_TYPE);
        }
    }

    /** Zeroes the rows, then sets a one per row, after checking the label is a class index. */
    static void oneHot(MethodContext c, Kernel.OneHot k) {
        GeneratorAdapter g = c.g;
        Type t = c.layout.value();
        LoopNest.fill(c, k.out(), 0.0);
        int labels = c.array(k.labels());
        int out = c.array(k.out());
        int rows = c.intLocal(new Extent(k.out().size().coeff() / k.classes(), k.out().size().batchPower()));
        int label = g.newLocal(Type.INT_TYPE);
        c.loop(rows, i -> {
            g.loadLocal(labels);
            g.loadLocal(i);
            g.arrayLoad(Type.INT_TYPE);
            g.storeLocal(label);
            Label bad = new Label();
            Label ok = new Label();
            g.loadLocal(label);
            g.ifZCmp(GeneratorAdapter.LT, bad);
            g.loadLocal(label);
            g.push(k.classes());
            g.ifICmp(GeneratorAdapter.LT, ok);
            g.mark(bad);
            g.loadThis();
            g.push(k.labels().name());
            g.loadLocal(i);
            g.loadLocal(label);
            g.push(k.classes());
            g.invokeVirtual(c.layout.owner(), Method.getMethod(
                    "nnc.runtime.NncRuntimeException badLabel(String, int, int, int)"));
            g.throwException();
            g.mark(ok);
            g.loadLocal(out);
            g.loadLocal(i);
            g.push(k.classes());
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.loadLocal(label);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            if (t.equals(Type.FLOAT_TYPE)) {
                g.push(1f);
            } else {
                g.push(1.0);
            }
            g.arrayStore(t);
        });
    }
}

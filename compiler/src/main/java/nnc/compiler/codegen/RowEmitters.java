package nnc.compiler.codegen;

import java.util.List;
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
     * {@code out = x - (m + log s)}, as the reference interpreter computes it. The max and the
     * sum are reductions, so these loops stay scalar; they are O(rows · classes).
     */
    static void logSoftmax(MethodContext c, Kernel.LogSoftmax k) {
        GeneratorAdapter g = c.g;
        Type t = c.layout.value();
        List<Dim> shape = k.shape();
        int in = c.array(k.in());
        int out = c.array(k.out());
        Extent post = Extent.product(shape.subList(k.axis() + 1, shape.size()));
        Extent len = Extent.of(shape.get(k.axis()));
        int pre = c.intLocal(Extent.product(shape.subList(0, k.axis())));
        int postL = c.intLocal(post);
        int lenL = c.intLocal(len);
        int m = g.newLocal(Type.DOUBLE_TYPE);
        int s = g.newLocal(Type.DOUBLE_TYPE);
        c.loop(pre, p -> c.loop(postL, q -> {
            int base = g.newLocal(Type.INT_TYPE);
            g.loadLocal(p);
            c.push(len.times(post));
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.loadLocal(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.storeLocal(base);
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
            c.loop(lenL, j -> {
                g.loadLocal(out);
                c.index(base, j, post);
                loadX(c, in, base, j, post, t);
                g.loadLocal(s);
                g.math(GeneratorAdapter.SUB, Type.DOUBLE_TYPE);
                g.cast(Type.DOUBLE_TYPE, t);
                g.arrayStore(t);
            });
        }));
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

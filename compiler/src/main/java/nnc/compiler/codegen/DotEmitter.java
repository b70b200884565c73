package nnc.compiler.codegen;

import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The scalar back end's {@code A · Bᵀ} for fewer than {@link MatMulEmitter#STREAM_ROWS} rows (the
 * input gradient {@code dy @ Wᵀ} of a step at batch 1): each element is a dot product of a row
 * of A and a row of the stored B, both stride-1, {@link #COLUMNS} columns at a time so that many
 * independent {@link Math#fma} chains hide the latency. Packing {@code Bᵀ} for the row kernels
 * would gather all of B with scalar stores for a single row of C. Every chain runs over p in
 * order from 0, as the row kernels do, so the results are the same bits.
 *
 * <p>Generated method {@code name$dots(n, batch index, lo, hi, work rows)}: rows {@code [lo, hi)}
 * into {@code work[0]}, each followed by the kernel's epilogue.
 */
final class DotEmitter {
    /** The suffix of the method. */
    static final String SUFFIX = "$dots";
    /** Columns of C per pass over a row of A. */
    static final int COLUMNS = 8;

    private final MethodContext c;
    private final Kernel.MatMul k;
    private final Type t;

    private DotEmitter(MethodContext c, Kernel.MatMul k) {
        this.c = c;
        this.k = k;
        this.t = c.layout.value();
    }

    /** Whether {@code k} takes this form below {@link MatMulEmitter#STREAM_ROWS} rows. */
    static boolean applies(Kernel.MatMul k) {
        return k.transB() && !k.transA();
    }

    static void emit(MethodContext c, Kernel.MatMul k, String name) {
        new DotEmitter(c, k).body(name);
    }

    /** Arguments: 0 = n, 1 = batch index, 2 = lo, 3 = hi, 4 = work rows. */
    private void body(String name) {
        GeneratorAdapter g = c.g;
        Type row = Jvm.array(c.layout.dtype());
        int a = c.array(k.a());
        int b = c.array(k.b());
        int m = c.intLocal(Extent.of(k.m()));
        int n = c.intLocal(Extent.of(k.n()));
        int kk = c.intLocal(Extent.of(k.k()));
        int aOff = g.newLocal(Type.INT_TYPE);
        g.loadArg(1);
        g.loadLocal(m);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.loadLocal(kk);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.storeLocal(aOff);
        int bOff = g.newLocal(Type.INT_TYPE);
        if (k.sharedB()) {
            g.push(0);
        } else {
            g.loadArg(1);
            g.loadLocal(kk);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.loadLocal(n);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        }
        g.storeLocal(bOff);
        int acc = g.newLocal(row);
        g.loadArg(4);
        g.push(0);
        g.arrayLoad(row);
        g.storeLocal(acc);
        int hi = g.newLocal(Type.INT_TYPE);
        g.loadArg(3);
        g.storeLocal(hi);
        int lo = g.newLocal(Type.INT_TYPE);
        g.loadArg(2);
        g.storeLocal(lo);
        c.loop(lo, hi, i -> {
            int aRow = g.newLocal(Type.INT_TYPE);
            g.loadLocal(aOff);
            g.loadLocal(i);
            g.loadLocal(kk);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.storeLocal(aRow);
            int j = g.newLocal(Type.INT_TYPE);
            g.push(0);
            g.storeLocal(j);
            columns(a, aRow, b, bOff, kk, n, acc, j, COLUMNS);
            columns(a, aRow, b, bOff, kk, n, acc, j, 1);
            g.loadThis();
            c.loadN();
            g.loadArg(1);
            g.loadLocal(i);
            g.loadLocal(acc);
            g.loadArg(4);
            g.invokeVirtual(c.layout.owner(), new Method(name + "$epi", EpilogueEmitter.descriptor(c.layout.dtype())));
        });
    }

    /**
     * {@code while (j + w <= n)}: {@code acc[j + q] = Σ_p fma(a[aRow + p], b[bOff + (j + q)·k + p])}
     * for {@code q < w}, the w sums in separate locals, then {@code j += w}.
     */
    private void columns(int a, int aRow, int b, int bOff, int kk, int n, int acc, int j, int w) {
        GeneratorAdapter g = c.g;
        Label head = g.mark();
        Label end = new Label();
        g.loadLocal(j);
        g.push(w);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(n);
        g.ifICmp(GeneratorAdapter.GT, end);
        int[] base = new int[w];
        int[] sum = new int[w];
        for (int q = 0; q < w; q++) {
            base[q] = g.newLocal(Type.INT_TYPE);
            g.loadLocal(bOff);
            g.loadLocal(j);
            g.push(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(kk);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.storeLocal(base[q]);
            sum[q] = g.newLocal(t);
            Jvm.pushZero(g, t);
            g.storeLocal(sum[q]);
        }
        Method fma = new Method("fma", t, new Type[] {t, t, t});
        int ap = g.newLocal(t);
        c.loop(kk, p -> {
            g.loadLocal(a);
            g.loadLocal(aRow);
            g.loadLocal(p);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.arrayLoad(t);
            g.storeLocal(ap);
            for (int q = 0; q < w; q++) {
                g.loadLocal(ap);
                g.loadLocal(b);
                g.loadLocal(base[q]);
                g.loadLocal(p);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.arrayLoad(t);
                g.loadLocal(sum[q]);
                g.invokeStatic(Type.getType(Math.class), fma);
                g.storeLocal(sum[q]);
            }
        });
        for (int q = 0; q < w; q++) {
            g.loadLocal(acc);
            g.loadLocal(j);
            g.push(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(sum[q]);
            g.arrayStore(t);
        }
        g.iinc(j, w);
        g.goTo(head);
        g.mark(end);
    }
}

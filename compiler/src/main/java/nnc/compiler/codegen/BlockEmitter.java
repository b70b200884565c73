package nnc.compiler.codegen;

import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.runtime.DType;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The scalar back end's matmul micro-kernel: one block of {@code R} rows of C (8, 4 or 1),
 * accumulated in zero-offset scratch rows over the whole k loop, {@code U} steps of k per pass
 * over {@link #GROUP} accumulator rows at a time, each element a chain of {@link Math#fma} calls:
 * {@code acc_r[j] = fma(a_r1, b1[j], fma(a_r0, b0[j], acc_r[j]))}. The rows method then runs the
 * epilogue of each row.
 *
 * <p>Why these shapes (W2's 256×1024×1024 over arrays of rows, thread CPU time, JDK 17 on the
 * project's machine): the 4-row axpy of the hand-written baseline ({@code R=4, U=1}) ran at
 * 32–34 GFLOP/s; {@code R=4, U=2} with {@code fma} at 50–61 (one load and store of each
 * accumulator per two multiply-adds, and one instruction per multiply-add);
 * {@code R=5, U=2} 66; {@code R=6, U=2} 38; while {@code R=4, U=4}, {@code R=2, U=4},
 * {@code R=8, U=2} in one pass and every {@code U=2} form written as {@code a·b + c·d + acc}
 * (no fma) fell back to scalar code (8–13). A single row does best with {@code U=4} (31–38).
 * The fma changes the rounding of the product by at most one ulp per step against the
 * interpreter's {@code a·b + c}; the result stays deterministic.
 */
final class BlockEmitter {
    /** Row-block heights, largest first: the rows method runs blocks of each while they fit. */
    static final int[] HEIGHTS = {ClassLayout.ROWS, 4, 1};
    /**
     * Accumulator rows updated by one pass over the columns. A block of {@link ClassLayout#ROWS}
     * rows makes several passes per step of k with the same rows of B, which stay in L1: B
     * (packed, up to 4 MB for W2) is then streamed from L2/L3 once per 8 rows of C, not per 4.
     */
    static final int GROUP = 4;
    /** The most steps of k a block folds in per pass ({@link #unroll} of any height): the streamed rows of B it needs. */
    static final int MAX_UNROLL = java.util.Arrays.stream(HEIGHTS).map(BlockEmitter::unroll).max().getAsInt();

    private final MethodContext c;
    private final Kernel.MatMul k;
    private final Type t;
    private final Type row;

    private BlockEmitter(MethodContext c, Kernel.MatMul k) {
        this.c = c;
        this.k = k;
        this.t = c.layout.value();
        this.row = Jvm.array(c.layout.dtype());
    }

    /** The name of the block method of {@code rows} rows. */
    static String name(String kernel, int rows) {
        return kernel + "$block" + rows;
    }

    /** The descriptor of a block method: {@code (n, batch index, first row, work rows)}. */
    static String descriptor(DType dtype) {
        return "(III" + Jvm.rows(dtype).getDescriptor() + ")V";
    }

    /**
     * Steps of k per pass for a block of {@code rows} rows. A one-row block (batch 1) is bound
     * by loads: each pass loads the accumulator and {@code U} rows of B for {@code U}
     * multiply-adds, so 8 steps (9 loads per 8) beat 4 (5 per 4). W1's 784×256 layer alone,
     * copies included: 12.2–12.8 µs against 14.7–16.7; the whole batch-1 inference 18.1 against
     * 18.9 µs (fastest of 60 alternating rounds). The sum runs over k in the same order: same bits.
     */
    static int unroll(int rows) {
        return rows == 1 ? 8 : 2;
    }

    /**
     * The methods of a block of {@code rows} rows: {@code start} zeroes the accumulator rows and
     * folds in the first {@code k mod U} steps one at a time, the block method the remaining
     * steps {@code U} at a time. The rows method calls both, then the epilogue of each row. Both
     * are kept apart, and apart from the epilogue calls, because the unrolled loop ran at half
     * speed in a method that also held the remainder loop or the calls (W2's 256×1024×1024:
     * 64 GFLOP/s alone, 47 with the remainder loop after it, 32 with the epilogue calls).
     */
    static void emit(MethodContext c, Kernel.MatMul k, int rows, boolean start) {
        new BlockEmitter(c, k).block(rows, start);
    }

    /** The name of the start method of a block of {@code rows} rows. */
    static String startName(String kernel, int rows) {
        return kernel + "$start" + rows;
    }

    /** Arguments: 0 = n, 1 = batch index, 2 = first row, 3 = work rows. */
    private void block(int rows, boolean start) {
        GeneratorAdapter g = c.g;
        int a = c.array(k.a());
        int b = c.array(k.b());
        int[] acc = workRows(0, rows);
        int u = unroll(rows);
        int[] stream = workRows(ClassLayout.ROWS, start ? 1 : u);
        int m = c.intLocal(Extent.of(k.m()));
        int n = c.intLocal(Extent.of(k.n()));
        int kk = c.intLocal(Extent.of(k.k()));
        int streaming = g.newLocal(Type.BOOLEAN_TYPE);
        if (MatMulEmitter.alwaysPacks(k)) {
            g.push(false);
        } else {
            Label no = new Label();
            Label done = new Label();
            g.loadLocal(m);
            g.push(MatMulEmitter.STREAM_ROWS);
            g.ifICmp(GeneratorAdapter.GE, no);
            g.push(true);
            g.goTo(done);
            g.mark(no);
            g.push(false);
            g.mark(done);
        }
        g.storeLocal(streaming);
        int pack = c.scratch(ClassLayout.PACK, Jvm.rows(c.layout.dtype()));
        int aOff = product(1, m, kk);
        int bOff = k.sharedB() ? MatMulEmitter.zero(c) : product(1, kk, n);
        int i = g.newLocal(Type.INT_TYPE);
        g.loadArg(2);
        g.storeLocal(i);
        int p = g.newLocal(Type.INT_TYPE);
        int lead = g.newLocal(Type.INT_TYPE);
        g.loadLocal(kk);
        g.push(u);
        g.math(GeneratorAdapter.REM, Type.INT_TYPE);
        g.storeLocal(lead);
        Operands ops = new Operands(a, aOff, b, bOff, pack, streaming, stream, i, m, n, kk);
        if (start) {
            g.push(0);
            g.storeLocal(p);
            Label zeroed = new Label();
            Label rest = new Label();
            g.loadLocal(lead);
            g.ifZCmp(GeneratorAdapter.EQ, zeroed);
            int one = g.newLocal(Type.INT_TYPE);
            g.push(1);
            g.storeLocal(one);
            steps(ops, acc, p, one, 1, true);
            g.goTo(rest);
            g.mark(zeroed);
            zero(acc, n);
            g.mark(rest);
            steps(ops, acc, p, lead, 1, false);
        } else {
            g.loadLocal(lead);
            g.storeLocal(p);
            steps(ops, acc, p, kk, u, false);
        }
    }

    /**
     * The row stride, when the {@code u} rows of B a streamed step uses are copied with one
     * {@code System.arraycopy} into one scratch row and read at constant offsets {@code q·n}:
     * {@code n} when it is a constant whose rows start on the same 64-byte boundary (C2 then
     * vectorizes the pass as with separate rows), else 0 (one copy per row). With 4 steps a pass,
     * W1's first layer at batch 1 copied 196 runs of 4 KB instead of 784 of 1 KB: 1.4 times faster
     * than four copies (now 98 runs of 8 KB, see {@link #unroll}).
     */
    private int contiguousStride(int u) {
        Extent n = Extent.of(k.n());
        long bytes = n.coeff() * (c.layout.dtype() == nnc.runtime.DType.F32 ? 4 : 8);
        return u > 1 && n.batchPower() == 0 && bytes % 64 == 0 && !MatMulEmitter.alwaysPacks(k) ? (int) n.coeff() : 0;
    }

    /** The locals of one block: where A and B are, and the loop bounds. */
    private record Operands(int a, int aOff, int b, int bOff, int pack, int streaming, int[] stream, int i, int m,
            int n, int kk) {
    }

    /** Locals holding {@code work[from .. from + count)}. */
    private int[] workRows(int from, int count) {
        int[] rows = new int[count];
        for (int r = 0; r < count; r++) {
            rows[r] = c.g.newLocal(row);
            c.g.loadArg(3);
            c.g.push(from + r);
            c.g.arrayLoad(row);
            c.g.storeLocal(rows[r]);
        }
        return rows;
    }

    /** A new local {@code (batch index) · x · y}. */
    private int product(int batchArg, int x, int y) {
        GeneratorAdapter g = c.g;
        int local = g.newLocal(Type.INT_TYPE);
        g.loadArg(batchArg);
        g.loadLocal(x);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.loadLocal(y);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.storeLocal(local);
        return local;
    }

    private void zero(int[] acc, int n) {
        c.loop(n, j -> {
            for (int r : acc) {
                c.g.loadLocal(r);
                c.g.loadLocal(j);
                Jvm.pushZero(c.g, t);
                c.g.arrayStore(t);
            }
        });
    }

    /**
     * {@code while (p + u <= limit)}: the rows of B for steps {@code p .. p+u}, the A values of every
     * row and step, then one pass {@code acc_r[j] = fma(a_r,u-1, b_u-1[j], … fma(a_r0, b0[j], acc_r[j]))};
     * with {@code assign} (one step, the first) {@code acc_r[j] = a_r0·b0[j] + 0}, the bits of
     * {@code fma(a_r0, b0[j], 0)} without zeroing the rows first (a product of k = 1, the weight
     * gradient at batch 1, is nothing else).
     */
    private void steps(Operands o, int[] acc, int p, int limit, int u, boolean assign) {
        GeneratorAdapter g = c.g;
        Label head = g.mark();
        Label end = new Label();
        g.loadLocal(p);
        g.push(u);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(limit);
        g.ifICmp(GeneratorAdapter.GT, end);
        int stride = contiguousStride(u);
        int[] bp = new int[u];
        if (stride == 0) {
            for (int q = 0; q < u; q++) {
                bp[q] = bRow(o, p, q);
            }
        }
        int[][] av = new int[acc.length][u];
        for (int r = 0; r < acc.length; r++) {
            for (int q = 0; q < u; q++) {
                av[r][q] = g.newLocal(t);
                g.loadLocal(o.a());
                aIndex(o, r, p, q);
                g.arrayLoad(t);
                g.storeLocal(av[r][q]);
            }
        }
        int[] bv = new int[u];
        for (int q = 0; q < u; q++) {
            bv[q] = g.newLocal(t);
        }
        Method fma = new Method("fma", t, new Type[] {t, t, t});
        int[] none = new int[u];
        if (assign) {
            for (int from = 0; from < acc.length; from += GROUP) {
                assignPass(acc, av, bp, bv, from, Math.min(acc.length, from + GROUP), o.n());
            }
        } else if (stride == 0) {
            passes(acc, av, bp, bv, none, fma, o.n(), u);
        } else {
            Label packed = new Label();
            Label done = new Label();
            g.loadLocal(o.streaming());
            g.ifZCmp(GeneratorAdapter.EQ, packed);
            copyRows(o, p, u);
            int[] offsets = new int[u];
            for (int q = 0; q < u; q++) {
                bp[q] = o.stream()[0];
                offsets[q] = q * stride;
            }
            passes(acc, av, bp, bv, offsets, fma, o.n(), u);
            g.goTo(done);
            g.mark(packed);
            for (int q = 0; q < u; q++) {
                bp[q] = g.newLocal(row);
                g.loadLocal(o.pack());
                g.loadLocal(p);
                g.push(q);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.arrayLoad(row);
                g.storeLocal(bp[q]);
            }
            passes(acc, av, bp, bv, none, fma, o.n(), u);
            g.mark(done);
        }
        g.iinc(p, u);
        g.goTo(head);
        g.mark(end);
    }

    /** The passes over the columns, {@link #GROUP} accumulator rows at a time; row q of B at {@code bp[q][offsets[q] + j]}. */
    private void passes(int[] acc, int[][] av, int[] bp, int[] bv, int[] offsets, Method fma, int n, int u) {
        for (int from = 0; from < acc.length; from += GROUP) {
            pass(acc, av, bp, bv, offsets, from, Math.min(acc.length, from + GROUP), fma, n, u);
        }
    }

    /** {@code b[bOff + p·n .. + u·n)}, rows {@code p .. p+u} of B, into the first stream row in one copy. */
    private void copyRows(Operands o, int p, int u) {
        GeneratorAdapter g = c.g;
        g.loadLocal(o.b());
        g.loadLocal(o.bOff());
        g.loadLocal(p);
        g.loadLocal(o.n());
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(o.stream()[0]);
        g.push(0);
        g.push(u);
        g.loadLocal(o.n());
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.invokeStatic(Type.getType(System.class), Method.getMethod("void arraycopy(Object, int, Object, int, int)"));
    }

    /** {@code acc_r[j] = a_r0·b0[j] + 0} for accumulator rows {@code [from, to)}. */
    private void assignPass(int[] acc, int[][] av, int[] bp, int[] bv, int from, int to, int n) {
        GeneratorAdapter g = c.g;
        c.loop(n, j -> {
            g.loadLocal(bp[0]);
            g.loadLocal(j);
            g.arrayLoad(t);
            g.storeLocal(bv[0]);
            for (int r = from; r < to; r++) {
                g.loadLocal(acc[r]);
                g.loadLocal(j);
                g.loadLocal(av[r][0]);
                g.loadLocal(bv[0]);
                g.math(GeneratorAdapter.MUL, t);
                Jvm.pushZero(g, t);
                g.math(GeneratorAdapter.ADD, t);
                g.arrayStore(t);
            }
        });
    }

    /** One pass over the columns for accumulator rows {@code [from, to)}. */
    private void pass(int[] acc, int[][] av, int[] bp, int[] bv, int[] offsets, int from, int to, Method fma, int n,
            int u) {
        GeneratorAdapter g = c.g;
        c.loop(n, j -> {
            for (int q = 0; q < u; q++) {
                g.loadLocal(bp[q]);
                g.loadLocal(j);
                if (offsets[q] != 0) {
                    g.push(offsets[q]);
                    g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                }
                g.arrayLoad(t);
                g.storeLocal(bv[q]);
            }
            for (int r = from; r < to; r++) {
                g.loadLocal(acc[r]);
                g.loadLocal(j);
                for (int q = u - 1; q >= 0; q--) {
                    g.loadLocal(av[r][q]);
                    g.loadLocal(bv[q]);
                }
                g.loadLocal(acc[r]);
                g.loadLocal(j);
                g.arrayLoad(t);
                for (int q = 0; q < u; q++) {
                    g.invokeStatic(Type.getType(Math.class), fma);
                }
                g.arrayStore(t);
            }
        });
    }

    /** A local holding row {@code p + q} of {@code op(B)}: the packed row, or a streamed copy of B's row. */
    private int bRow(Operands o, int p, int q) {
        GeneratorAdapter g = c.g;
        int local = g.newLocal(row);
        Label packed = new Label();
        Label done = new Label();
        g.loadLocal(o.streaming());
        g.ifZCmp(GeneratorAdapter.EQ, packed);
        g.loadLocal(o.b());
        g.loadLocal(o.bOff());
        g.loadLocal(p);
        g.push(q);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(o.n());
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(o.stream()[q]);
        g.push(0);
        g.loadLocal(o.n());
        g.invokeStatic(Type.getType(System.class), Method.getMethod("void arraycopy(Object, int, Object, int, int)"));
        g.loadLocal(o.stream()[q]);
        g.goTo(done);
        g.mark(packed);
        g.loadLocal(o.pack());
        g.loadLocal(p);
        g.push(q);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.arrayLoad(row);
        g.mark(done);
        g.storeLocal(local);
        return local;
    }

    /** Pushes the index of {@code A(i + r, p + q)}: {@code aOff + (i+r)·k + p + q}, or {@code aOff + (p+q)·m + i + r} transposed. */
    private void aIndex(Operands o, int r, int p, int q) {
        GeneratorAdapter g = c.g;
        g.loadLocal(o.aOff());
        if (k.transA()) {
            g.loadLocal(p);
            g.push(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(o.m());
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(o.i());
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.push(r);
        } else {
            g.loadLocal(o.i());
            g.push(r);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(o.kk());
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(p);
            g.push(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
    }
}

package nnc.compiler.codegen;

import java.util.List;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.runtime.DType;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The driver of a {@link Kernel.MatMul} in the scalar back end: per batch of a 3-D product,
 * prepares the right operand and runs the row range {@code [0, m)}; the rows themselves are the
 * business of {@link BlockEmitter} (register-blocked micro-kernels in the form C2 vectorizes).
 *
 * <p>C2's SuperWord pass (JDK 17 and 25) only vectorizes a loop whose array accesses all have
 * the same loop-invariant offset or none (see the package documentation), so the micro-kernels
 * read rows of {@code op(B)} from zero-offset row arrays. How those rows are made depends on the
 * orientation and on {@code m}:
 * <ul>
 *   <li>{@code B} in place ({@code x @ W}, {@code xᵀ @ dy}) and {@code m <} {@link #STREAM_ROWS}
 *       (batch 1 inference and training): no packing. Each row block copies the rows of B it is
 *       about to use into a few scratch rows that stay in L1 ({@code System.arraycopy}) — B is
 *       read once per row block, like the hand-written loop that reads it in place, instead of
 *       being copied whole into an array as large as B and read back.</li>
 *   <li>{@code B} in place and larger {@code m}: B is packed once per call into
 *       {@link ClassLayout#PACK} (a row copy) and every row block reads the packed rows.</li>
 *   <li>{@code Bᵀ} ({@code dy @ Wᵀ}) and {@code m <} {@link #STREAM_ROWS}: no packing, dot
 *       products of stride-1 rows ({@link DotEmitter}).</li>
 *   <li>{@code Bᵀ} and larger {@code m}: packed once per call with a transposing gather blocked by
 *       8 columns, so 8 stride-1 streams of {@code W} are read at once.</li>
 * </ul>
 *
 * <p>A 3-D {@code A} times a 2-D {@code B} ({@link Kernel.MatMul#sharedB()}) reads the same B in
 * every batch: it is packed once, for the first batch.
 *
 * <p>Generated methods of kernel {@code name}: {@code name(n)} the driver,
 * {@code name$rows(n, batch, lo, hi, work)} the rows {@code [lo, hi)} of one product (the unit a
 * thread pool can split: it only writes rows {@code [lo, hi)} of the results and uses only the
 * scratch rows {@code work} it is given), {@code name$startR} and {@code name$blockR} one block of {@code R} rows, and
 * {@code name$epi} the epilogue of one row.
 */
final class MatMulEmitter {
    private static final Type SYSTEM = Type.getType(System.class);
    private static final Method ARRAYCOPY = Method.getMethod("void arraycopy(Object, int, Object, int, int)");
    /** Below this many rows of C, a non-transposed B is streamed through scratch rows instead of packed. */
    static final int STREAM_ROWS = 16;
    /** The suffix of a kernel's rows method, {@code (n, batch index, lo, hi, work rows)}. */
    static final String ROWS_SUFFIX = "$rows";

    private final MethodContext c;
    private final Kernel.MatMul k;
    private final Type t;
    private final Type row;

    private MatMulEmitter(MethodContext c, Kernel.MatMul k) {
        this.c = c;
        this.k = k;
        this.t = c.layout.value();
        this.row = Jvm.array(c.layout.dtype());
    }

    /** Whether {@code k} packs its right operand on every call (always for {@code Bᵀ}). */
    static boolean alwaysPacks(Kernel.MatMul k) {
        return k.transB();
    }

    /** The descriptor of the rows method: {@code (n, batch index, lo, hi, work)}. */
    static String rowsDescriptor(DType dtype) {
        return "(IIII" + Jvm.rows(dtype).getDescriptor() + ")V";
    }

    /** The descriptor of the epilogue method: {@code (n, batch index, row, accumulator row, work)}. */
    static String epilogueDescriptor(DType dtype) {
        return EpilogueEmitter.descriptor(dtype);
    }

    /**
     * The main method: per batch, pack when needed, then the rows over {@code [0, m)}: split over
     * the threads as job {@code job} ({@link Parts}), or the rows method on this thread.
     */
    static void emit(MethodContext c, Kernel.MatMul k, String name, int job) {
        new MatMulEmitter(c, k).main(name, job);
    }

    /** The rows method: blocks of each of {@link BlockEmitter#HEIGHTS} while they fit, each followed by its rows' epilogues. */
    static void emitRows(MethodContext c, Kernel.MatMul k, String name) {
        new MatMulEmitter(c, k).rows(name);
    }

    private void main(String name, int job) {
        GeneratorAdapter g = c.g;
        int b = c.array(k.b());
        int m = c.intLocal(Extent.of(k.m()));
        int n = c.intLocal(Extent.of(k.n()));
        int kk = c.intLocal(Extent.of(k.k()));
        int batches = c.intLocal(k.batches());
        int work = c.scratch(ClassLayout.WORK, Jvm.rows(c.layout.dtype()));
        c.loop(batches, bb -> {
            Label next = new Label();
            if (c.layout.vector()) {
                VectorKernels.dispatch(c, k, name, job, bb, m, kk, n, next);
            }
            if (DotEmitter.applies(k)) {
                Label rows = new Label();
                g.loadLocal(m);
                g.push(STREAM_ROWS);
                g.ifICmp(GeneratorAdapter.GE, rows);
                callRows(name + DotEmitter.SUFFIX, bb, m, work);
                g.goTo(next);
                g.mark(rows);
            }
            Label skip = new Label();
            if (!alwaysPacks(k)) {
                g.loadLocal(m);
                g.push(STREAM_ROWS);
                g.ifICmp(GeneratorAdapter.LT, skip);
            }
            if (k.sharedB()) {
                g.loadLocal(bb);
                g.ifZCmp(GeneratorAdapter.NE, skip);
            }
            int pack = c.scratch(ClassLayout.PACK, Jvm.rows(c.layout.dtype()));
            int bOff = k.sharedB() ? zero(c) : product(bb, kk, n);
            pack(pack, b, bOff, kk, n);
            g.mark(skip);
            Parts.dispatch(c, job, bb, () -> pushWork(c, m, kk, n), m, ClassLayout.ROWS,
                    () -> callRows(name + ROWS_SUFFIX, bb, m, work));
            g.mark(next);
        });
    }

    /** {@code this.method(n, bb, 0, m, work)}: a rows method over every row of the product. */
    private void callRows(String method, int bb, int m, int work) {
        GeneratorAdapter g = c.g;
        g.loadThis();
        c.loadN();
        g.loadLocal(bb);
        g.push(0);
        g.loadLocal(m);
        g.loadLocal(work);
        g.invokeVirtual(c.layout.owner(), new Method(method, rowsDescriptor(c.layout.dtype())));
    }

    /** Pushes the multiply-adds of one product, {@code (long) m·k·n}. */
    static void pushWork(MethodContext c, int m, int kk, int n) {
        GeneratorAdapter g = c.g;
        g.loadLocal(m);
        g.cast(Type.INT_TYPE, Type.LONG_TYPE);
        g.loadLocal(kk);
        g.cast(Type.INT_TYPE, Type.LONG_TYPE);
        g.math(GeneratorAdapter.MUL, Type.LONG_TYPE);
        g.loadLocal(n);
        g.cast(Type.INT_TYPE, Type.LONG_TYPE);
        g.math(GeneratorAdapter.MUL, Type.LONG_TYPE);
    }

    /**
     * The part method {@code (n, batch, part, parts)}: rows {@code [lo, hi)} of the product with
     * the part's work rows, {@code lo} and {@code hi} multiples of the tallest row block
     * ({@link ClassLayout#ROWS}; every block height divides it) except {@code hi = m} at the end,
     * so each row is computed by the same block method as without threads.
     */
    static void emitPart(MethodContext c, Kernel.MatMul k, String name) {
        GeneratorAdapter g = c.g;
        int m = c.intLocal(Extent.of(k.m()));
        int lo = Parts.bound(c, m, false, ClassLayout.ROWS);
        int hi = Parts.bound(c, m, true, ClassLayout.ROWS);
        Label done = new Label();
        if (c.layout.vector()) {
            VectorKernels.partRows(c, name, m, lo, hi, done);
        }
        g.loadThis();
        c.loadN();
        g.loadArg(1);
        g.loadLocal(lo);
        g.loadLocal(hi);
        Parts.pushWorks(c);
        g.invokeVirtual(c.layout.owner(), new Method(name + ROWS_SUFFIX, rowsDescriptor(c.layout.dtype())));
        g.mark(done);
    }

    /** Arguments: 0 = n, 1 = batch index, 2 = lo, 3 = hi, 4 = work rows. */
    private void rows(String name) {
        GeneratorAdapter g = c.g;
        int i = g.newLocal(Type.INT_TYPE);
        g.loadArg(2);
        g.storeLocal(i);
        for (int rows : BlockEmitter.HEIGHTS) {
            Label head = g.mark();
            Label end = new Label();
            g.loadLocal(i);
            g.push(rows);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadArg(3);
            g.ifICmp(GeneratorAdapter.GT, end);
            for (String method : List.of(BlockEmitter.startName(name, rows), BlockEmitter.name(name, rows))) {
                g.loadThis();
                c.loadN();
                g.loadArg(1);
                g.loadLocal(i);
                g.loadArg(4);
                g.invokeVirtual(c.layout.owner(), new Method(method, BlockEmitter.descriptor(c.layout.dtype())));
            }
            for (int r = 0; r < rows; r++) {
                g.loadThis();
                c.loadN();
                g.loadArg(1);
                g.loadLocal(i);
                g.push(r);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.loadArg(4);
                g.push(r);
                g.arrayLoad(row);
                g.loadArg(4);
                g.invokeVirtual(c.layout.owner(), new Method(name + "$epi", EpilogueEmitter.descriptor(c.layout.dtype())));
            }
            g.iinc(i, rows);
            g.goTo(head);
            g.mark(end);
        }
    }

    /** A new int local holding 0 (the offset of a right operand shared by every batch). */
    static int zero(MethodContext c) {
        int local = c.g.newLocal(Type.INT_TYPE);
        c.g.push(0);
        c.g.storeLocal(local);
        return local;
    }

    /** A new local {@code bb · x · y}. */
    private int product(int bb, int x, int y) {
        GeneratorAdapter g = c.g;
        int local = g.newLocal(Type.INT_TYPE);
        g.loadLocal(bb);
        g.loadLocal(x);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.loadLocal(y);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.storeLocal(local);
        return local;
    }

    /** {@code pack[p][j] = B(p, j)} for the current batch: row copies, or a transposing gather. */
    private void pack(int pack, int b, int bOff, int kk, int n) {
        GeneratorAdapter g = c.g;
        if (!k.transB()) {
            c.loop(kk, p -> {
                g.loadLocal(b);
                g.loadLocal(bOff);
                g.loadLocal(p);
                g.loadLocal(n);
                g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.loadLocal(pack);
                g.loadLocal(p);
                g.arrayLoad(row);
                g.push(0);
                g.loadLocal(n);
                g.invokeStatic(SYSTEM, ARRAYCOPY);
            });
            return;
        }
        int j = g.newLocal(Type.INT_TYPE);
        g.push(0);
        g.storeLocal(j);
        gatherColumns(pack, b, bOff, kk, n, j, GATHER);
        gatherColumns(pack, b, bOff, kk, n, j, 1);
    }

    /** Columns of {@code Bᵀ} gathered together: stride-1 streams over the rows of the stored {@code B}. */
    private static final int GATHER = 8;

    /** {@code while (j + w <= n)}: {@code pack[p][j + q] = b[bOff + (j + q)·k + p]} for {@code q < w}, every p. */
    private void gatherColumns(int pack, int b, int bOff, int kk, int n, int j, int w) {
        GeneratorAdapter g = c.g;
        Label head = g.mark();
        Label end = new Label();
        g.loadLocal(j);
        g.push(w);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(n);
        g.ifICmp(GeneratorAdapter.GT, end);
        int[] src = new int[w];
        for (int q = 0; q < w; q++) {
            src[q] = g.newLocal(Type.INT_TYPE);
            g.loadLocal(bOff);
            g.loadLocal(j);
            g.push(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(kk);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.storeLocal(src[q]);
        }
        c.loop(kk, p -> {
            int dst = g.newLocal(row);
            g.loadLocal(pack);
            g.loadLocal(p);
            g.arrayLoad(row);
            g.storeLocal(dst);
            for (int q = 0; q < w; q++) {
                g.loadLocal(dst);
                g.loadLocal(j);
                g.push(q);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.loadLocal(b);
                g.loadLocal(src[q]);
                g.loadLocal(p);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.arrayLoad(t);
                g.arrayStore(t);
            }
        });
        g.iinc(j, w);
        g.goTo(head);
        g.mark(end);
    }
}

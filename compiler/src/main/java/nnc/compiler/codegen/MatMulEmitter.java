package nnc.compiler.codegen;

import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.runtime.DType;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The emitter of {@link Kernel.MatMul}, in the form C2 vectorizes on JDK 17.
 *
 * <p>C2's SuperWord pass (JDK 17 and 25) only vectorizes a loop when all its array accesses
 * have the same loop-invariant offset or none: {@code c[ci + j] += a * b[bi + j]} with two
 * different row offsets stays scalar (≈ 6 GFLOP/s here), while the same loop over zero-offset
 * row arrays runs at 32–45 GFLOP/s. So the right operand is first packed into an array of rows
 * (with the transpose done while packing, so {@code Bᵀ} costs no strided inner loop), and
 * {@link ClassLayout#ROWS} rows of C accumulate in zero-offset scratch rows in i-k-j (axpy)
 * order: {@code acc_r[j] += a_r · bp[j]}, one load of {@code bp[j]} per
 * {@link ClassLayout#ROWS} multiply-adds, no reduction in the inner loop. The epilogue then
 * runs per finished row, in a method of its own, reading the product from the scratch row and
 * writing each result to a zero-offset staging row that one {@code System.arraycopy} moves to
 * its array.
 */
final class MatMulEmitter {
    private static final Type SYSTEM = Type.getType(System.class);
    private static final Method ARRAYCOPY = Method.getMethod("void arraycopy(Object, int, Object, int, int)");

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

    /** The descriptor of the epilogue method: {@code (n, batch index, row, accumulator row)}. */
    static String epilogueDescriptor(DType dtype) {
        return EpilogueEmitter.descriptor(dtype);
    }

    /** The main method: pack, then per block of rows the block method and the epilogue per row. */
    static void emit(MethodContext c, Kernel.MatMul k, String name) {
        new MatMulEmitter(c, k).main(name);
    }

    /**
     * The method computing one block of {@code rows} rows of C: accumulate, then the epilogue of
     * each row. Block methods are kept above C2's inlining limit for hot methods
     * ({@code FreqInlineSize}, 325 bytes): inlined into the driver with its packing loop and the
     * epilogues, the accumulation loop was compiled to scalar code (W1 layer 1 at batch 32:
     * 1.8 ms inlined, 0.3 ms compiled on its own).
     */
    static void emitBlock(MethodContext c, Kernel.MatMul k, int rows, String name) {
        new MatMulEmitter(c, k).block(rows, name);
    }

    /** The name of the block method of {@code rows} rows. */
    static String blockName(String kernel, int rows) {
        return kernel + "$rows" + rows;
    }

    /** The descriptor of a block method: {@code (n, batch index, first row)}. */
    static final String BLOCK_DESCRIPTOR = "(III)V";

    private void main(String name) {
        GeneratorAdapter g = c.g;
        int b = c.array(k.b());
        int pack = c.scratch(ClassLayout.PACK, Jvm.rows(c.layout.dtype()));
        int m = c.intLocal(Extent.of(k.m()));
        int n = c.intLocal(Extent.of(k.n()));
        int kk = c.intLocal(Extent.of(k.k()));
        int batches = c.intLocal(k.batches());
        c.loop(batches, bb -> {
            int i = g.newLocal(Type.INT_TYPE);
            g.push(0);
            g.storeLocal(i);
            int bOff = product(bb, kk, n);
            pack(pack, b, bOff, kk, n);
            blocks(i, m, ClassLayout.ROWS, bb, name);
            blocks(i, m, 1, bb, name);
        });
    }

    private int[] accRows() {
        GeneratorAdapter g = c.g;
        int accRows = c.scratch(ClassLayout.ACC, Jvm.rows(c.layout.dtype()));
        int[] acc = new int[ClassLayout.ROWS];
        for (int r = 0; r < acc.length; r++) {
            acc[r] = g.newLocal(row);
            g.loadLocal(accRows);
            g.push(r);
            g.arrayLoad(row);
            g.storeLocal(acc[r]);
        }
        return acc;
    }

    /** Arguments: 0 = n, 1 = batch index, 2 = first row. Zeroes the scratch rows and accumulates. */
    private void block(int rows, String name) {
        GeneratorAdapter g = c.g;
        int a = c.array(k.a());
        int pack = c.scratch(ClassLayout.PACK, Jvm.rows(c.layout.dtype()));
        int[] acc = accRows();
        int m = c.intLocal(Extent.of(k.m()));
        int n = c.intLocal(Extent.of(k.n()));
        int kk = c.intLocal(Extent.of(k.k()));
        int bb = g.newLocal(Type.INT_TYPE);
        g.loadArg(1);
        g.storeLocal(bb);
        int i = g.newLocal(Type.INT_TYPE);
        g.loadArg(2);
        g.storeLocal(i);
        int aOff = product(bb, m, kk);
        zero(acc, rows, n);
        if (rows == 1) {
            accumulateSingle(i, acc[0], a, aOff, pack, kk, n, m);
        } else {
            accumulate(i, rows, acc, a, aOff, pack, kk, n, m);
        }
        for (int r = 0; r < rows; r++) {
            g.loadThis();
            c.loadN();
            g.loadLocal(bb);
            g.loadLocal(i);
            g.push(r);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(acc[r]);
            g.invokeVirtual(c.layout.owner(), new Method(name + "$epi", epilogueDescriptor(c.layout.dtype())));
        }
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

    /** {@code pack[p][j] = B(p, j)} for the current batch: a row copy, or a transposing gather. */
    private void pack(int pack, int b, int bOff, int kk, int n) {
        GeneratorAdapter g = c.g;
        c.loop(kk, p -> {
            int dst = g.newLocal(row);
            g.loadLocal(pack);
            g.loadLocal(p);
            g.arrayLoad(row);
            g.storeLocal(dst);
            if (!k.transB()) {
                g.loadLocal(b);
                g.loadLocal(bOff);
                g.loadLocal(p);
                g.loadLocal(n);
                g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.loadLocal(dst);
                g.push(0);
                g.loadLocal(n);
                g.invokeStatic(SYSTEM, ARRAYCOPY);
                return;
            }
            c.loop(n, j -> {
                g.loadLocal(dst);
                g.loadLocal(j);
                g.loadLocal(b);
                g.loadLocal(bOff);
                g.loadLocal(j);
                g.loadLocal(kk);
                g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.loadLocal(p);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.arrayLoad(t);
                g.arrayStore(t);
            });
        });
    }

    /** {@code while (i + rows <= m)}: the block method, then the epilogue of each of its rows. */
    private void blocks(int i, int m, int rows, int bb, String name) {
        GeneratorAdapter g = c.g;
        org.objectweb.asm.Label head = g.mark();
        org.objectweb.asm.Label end = new org.objectweb.asm.Label();
        g.loadLocal(i);
        g.push(rows);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(m);
        g.ifICmp(GeneratorAdapter.GT, end);
        g.loadThis();
        c.loadN();
        g.loadLocal(bb);
        g.loadLocal(i);
        g.invokeVirtual(c.layout.owner(), new Method(blockName(name, rows), BLOCK_DESCRIPTOR));
        g.iinc(i, rows);
        g.goTo(head);
        g.mark(end);
    }

    private void zero(int[] acc, int rows, int n) {
        c.loop(n, j -> {
            for (int r = 0; r < rows; r++) {
                c.g.loadLocal(acc[r]);
                c.g.loadLocal(j);
                pushZero();
                c.g.arrayStore(t);
            }
        });
    }

    /**
     * A single row (batch 1, or the rows left over): {@code K} unrolled by 4, so each pass over
     * the accumulator row folds in four rows of B:
     * {@code acc[j] += a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j]}, then the remaining rows one by one.
     */
    private void accumulateSingle(int i, int acc, int a, int aOff, int pack, int kk, int n, int m) {
        GeneratorAdapter g = c.g;
        int unroll = 4;
        int p = g.newLocal(Type.INT_TYPE);
        g.push(0);
        g.storeLocal(p);
        org.objectweb.asm.Label head = g.mark();
        org.objectweb.asm.Label tail = new org.objectweb.asm.Label();
        g.loadLocal(p);
        g.push(unroll);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(kk);
        g.ifICmp(GeneratorAdapter.GT, tail);
        int[] av = new int[unroll];
        int[] bp = new int[unroll];
        for (int q = 0; q < unroll; q++) {
            av[q] = g.newLocal(t);
            g.loadLocal(a);
            aIndex(i, 0, p, q, aOff, kk, m);
            g.arrayLoad(t);
            g.storeLocal(av[q]);
            bp[q] = g.newLocal(row);
            g.loadLocal(pack);
            g.loadLocal(p);
            g.push(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.arrayLoad(row);
            g.storeLocal(bp[q]);
        }
        c.loop(n, j -> {
            g.loadLocal(acc);
            g.loadLocal(j);
            g.dup2();
            g.arrayLoad(t);
            for (int q = 0; q < unroll; q++) {
                g.loadLocal(av[q]);
                g.loadLocal(bp[q]);
                g.loadLocal(j);
                g.arrayLoad(t);
                g.math(GeneratorAdapter.MUL, t);
                if (q > 0) {
                    g.math(GeneratorAdapter.ADD, t);
                }
            }
            g.math(GeneratorAdapter.ADD, t);
            g.arrayStore(t);
        });
        g.iinc(p, unroll);
        g.goTo(head);
        g.mark(tail);
        org.objectweb.asm.Label done = new org.objectweb.asm.Label();
        org.objectweb.asm.Label rest = g.mark();
        g.loadLocal(p);
        g.loadLocal(kk);
        g.ifICmp(GeneratorAdapter.GE, done);
        axpy(new int[] {acc}, 1, a, i, p, aOff, pack, kk, n, m);
        g.iinc(p, 1);
        g.goTo(rest);
        g.mark(done);
    }

    /** {@code for p: a_r = A(i + r, p); bp = pack[p]; for j: acc_r[j] += a_r · bp[j]}. */
    private void accumulate(int i, int rows, int[] acc, int a, int aOff, int pack, int kk, int n, int m) {
        c.loop(kk, p -> axpy(acc, rows, a, i, p, aOff, pack, kk, n, m));
    }

    /** One step of the k loop: {@code acc_r[j] += A(i + r, p) · pack[p][j]} for every row r of the block. */
    private void axpy(int[] acc, int rows, int a, int i, int p, int aOff, int pack, int kk, int n, int m) {
        GeneratorAdapter g = c.g;
        {
            int[] av = new int[rows];
            for (int r = 0; r < rows; r++) {
                av[r] = g.newLocal(t);
                g.loadLocal(a);
                aIndex(i, r, p, 0, aOff, kk, m);
                g.arrayLoad(t);
                g.storeLocal(av[r]);
            }
            int bp = g.newLocal(row);
            g.loadLocal(pack);
            g.loadLocal(p);
            g.arrayLoad(row);
            g.storeLocal(bp);
            int bv = g.newLocal(t);
            c.loop(n, j -> {
                g.loadLocal(bp);
                g.loadLocal(j);
                g.arrayLoad(t);
                g.storeLocal(bv);
                for (int r = 0; r < rows; r++) {
                    g.loadLocal(acc[r]);
                    g.loadLocal(j);
                    g.dup2();
                    g.arrayLoad(t);
                    g.loadLocal(av[r]);
                    g.loadLocal(bv);
                    g.math(GeneratorAdapter.MUL, t);
                    g.math(GeneratorAdapter.ADD, t);
                    g.arrayStore(t);
                }
            });
        }
    }

    /** Pushes the index of {@code A(i + r, p + q)}: {@code aOff + (i+r)·k + p + q}, or {@code aOff + (p+q)·m + i + r} transposed. */
    private void aIndex(int i, int r, int p, int q, int aOff, int kk, int m) {
        GeneratorAdapter g = c.g;
        g.loadLocal(aOff);
        if (k.transA()) {
            g.loadLocal(p);
            g.push(q);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(m);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(i);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.push(r);
        } else {
            g.loadLocal(i);
            g.push(r);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(kk);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadLocal(p);
            if (q != 0) {
                g.push(q);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            }
        }
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
    }

    private void pushZero() {
        if (t.equals(Type.FLOAT_TYPE)) {
            c.g.push(0f);
        } else {
            c.g.push(0.0);
        }
    }
}

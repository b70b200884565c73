package nnc.runtime.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} with the Vector API: a register-blocked micro-kernel of 8 rows × 3 vectors of
 * {@link FloatVector#SPECIES_PREFERRED} (8 × 48 floats with AVX-512), whose 24 accumulators stay
 * in registers over the whole k loop; per step of k it loads 3 vectors of the packed B panel,
 * broadcasts 8 values of A and issues 24 fused multiply-adds (11 loads per 24 fma; a 6 × 2
 * kernel, 8 per 12, ran 5–20% slower here). Columns left over after the 3-vector panels go
 * to 1-vector panels, so at most 15 columns per row are padding (W1's 256 columns: 5 panels of
 * 48 and one of 16). Two kernels only: each method must get hot enough for C2 soon, because
 * until then C1 runs the Vector API as slow library code (a third, 2-vector kernel was still
 * compiled by C1 after 8 s of W1 at batch 32 on the loaded machine).
 *
 * <p>B is packed into panels of {@code NR = 3·lanes} or {@code lanes} columns, each {@code k × width}
 * contiguous (zero-padded up to a whole vector), so the micro-kernel reads it as one stream. A
 * call of {@link #rows} runs every panel over up to {@link #MC} rows (6 micro-kernel heights), so
 * a panel (192 KB for k = 1024) is reused from L2 by 6 micro-kernels and the rows of A stay in L2
 * across panels. Rows past the last (fewer than 8 left) repeat the last row's A and are not
 * stored. The sum over k runs in order p = 0, 1, …, one fma per step, so results do not depend on
 * the row range a call covers.
 *
 * <p>A product of few rows ({@link #rowsInPlace}: a batch of one in a forward pass, say) reads
 * B where it lies instead: blocks of 4 rows × 4 vectors (16 accumulators, 4 loads of B per 16
 * fma), a last 1–3 rows one at a time × 16 or 8 vectors (load-bound, as a matrix-vector product is),
 * and for {@code A · Bᵀ} dot products of stride-1 runs, 4 columns at a time. Columns past the
 * whole vectors are summed one by one with {@link Math#fma}, in the same order.
 *
 * <p>Unrolled by hand (one method per panel width); loaded reflectively by
 * {@link Simd} only when {@code jdk.incubator.vector} is present.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 3 * L;
    private static final int MR = 8;
    /** Rows per call: 6 micro-kernel heights. */
    static final int MC = 6 * MR;

    /** Instances come from {@link Simd}. */
    VectorGemm() {
    }

    @Override
    public int maxRows() {
        return MC;
    }

    @Override
    public int rowLength(int n) {
        return vectors(n) * L;
    }

    @Override
    public int packedSize(int k, int n) {
        return Math.multiplyExact(vectors(n) * L, k);
    }

    private static int vectors(int n) {
        return (n + L - 1) / L;
    }

    /** The width of the panel starting at column {@code j0}: NR while it fits in the whole vectors left, then one vector. */
    private static int width(int n, int j0) {
        return j0 + NR <= vectors(n) * L ? NR : L;
    }

    /**
     * Packs with plain copies, no Vector API: {@code pack} runs once per matmul and batch (three
     * times a step for W1 at batch 1), so it reaches C2 long after the kernels, and until then
     * every {@link FloatVector} it made was a heap object (W1 at batch 1 allocated 2304 bytes a
     * step for seconds: the 24 vectors of its 256- and 128-column weight gradients' panels).
     * {@link System#arraycopy} is an intrinsic in every tier and allocates nothing even interpreted.
     */
    @Override
    public void pack(float[] b, int off, boolean trans, int k, int n, float[] packed) {
        for (int j0 = 0, w; j0 < n; j0 += w) {
            w = width(n, j0);
            int dst = j0 * k;
            if (trans) {
                packTransposed(b, off, k, n, packed, j0, w, dst);
            } else {
                int real = Math.min(w, n - j0);
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, off + p * n + j0, packed, dst + p * w, real);
                    if (real < w) {
                        Arrays.fill(packed, dst + p * w + real, dst + (p + 1) * w, 0f);
                    }
                }
            }
        }
    }

    /** Panel columns {@code j0 …} of {@code Bᵀ}: each column is a stride-1 run of the stored B. */
    private static void packTransposed(float[] b, int off, int k, int n, float[] packed, int j0, int w, int dst) {
        for (int jj = 0; jj < w; jj++) {
            int j = j0 + jj;
            if (j < n) {
                int src = off + j * k;
                for (int p = 0; p < k; p++) {
                    packed[dst + p * w + jj] = b[src + p];
                }
            } else {
                for (int p = 0; p < k; p++) {
                    packed[dst + p * w + jj] = 0f;
                }
            }
        }
    }

    @Override
    public void rows(float[] a, int off, boolean trans, int m, int k, int n, int i, int count, float[] packed,
            float[][] out) {
        if (count > MC) {
            throw new IllegalArgumentException(count + " rows in one call; at most " + MC);
        }
        for (int j0 = 0, w; j0 < n; j0 += w) {
            w = width(n, j0);
            int base = j0 * k;
            for (int r0 = 0; r0 < count; r0 += MR) {
                int rows = Math.min(MR, count - r0);
                if (w == NR) {
                    kernel3(a, off, trans, m, k, i + r0, rows, packed, base, w, out, r0, j0);
                } else {
                    kernel1(a, off, trans, m, k, i + r0, rows, packed, base, w, out, r0, j0);
                }
            }
        }
    }

    /** Rows {@code [i, i + rows)} (rows ≤ 8) × 3 vectors of columns from {@code j0}, panel rows {@code w} apart. */
    private static void kernel3(float[] a, int off, boolean trans, int m, int k, int i, int rows, float[] packed,
            int base, int w, float[][] out, int r0, int j0) {
        int step = trans ? m : 1;
        int last = rows - 1;
        int x0 = start(off, trans, m, k, i, 0);
        int x1 = start(off, trans, m, k, i, Math.min(1, last));
        int x2 = start(off, trans, m, k, i, Math.min(2, last));
        int x3 = start(off, trans, m, k, i, Math.min(3, last));
        int x4 = start(off, trans, m, k, i, Math.min(4, last));
        int x5 = start(off, trans, m, k, i, Math.min(5, last));
        int x6 = start(off, trans, m, k, i, Math.min(6, last));
        int x7 = start(off, trans, m, k, i, Math.min(7, last));
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0, bo = base; p < k; p++, bo += w) {
            FloatVector b0 = FloatVector.fromArray(S, packed, bo);
            FloatVector b1 = FloatVector.fromArray(S, packed, bo + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, packed, bo + 2 * L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[x0]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(S, a[x1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(S, a[x2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(S, a[x3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            c32 = av.fma(b2, c32);
            av = FloatVector.broadcast(S, a[x4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            c42 = av.fma(b2, c42);
            av = FloatVector.broadcast(S, a[x5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            c52 = av.fma(b2, c52);
            av = FloatVector.broadcast(S, a[x6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            c62 = av.fma(b2, c62);
            av = FloatVector.broadcast(S, a[x7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            c72 = av.fma(b2, c72);
            x0 += step;
            x1 += step;
            x2 += step;
            x3 += step;
            x4 += step;
            x5 += step;
            x6 += step;
            x7 += step;
        }
        c00.intoArray(out[r0 + 0], j0);
        c01.intoArray(out[r0 + 0], j0 + 1 * L);
        c02.intoArray(out[r0 + 0], j0 + 2 * L);
        if (rows > 1) {
            c10.intoArray(out[r0 + 1], j0);
            c11.intoArray(out[r0 + 1], j0 + 1 * L);
            c12.intoArray(out[r0 + 1], j0 + 2 * L);
        }
        if (rows > 2) {
            c20.intoArray(out[r0 + 2], j0);
            c21.intoArray(out[r0 + 2], j0 + 1 * L);
            c22.intoArray(out[r0 + 2], j0 + 2 * L);
        }
        if (rows > 3) {
            c30.intoArray(out[r0 + 3], j0);
            c31.intoArray(out[r0 + 3], j0 + 1 * L);
            c32.intoArray(out[r0 + 3], j0 + 2 * L);
        }
        if (rows > 4) {
            c40.intoArray(out[r0 + 4], j0);
            c41.intoArray(out[r0 + 4], j0 + 1 * L);
            c42.intoArray(out[r0 + 4], j0 + 2 * L);
        }
        if (rows > 5) {
            c50.intoArray(out[r0 + 5], j0);
            c51.intoArray(out[r0 + 5], j0 + 1 * L);
            c52.intoArray(out[r0 + 5], j0 + 2 * L);
        }
        if (rows > 6) {
            c60.intoArray(out[r0 + 6], j0);
            c61.intoArray(out[r0 + 6], j0 + 1 * L);
            c62.intoArray(out[r0 + 6], j0 + 2 * L);
        }
        if (rows > 7) {
            c70.intoArray(out[r0 + 7], j0);
            c71.intoArray(out[r0 + 7], j0 + 1 * L);
            c72.intoArray(out[r0 + 7], j0 + 2 * L);
        }
    }

    /** Rows {@code [i, i + rows)} (rows ≤ 8) × 1 vector of columns from {@code j0}, panel rows {@code w} apart. */
    private static void kernel1(float[] a, int off, boolean trans, int m, int k, int i, int rows, float[] packed,
            int base, int w, float[][] out, int r0, int j0) {
        int step = trans ? m : 1;
        int last = rows - 1;
        int x0 = start(off, trans, m, k, i, 0);
        int x1 = start(off, trans, m, k, i, Math.min(1, last));
        int x2 = start(off, trans, m, k, i, Math.min(2, last));
        int x3 = start(off, trans, m, k, i, Math.min(3, last));
        int x4 = start(off, trans, m, k, i, Math.min(4, last));
        int x5 = start(off, trans, m, k, i, Math.min(5, last));
        int x6 = start(off, trans, m, k, i, Math.min(6, last));
        int x7 = start(off, trans, m, k, i, Math.min(7, last));
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        for (int p = 0, bo = base; p < k; p++, bo += w) {
            FloatVector b0 = FloatVector.fromArray(S, packed, bo);
            FloatVector av;
            av = FloatVector.broadcast(S, a[x0]);
            c00 = av.fma(b0, c00);
            av = FloatVector.broadcast(S, a[x1]);
            c10 = av.fma(b0, c10);
            av = FloatVector.broadcast(S, a[x2]);
            c20 = av.fma(b0, c20);
            av = FloatVector.broadcast(S, a[x3]);
            c30 = av.fma(b0, c30);
            av = FloatVector.broadcast(S, a[x4]);
            c40 = av.fma(b0, c40);
            av = FloatVector.broadcast(S, a[x5]);
            c50 = av.fma(b0, c50);
            av = FloatVector.broadcast(S, a[x6]);
            c60 = av.fma(b0, c60);
            av = FloatVector.broadcast(S, a[x7]);
            c70 = av.fma(b0, c70);
            x0 += step;
            x1 += step;
            x2 += step;
            x3 += step;
            x4 += step;
            x5 += step;
            x6 += step;
            x7 += step;
        }
        c00.intoArray(out[r0 + 0], j0);
        if (rows > 1) {
            c10.intoArray(out[r0 + 1], j0);
        }
        if (rows > 2) {
            c20.intoArray(out[r0 + 2], j0);
        }
        if (rows > 3) {
            c30.intoArray(out[r0 + 3], j0);
        }
        if (rows > 4) {
            c40.intoArray(out[r0 + 4], j0);
        }
        if (rows > 5) {
            c50.intoArray(out[r0 + 5], j0);
        }
        if (rows > 6) {
            c60.intoArray(out[r0 + 6], j0);
        }
        if (rows > 7) {
            c70.intoArray(out[r0 + 7], j0);
        }
    }

    @Override
    public void rowsInPlace(float[] a, int aOff, boolean transA, int m, int k, int n, int i, int count, float[] b,
            int bOff, boolean transB, float[][] out) {
        if (count > MC) {
            throw new IllegalArgumentException(count + " rows in one call; at most " + MC);
        }
        if (transB) {
            if (transA) {
                throw new IllegalArgumentException("rowsInPlace: op(A) and op(B) both transposed; pack B and call rows");
            }
            for (int r = 0; r < count; r++) {
                dots(a, aOff + (i + r) * k, k, n, b, bOff, out[r]);
            }
            return;
        }
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            fourRows(a, aOff, transA, m, k, n, i + r, b, bOff, out, r);
        }
        for (; r < count; r++) {
            int x = start(aOff, transA, m, k, i + r, 0);
            int step = transA ? m : 1;
            int wide = n - n % (16 * L);
            for (int j0 = 0; j0 < wide; j0 += 16 * L) {
                sixteen(a, x, step, k, n, b, bOff + j0, out[r], j0);
            }
            oneRow(a, x, step, k, n, b, bOff, out[r], wide);
        }
    }

    /**
     * Columns {@code [j0, j0 + 16 vectors)} of one row, B in place: each step of k reads 16
     * vectors of one row of B, a whole 1 KB row of W1's first layer, so the row is fetched once
     * (two 8-vector passes over the same rows ran at 100 GB/s against 150 for one pass).
     */
    private static void sixteen(float[] a, int x, int step, int k, int n, float[] b, int bo0, float[] o, int j0) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        FloatVector c8 = FloatVector.zero(S), c9 = FloatVector.zero(S), ca = FloatVector.zero(S), cb = FloatVector.zero(S);
        FloatVector cc = FloatVector.zero(S), cd = FloatVector.zero(S), ce = FloatVector.zero(S), cf = FloatVector.zero(S);
        for (int p = 0, bo = bo0, xa = x; p < k; p++, bo += n, xa += step) {
            FloatVector av = FloatVector.broadcast(S, a[xa]);
            c0 = av.fma(FloatVector.fromArray(S, b, bo), c0);
            c1 = av.fma(FloatVector.fromArray(S, b, bo + L), c1);
            c2 = av.fma(FloatVector.fromArray(S, b, bo + 2 * L), c2);
            c3 = av.fma(FloatVector.fromArray(S, b, bo + 3 * L), c3);
            c4 = av.fma(FloatVector.fromArray(S, b, bo + 4 * L), c4);
            c5 = av.fma(FloatVector.fromArray(S, b, bo + 5 * L), c5);
            c6 = av.fma(FloatVector.fromArray(S, b, bo + 6 * L), c6);
            c7 = av.fma(FloatVector.fromArray(S, b, bo + 7 * L), c7);
            c8 = av.fma(FloatVector.fromArray(S, b, bo + 8 * L), c8);
            c9 = av.fma(FloatVector.fromArray(S, b, bo + 9 * L), c9);
            ca = av.fma(FloatVector.fromArray(S, b, bo + 10 * L), ca);
            cb = av.fma(FloatVector.fromArray(S, b, bo + 11 * L), cb);
            cc = av.fma(FloatVector.fromArray(S, b, bo + 12 * L), cc);
            cd = av.fma(FloatVector.fromArray(S, b, bo + 13 * L), cd);
            ce = av.fma(FloatVector.fromArray(S, b, bo + 14 * L), ce);
            cf = av.fma(FloatVector.fromArray(S, b, bo + 15 * L), cf);
        }
        c0.intoArray(o, j0);
        c1.intoArray(o, j0 + L);
        c2.intoArray(o, j0 + 2 * L);
        c3.intoArray(o, j0 + 3 * L);
        c4.intoArray(o, j0 + 4 * L);
        c5.intoArray(o, j0 + 5 * L);
        c6.intoArray(o, j0 + 6 * L);
        c7.intoArray(o, j0 + 7 * L);
        c8.intoArray(o, j0 + 8 * L);
        c9.intoArray(o, j0 + 9 * L);
        ca.intoArray(o, j0 + 10 * L);
        cb.intoArray(o, j0 + 11 * L);
        cc.intoArray(o, j0 + 12 * L);
        cd.intoArray(o, j0 + 13 * L);
        ce.intoArray(o, j0 + 14 * L);
        cf.intoArray(o, j0 + 15 * L);
    }

    /** Rows {@code [i, i + 4)} of {@code op(A) · B}, B in place: 4 × 4 vectors, then 4 × 1, then single columns. */
    private static void fourRows(float[] a, int aOff, boolean transA, int m, int k, int n, int i, float[] b, int bOff,
            float[][] out, int r0) {
        int step = transA ? m : 1;
        int x0 = start(aOff, transA, m, k, i, 0);
        int x1 = start(aOff, transA, m, k, i, 1);
        int x2 = start(aOff, transA, m, k, i, 2);
        int x3 = start(aOff, transA, m, k, i, 3);
        float[] o0 = out[r0], o1 = out[r0 + 1], o2 = out[r0 + 2], o3 = out[r0 + 3];
        int j0 = 0;
        for (; j0 + 4 * L <= n; j0 += 4 * L) {
            FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
            FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
            FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
            for (int p = 0, bo = bOff + j0, xa = 0; p < k; p++, bo += n, xa += step) {
                FloatVector b0 = FloatVector.fromArray(S, b, bo);
                FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
                FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * L);
                FloatVector av = FloatVector.broadcast(S, a[x0 + xa]);
                c00 = av.fma(b0, c00);
                c01 = av.fma(b1, c01);
                c02 = av.fma(b2, c02);
                c03 = av.fma(b3, c03);
                av = FloatVector.broadcast(S, a[x1 + xa]);
                c10 = av.fma(b0, c10);
                c11 = av.fma(b1, c11);
                c12 = av.fma(b2, c12);
                c13 = av.fma(b3, c13);
                av = FloatVector.broadcast(S, a[x2 + xa]);
                c20 = av.fma(b0, c20);
                c21 = av.fma(b1, c21);
                c22 = av.fma(b2, c22);
                c23 = av.fma(b3, c23);
                av = FloatVector.broadcast(S, a[x3 + xa]);
                c30 = av.fma(b0, c30);
                c31 = av.fma(b1, c31);
                c32 = av.fma(b2, c32);
                c33 = av.fma(b3, c33);
            }
            c00.intoArray(o0, j0);
            c01.intoArray(o0, j0 + L);
            c02.intoArray(o0, j0 + 2 * L);
            c03.intoArray(o0, j0 + 3 * L);
            c10.intoArray(o1, j0);
            c11.intoArray(o1, j0 + L);
            c12.intoArray(o1, j0 + 2 * L);
            c13.intoArray(o1, j0 + 3 * L);
            c20.intoArray(o2, j0);
            c21.intoArray(o2, j0 + L);
            c22.intoArray(o2, j0 + 2 * L);
            c23.intoArray(o2, j0 + 3 * L);
            c30.intoArray(o3, j0);
            c31.intoArray(o3, j0 + L);
            c32.intoArray(o3, j0 + 2 * L);
            c33.intoArray(o3, j0 + 3 * L);
        }
        for (; j0 + L <= n; j0 += L) {
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
            for (int p = 0, bo = bOff + j0, xa = 0; p < k; p++, bo += n, xa += step) {
                FloatVector b0 = FloatVector.fromArray(S, b, bo);
                c0 = FloatVector.broadcast(S, a[x0 + xa]).fma(b0, c0);
                c1 = FloatVector.broadcast(S, a[x1 + xa]).fma(b0, c1);
                c2 = FloatVector.broadcast(S, a[x2 + xa]).fma(b0, c2);
                c3 = FloatVector.broadcast(S, a[x3 + xa]).fma(b0, c3);
            }
            c0.intoArray(o0, j0);
            c1.intoArray(o1, j0);
            c2.intoArray(o2, j0);
            c3.intoArray(o3, j0);
        }
        for (; j0 < n; j0++) {
            o0[j0] = column(a, x0, step, k, b, bOff + j0, n);
            o1[j0] = column(a, x1, step, k, b, bOff + j0, n);
            o2[j0] = column(a, x2, step, k, b, bOff + j0, n);
            o3[j0] = column(a, x3, step, k, b, bOff + j0, n);
        }
    }

    /**
     * Columns {@code [from, n)} of one row of {@code op(A) · B}, its A elements at
     * {@code x + p·step}, B in place: 8 vectors, then 1, then single columns.
     */
    private static void oneRow(float[] a, int x, int step, int k, int n, float[] b, int bOff, float[] o, int from) {
        int j0 = from;
        for (; j0 + 8 * L <= n; j0 += 8 * L) {
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
            FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
            for (int p = 0, bo = bOff + j0, xa = x; p < k; p++, bo += n, xa += step) {
                FloatVector av = FloatVector.broadcast(S, a[xa]);
                c0 = av.fma(FloatVector.fromArray(S, b, bo), c0);
                c1 = av.fma(FloatVector.fromArray(S, b, bo + L), c1);
                c2 = av.fma(FloatVector.fromArray(S, b, bo + 2 * L), c2);
                c3 = av.fma(FloatVector.fromArray(S, b, bo + 3 * L), c3);
                c4 = av.fma(FloatVector.fromArray(S, b, bo + 4 * L), c4);
                c5 = av.fma(FloatVector.fromArray(S, b, bo + 5 * L), c5);
                c6 = av.fma(FloatVector.fromArray(S, b, bo + 6 * L), c6);
                c7 = av.fma(FloatVector.fromArray(S, b, bo + 7 * L), c7);
            }
            c0.intoArray(o, j0);
            c1.intoArray(o, j0 + L);
            c2.intoArray(o, j0 + 2 * L);
            c3.intoArray(o, j0 + 3 * L);
            c4.intoArray(o, j0 + 4 * L);
            c5.intoArray(o, j0 + 5 * L);
            c6.intoArray(o, j0 + 6 * L);
            c7.intoArray(o, j0 + 7 * L);
        }
        for (; j0 + L <= n; j0 += L) {
            FloatVector c0 = FloatVector.zero(S);
            for (int p = 0, bo = bOff + j0, xa = x; p < k; p++, bo += n, xa += step) {
                c0 = FloatVector.broadcast(S, a[xa]).fma(FloatVector.fromArray(S, b, bo), c0);
            }
            c0.intoArray(o, j0);
        }
        for (; j0 < n; j0++) {
            o[j0] = column(a, x, step, k, b, bOff + j0, n);
        }
    }

    /** {@code Σ_p a[x + p·step] · b[bo + p·n]}, one fma per step in order. */
    private static float column(float[] a, int x, int step, int k, float[] b, int bo, int n) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[x + p * step], b[bo + p * n], s);
        }
        return s;
    }

    /** {@code o[j] = Σ_p a[aRow + p] · b[bOff + j·k + p]}: 4 columns at a time, in lanes, then across them, then the last {@code k mod L} steps. */
    private static void dots(float[] a, int aRow, int k, int n, float[] b, int bOff, float[] o) {
        int kv = k - k % L;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            int b0 = bOff + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
            for (int p = 0; p < kv; p += L) {
                FloatVector av = FloatVector.fromArray(S, a, aRow + p);
                c0 = av.fma(FloatVector.fromArray(S, b, b0 + p), c0);
                c1 = av.fma(FloatVector.fromArray(S, b, b1 + p), c1);
                c2 = av.fma(FloatVector.fromArray(S, b, b2 + p), c2);
                c3 = av.fma(FloatVector.fromArray(S, b, b3 + p), c3);
            }
            float s0 = c0.reduceLanes(VectorOperators.ADD);
            float s1 = c1.reduceLanes(VectorOperators.ADD);
            float s2 = c2.reduceLanes(VectorOperators.ADD);
            float s3 = c3.reduceLanes(VectorOperators.ADD);
            for (int p = kv; p < k; p++) {
                float ap = a[aRow + p];
                s0 = Math.fma(ap, b[b0 + p], s0);
                s1 = Math.fma(ap, b[b1 + p], s1);
                s2 = Math.fma(ap, b[b2 + p], s2);
                s3 = Math.fma(ap, b[b3 + p], s3);
            }
            o[j] = s0;
            o[j + 1] = s1;
            o[j + 2] = s2;
            o[j + 3] = s3;
        }
        for (; j < n; j++) {
            int b0 = bOff + j * k;
            FloatVector c0 = FloatVector.zero(S);
            for (int p = 0; p < kv; p += L) {
                c0 = FloatVector.fromArray(S, a, aRow + p).fma(FloatVector.fromArray(S, b, b0 + p), c0);
            }
            float s0 = c0.reduceLanes(VectorOperators.ADD);
            for (int p = kv; p < k; p++) {
                s0 = Math.fma(a[aRow + p], b[b0 + p], s0);
            }
            o[j] = s0;
        }
    }

    /** The index of {@code A(i + r, 0)}. */
    private static int start(int off, boolean trans, int m, int k, int i, int r) {
        return trans ? off + i + r : off + (i + r) * k;
    }

    @Override
    public void sgdRow(float[] p, int off, float[] g, int n, float lr, float weightDecay) {
        FloatVector rate = FloatVector.broadcast(S, lr);
        FloatVector decay = FloatVector.broadcast(S, weightDecay);
        int j = 0;
        for (; j <= n - L; j += L) {
            FloatVector theta = FloatVector.fromArray(S, p, off + j);
            theta.sub(rate.mul(FloatVector.fromArray(S, g, j).add(decay.mul(theta)))).intoArray(p, off + j);
        }
        for (; j < n; j++) {
            p[off + j] -= lr * (g[j] + weightDecay * p[off + j]);
        }
    }

    @Override
    public String toString() {
        return "Vector API, " + S + ", micro-kernel " + MR + "×" + NR;
    }
}

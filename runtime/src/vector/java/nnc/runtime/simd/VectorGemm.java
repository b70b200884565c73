package nnc.runtime.simd;

import jdk.incubator.vector.FloatVector;
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

    @Override
    public void pack(float[] b, int off, boolean trans, int k, int n, float[] packed) {
        for (int j0 = 0, w; j0 < n; j0 += w) {
            w = width(n, j0);
            int dst = j0 * k;
            if (trans) {
                packTransposed(b, off, k, n, packed, j0, w, dst);
            } else if (j0 + w <= n) {
                for (int p = 0; p < k; p++) {
                    for (int v = 0; v < w; v += L) {
                        FloatVector.fromArray(S, b, off + p * n + j0 + v).intoArray(packed, dst + p * w + v);
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    for (int jj = 0; jj < w; jj++) {
                        int j = j0 + jj;
                        packed[dst + p * w + jj] = j < n ? b[off + p * n + j] : 0f;
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

    /** The index of {@code A(i + r, 0)}. */
    private static int start(int off, boolean trans, int m, int k, int i, int r) {
        return trans ? off + i + r : off + (i + r) * k;
    }

    @Override
    public String toString() {
        return "Vector API, " + S + ", micro-kernel " + MR + "×" + NR;
    }
}

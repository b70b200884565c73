package nnc.runtime.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} with the Vector API: a register-blocked micro-kernel of 6 rows × 2 vectors of
 * {@link FloatVector#SPECIES_PREFERRED} (6 × 32 floats with AVX-512), whose 12 accumulators stay
 * in registers over the whole k loop; per step of k it loads 2 vectors of the packed B panel,
 * broadcasts 6 values of A and issues 12 fused multiply-adds.
 *
 * <p>B is packed into panels of {@code NR = 2·lanes} columns, each {@code k × NR} contiguous
 * (zero-padded past {@code n}), so the micro-kernel reads it as one stream. A call of
 * {@link #rows} runs every panel over up to {@link #MC} rows (8 micro-kernel rows), so a panel
 * (128 KB for k = 1024) is reused from L2 by 8 micro-kernels and the rows of A (192 KB) stay in
 * L2 across panels. Rows past the last (fewer than 6 left) repeat the last row's A and are not
 * stored. The sum over k runs in order p = 0, 1, …, one fma per step, so results do not depend
 * on the row range a call covers.
 *
 * <p>Loaded reflectively by {@link Simd} only when {@code jdk.incubator.vector} is present.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 2 * L;
    private static final int MR = 6;
    /** Rows per call: 8 micro-kernel heights. */
    static final int MC = 8 * MR;

    /** Instances come from {@link Simd}. */
    VectorGemm() {
    }

    @Override
    public int maxRows() {
        return MC;
    }

    @Override
    public int rowLength(int n) {
        return panels(n) * NR;
    }

    @Override
    public int packedSize(int k, int n) {
        return Math.multiplyExact(panels(n) * NR, k);
    }

    private static int panels(int n) {
        return (n + NR - 1) / NR;
    }

    @Override
    public void pack(float[] b, int off, boolean trans, int k, int n, float[] packed) {
        for (int jp = 0, panels = panels(n); jp < panels; jp++) {
            int j0 = jp * NR;
            int dst = jp * k * NR;
            if (trans) {
                packTransposed(b, off, k, n, packed, j0, dst);
            } else if (j0 + NR <= n) {
                for (int p = 0; p < k; p++) {
                    int src = off + p * n + j0;
                    FloatVector.fromArray(S, b, src).intoArray(packed, dst + p * NR);
                    FloatVector.fromArray(S, b, src + L).intoArray(packed, dst + p * NR + L);
                }
            } else {
                for (int p = 0; p < k; p++) {
                    for (int jj = 0; jj < NR; jj++) {
                        int j = j0 + jj;
                        packed[dst + p * NR + jj] = j < n ? b[off + p * n + j] : 0f;
                    }
                }
            }
        }
    }

    /** Panel columns {@code j0 …} of {@code Bᵀ}: each column is a stride-1 run of the stored B. */
    private static void packTransposed(float[] b, int off, int k, int n, float[] packed, int j0, int dst) {
        for (int jj = 0; jj < NR; jj++) {
            int j = j0 + jj;
            if (j < n) {
                int src = off + j * k;
                for (int p = 0; p < k; p++) {
                    packed[dst + p * NR + jj] = b[src + p];
                }
            } else {
                for (int p = 0; p < k; p++) {
                    packed[dst + p * NR + jj] = 0f;
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
        for (int jp = 0, panels = panels(n); jp < panels; jp++) {
            for (int r0 = 0; r0 < count; r0 += MR) {
                kernel(a, off, trans, m, k, i + r0, Math.min(MR, count - r0), packed, jp * k * NR, out, r0, jp * NR);
            }
        }
    }

    /** Rows {@code [i, i + rows)} (rows ≤ 6) × columns {@code [j0, j0 + NR)} into {@code out[r0 …]}. */
    private static void kernel(float[] a, int off, boolean trans, int m, int k, int i, int rows, float[] packed,
            int base, float[][] out, int r0, int j0) {
        int step = trans ? m : 1;
        int last = rows - 1;
        int x0 = start(off, trans, m, k, i, 0);
        int x1 = start(off, trans, m, k, i, Math.min(1, last));
        int x2 = start(off, trans, m, k, i, Math.min(2, last));
        int x3 = start(off, trans, m, k, i, Math.min(3, last));
        int x4 = start(off, trans, m, k, i, Math.min(4, last));
        int x5 = start(off, trans, m, k, i, Math.min(5, last));
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0, bo = base; p < k; p++, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, packed, bo);
            FloatVector b1 = FloatVector.fromArray(S, packed, bo + L);
            FloatVector av = FloatVector.broadcast(S, a[x0]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[x1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[x2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[x3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[x4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[x5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            x0 += step;
            x1 += step;
            x2 += step;
            x3 += step;
            x4 += step;
            x5 += step;
        }
        store(out[r0], j0, c00, c01);
        if (rows > 1) {
            store(out[r0 + 1], j0, c10, c11);
        }
        if (rows > 2) {
            store(out[r0 + 2], j0, c20, c21);
        }
        if (rows > 3) {
            store(out[r0 + 3], j0, c30, c31);
        }
        if (rows > 4) {
            store(out[r0 + 4], j0, c40, c41);
        }
        if (rows > 5) {
            store(out[r0 + 5], j0, c50, c51);
        }
    }

    /** The index of {@code A(i + r, 0)}. */
    private static int start(int off, boolean trans, int m, int k, int i, int r) {
        return trans ? off + i + r : off + (i + r) * k;
    }

    private static void store(float[] row, int j0, FloatVector lo, FloatVector hi) {
        lo.intoArray(row, j0);
        hi.intoArray(row, j0 + L);
    }

    @Override
    public String toString() {
        return "Vector API, " + S + ", micro-kernel " + MR + "×" + NR;
    }
}

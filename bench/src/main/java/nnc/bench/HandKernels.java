package nnc.bench;

/**
 * The loops of the hand-written baseline, as a good Java developer writes them after one
 * measurement: matrices are arrays of rows ({@code float[rows][cols]}), matmul runs in i-k-j
 * (axpy) order four rows at a time so the innermost loop is a stride-1 multiply-add over
 * zero-offset rows, and the bias and activation are fused into the row block while its rows
 * are in cache.
 *
 * <p>Why rows and not one flat {@code float[]} per matrix: C2's SuperWord (JDK 17) leaves a loop
 * like {@code c[c0 + j] += a * w[w0 + j]} scalar when its accesses have different
 * loop-invariant offsets, and four output rows of one flat array can alias as far as C2 knows.
 * Measured here (thread CPU time, 256×1024×1024): flat arrays with row offsets 4–6 GFLOP/s,
 * arrays of rows 26–28 GFLOP/s. A baseline in the flat form would be a straw man.
 */
final class HandKernels {
    private HandKernels() {
    }

    /**
     * {@code c[i] = act(a[i] @ w + bias)} for rows {@code i < m}, with {@code a[m][k]},
     * {@code w[k][n]}, {@code c[m][n]}; {@code bias} may be {@code null}, {@code act} too (linear).
     */
    static void dense(float[][] a, float[][] w, float[] bias, float[][] c, int m, int k, int n,
            Workload.Activation act) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            float[] c0 = c[i];
            float[] c1 = c[i + 1];
            float[] c2 = c[i + 2];
            float[] c3 = c[i + 3];
            init(c0, bias, n);
            init(c1, bias, n);
            init(c2, bias, n);
            init(c3, bias, n);
            float[] a0 = a[i];
            float[] a1 = a[i + 1];
            float[] a2 = a[i + 2];
            float[] a3 = a[i + 3];
            for (int p = 0; p < k; p++) {
                axpy4(a0[p], a1[p], a2[p], a3[p], w[p], c0, c1, c2, c3, n);
            }
            activate(c0, n, act);
            activate(c1, n, act);
            activate(c2, n, act);
            activate(c3, n, act);
        }
        for (; i < m; i++) {
            float[] ci = c[i];
            float[] ai = a[i];
            init(ci, bias, n);
            for (int p = 0; p < k; p++) {
                axpy(ai[p], w[p], ci, n);
            }
            activate(ci, n, act);
        }
    }

    /**
     * {@code g = aᵀ @ d} for {@code a[m][k]}, {@code d[m][n]}, {@code g[k][n]}: the weight
     * gradient, four rows of g at a time, summing over the batch in the middle loop.
     */
    static void weightGrad(float[][] a, float[][] d, float[][] g, int m, int k, int n) {
        int r = 0;
        for (; r + 4 <= k; r += 4) {
            float[] g0 = g[r];
            float[] g1 = g[r + 1];
            float[] g2 = g[r + 2];
            float[] g3 = g[r + 3];
            init(g0, null, n);
            init(g1, null, n);
            init(g2, null, n);
            init(g3, null, n);
            for (int p = 0; p < m; p++) {
                float[] ap = a[p];
                axpy4(ap[r], ap[r + 1], ap[r + 2], ap[r + 3], d[p], g0, g1, g2, g3, n);
            }
        }
        for (; r < k; r++) {
            float[] gr = g[r];
            init(gr, null, n);
            for (int p = 0; p < m; p++) {
                axpy(a[p][r], d[p], gr, n);
            }
        }
    }

    /** {@code gb = Σ_rows d} over the first {@code m} rows: the bias gradient. */
    static void columnSums(float[][] d, float[] gb, int m, int n) {
        init(gb, null, n);
        for (int p = 0; p < m; p++) {
            float[] dp = d[p];
            for (int j = 0; j < n; j++) {
                gb[j] += dp[j];
            }
        }
    }

    /** {@code t = wᵀ} ({@code w[k][n]}, {@code t[n][k]}), so the input gradient {@code d @ wᵀ} runs in axpy order too. */
    static void transpose(float[][] w, float[][] t, int k, int n) {
        for (int p = 0; p < k; p++) {
            float[] wp = w[p];
            for (int j = 0; j < n; j++) {
                t[j][p] = wp[j];
            }
        }
    }

    /** {@code d *= act'(y)} for rows {@code < m}, where {@code y} is the activation's output. */
    static void backActivate(float[][] d, float[][] y, int m, int n, Workload.Activation act) {
        for (int p = 0; p < m; p++) {
            float[] dp = d[p];
            float[] yp = y[p];
            if (act == Workload.Activation.RELU) {
                for (int j = 0; j < n; j++) {
                    dp[j] = yp[j] > 0 ? dp[j] : 0f;
                }
            } else {
                for (int j = 0; j < n; j++) {
                    dp[j] *= yp[j] * (1 - yp[j]);
                }
            }
        }
    }

    private static void axpy4(float a0, float a1, float a2, float a3, float[] w, float[] c0, float[] c1,
            float[] c2, float[] c3, int n) {
        for (int j = 0; j < n; j++) {
            float wj = w[j];
            c0[j] += a0 * wj;
            c1[j] += a1 * wj;
            c2[j] += a2 * wj;
            c3[j] += a3 * wj;
        }
    }

    private static void axpy(float a, float[] w, float[] c, int n) {
        for (int j = 0; j < n; j++) {
            c[j] += a * w[j];
        }
    }

    private static void init(float[] c, float[] bias, int n) {
        if (bias == null) {
            java.util.Arrays.fill(c, 0, n, 0f);
        } else {
            System.arraycopy(bias, 0, c, 0, n);
        }
    }

    private static void activate(float[] c, int n, Workload.Activation act) {
        if (act == Workload.Activation.RELU) {
            for (int j = 0; j < n; j++) {
                c[j] = Math.max(c[j], 0f);
            }
        } else if (act == Workload.Activation.SIGMOID) {
            for (int j = 0; j < n; j++) {
                c[j] = (float) (1 / (1 + Math.exp(-c[j])));
            }
        }
    }
}

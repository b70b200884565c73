package nnc.bench;

/**
 * The loops of the hand-written baseline, as a good Java developer writes them: flat row-major
 * {@code float[]} per tensor, matmul in i-k-j (axpy) order four rows at a time so the innermost
 * loop is a stride-1 multiply-add that C2 vectorizes, and the bias and activation fused into the
 * row block while its rows are in cache.
 */
final class HandKernels {
    private HandKernels() {
    }

    /**
     * {@code c[m×n] = act(a[m×k] @ w[k×n] + bias)}, four rows of c at a time. {@code act} is
     * applied by {@link #activate}; {@code bias} may be {@code null} (no bias).
     */
    static void dense(float[] a, float[] w, float[] bias, float[] c, int m, int k, int n, Workload.Activation act) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int c0 = i * n;
            initRows(c, c0, 4, n, bias);
            for (int p = 0; p < k; p++) {
                float a0 = a[i * k + p];
                float a1 = a[(i + 1) * k + p];
                float a2 = a[(i + 2) * k + p];
                float a3 = a[(i + 3) * k + p];
                axpy4(a0, a1, a2, a3, w, p * n, c, c0, n);
            }
            activate(c, c0, 4 * n, act);
        }
        for (; i < m; i++) {
            int c0 = i * n;
            initRows(c, c0, 1, n, bias);
            for (int p = 0; p < k; p++) {
                axpy(a[i * k + p], w, p * n, c, c0, n);
            }
            activate(c, c0, n, act);
        }
    }

    /**
     * {@code g[k×n] = aᵀ @ d} for {@code a[m×k]} and {@code d[m×n]}: the weight gradient, four
     * rows of g (four columns of a) at a time, summing over the batch rows in the middle loop.
     */
    static void weightGrad(float[] a, float[] d, float[] g, int m, int k, int n) {
        int r = 0;
        for (; r + 4 <= k; r += 4) {
            int g0 = r * n;
            java.util.Arrays.fill(g, g0, g0 + 4 * n, 0f);
            for (int p = 0; p < m; p++) {
                int ap = p * k + r;
                axpy4(a[ap], a[ap + 1], a[ap + 2], a[ap + 3], d, p * n, g, g0, n);
            }
        }
        for (; r < k; r++) {
            int g0 = r * n;
            java.util.Arrays.fill(g, g0, g0 + n, 0f);
            for (int p = 0; p < m; p++) {
                axpy(a[p * k + r], d, p * n, g, g0, n);
            }
        }
    }

    /** {@code gb[n] = Σ_rows d[m×n]}: the bias gradient. */
    static void columnSums(float[] d, float[] gb, int m, int n) {
        java.util.Arrays.fill(gb, 0, n, 0f);
        for (int p = 0; p < m; p++) {
            int d0 = p * n;
            for (int j = 0; j < n; j++) {
                gb[j] += d[d0 + j];
            }
        }
    }

    /** {@code t[n×k] = w[k×n]ᵀ}, so the input gradient {@code d @ wᵀ} runs in axpy order too. */
    static void transpose(float[] w, float[] t, int k, int n) {
        for (int p = 0; p < k; p++) {
            int w0 = p * n;
            for (int j = 0; j < n; j++) {
                t[j * k + p] = w[w0 + j];
            }
        }
    }

    /** {@code c[i..i+4 rows][0..n) += a_r · w[w0..w0+n)}: the four-row axpy inner loop. */
    private static void axpy4(float a0, float a1, float a2, float a3, float[] w, int w0, float[] c, int c0, int n) {
        int c1 = c0 + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        for (int j = 0; j < n; j++) {
            float wj = w[w0 + j];
            c[c0 + j] += a0 * wj;
            c[c1 + j] += a1 * wj;
            c[c2 + j] += a2 * wj;
            c[c3 + j] += a3 * wj;
        }
    }

    private static void axpy(float a0, float[] w, int w0, float[] c, int c0, int n) {
        for (int j = 0; j < n; j++) {
            c[c0 + j] += a0 * w[w0 + j];
        }
    }

    private static void initRows(float[] c, int c0, int rows, int n, float[] bias) {
        for (int r = 0; r < rows; r++) {
            if (bias == null) {
                java.util.Arrays.fill(c, c0 + r * n, c0 + (r + 1) * n, 0f);
            } else {
                System.arraycopy(bias, 0, c, c0 + r * n, n);
            }
        }
    }

    /** Applies {@code act} to {@code c[from..from+len)}; {@code null} leaves the values linear. */
    static void activate(float[] c, int from, int len, Workload.Activation act) {
        if (act == Workload.Activation.RELU) {
            for (int j = from; j < from + len; j++) {
                c[j] = Math.max(c[j], 0f);
            }
        } else if (act == Workload.Activation.SIGMOID) {
            for (int j = from; j < from + len; j++) {
                c[j] = (float) (1 / (1 + Math.exp(-c[j])));
            }
        }
    }

    /** {@code d[0..len) *= act'(y)} where {@code y} is the activation's output. */
    static void backActivate(float[] d, float[] y, int len, Workload.Activation act) {
        if (act == Workload.Activation.RELU) {
            for (int j = 0; j < len; j++) {
                d[j] = y[j] > 0 ? d[j] : 0f;
            }
        } else {
            for (int j = 0; j < len; j++) {
                d[j] *= y[j] * (1 - y[j]);
            }
        }
    }
}

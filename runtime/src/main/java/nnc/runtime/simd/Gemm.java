package nnc.runtime.simd;

/**
 * Single-precision matrix-product micro-kernels that generated classes compiled with
 * {@code --simd vector} call instead of their scalar loops when {@link Simd#gemm()} provides
 * them. A product {@code C = op(A) · op(B)} is computed in two steps: {@link #pack} copies
 * {@code op(B)} once into the kernel's panel layout, then {@link #rows} computes a range of rows
 * of C into rows the caller owns (the generated epilogue then reads them). Implementations hold
 * no state: calls on disjoint row ranges with distinct {@code out} rows may run in parallel.
 *
 * <p>A product with few rows (a batch of one, say) is not worth packing: {@link #rowsInPlace}
 * reads B where it lies.
 */
public interface Gemm {
    /** The most rows one call of {@link #rows} computes. */
    int maxRows();

    /** The row length {@code out} rows need for {@code n} columns (full vectors are stored). */
    int rowLength(int n);

    /** The elements of the packed form of a {@code k × n} right operand. */
    int packedSize(int k, int n);

    /**
     * Packs {@code op(B)}, {@code k × n}: {@code B(p, j) = b[off + p·n + j]}, or
     * {@code b[off + j·k + p]} when {@code trans}.
     */
    void pack(float[] b, int off, boolean trans, int k, int n, float[] packed);

    /**
     * Rows {@code [i, i + count)} of {@code op(A) · B} into {@code out[0 .. count)} (columns
     * {@code [0, n)}; entries past {@code n} up to {@link #rowLength} are overwritten), where
     * {@code A(i, p) = a[off + i·k + p]}, or {@code a[off + p·m + i]} when {@code trans}, and B is
     * {@code packed} by {@link #pack}. {@code count} is at most {@link #maxRows()}.
     */
    void rows(float[] a, int off, boolean trans, int m, int k, int n, int i, int count, float[] packed, float[][] out);

    /**
     * Rows {@code [i, i + count)} of {@code op(A) · op(B)} into {@code out[0 .. count)}, columns
     * {@code [0, n)} (entries past n are left as they are), with {@code op(A)} as in {@link #rows}
     * and B read in place: {@code B(p, j) = b[bOff + p·n + j]}, or
     * {@code b[bOff + j·k + p]} when {@code transB}. Meant for products of fewer rows than pay
     * for packing. Without {@code transB} each element is summed over p in order, one fused
     * multiply-add per step, as {@link #rows} does, so both give the same bits; with
     * {@code transB} each element is a dot product of two stride-1 runs, summed in vector lanes
     * and then across them. {@code transA} and {@code transB} together are not supported.
     *
     * @throws IllegalArgumentException if both {@code transA} and {@code transB}, or if
     *     {@code count} is more than {@link #maxRows()}
     */
    void rowsInPlace(float[] a, int aOff, boolean transA, int m, int k, int n, int i, int count, float[] b, int bOff,
            boolean transB, float[][] out);

    /**
     * {@code θ ← θ - lr·(g + weightDecay·θ)} for {@code θ = p[off .. off + n)} and
     * {@code g = g[0 .. n)}: plain SGD on one row of a weight, right after its gradient row was
     * computed ({@link nnc.runtime.Model#trainStepSgd}), in place. The same arithmetic, in the same
     * order and without fused multiply-adds, as the scalar loop, so the same bits.
     */
    void sgdRow(float[] p, int off, float[] g, int n, float lr, float weightDecay);
}

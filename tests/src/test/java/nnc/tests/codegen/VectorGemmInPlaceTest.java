package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import nnc.runtime.simd.Gemm;
import nnc.runtime.simd.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Gemm#rowsInPlace}, the Vector API kernel of products with few rows, against the packed
 * kernel {@link Gemm#rows} (the same bits without {@code transB}) and against a double-precision
 * sum (with {@code transB}). Runs in the tests module's {@code vector} execution.
 */
class VectorGemmInPlaceTest {
    private final Gemm gemm = Simd.gemm();

    /** Shapes around the vector width (16 floats with AVX-512): whole vectors, tails, 4-row blocks and leftovers. */
    @ParameterizedTest
    @CsvSource({"1, 784, 256", "1, 128, 10", "3, 20, 33", "5, 33, 7", "4, 1, 130", "7, 9, 64", "15, 40, 129"})
    void matchesThePackedKernelBitForBit(int m, int k, int n) {
        for (boolean transA : new boolean[] {false, true}) {
            SplittableRandom r = new SplittableRandom(m * 31L + k * 7L + n);
            float[] a = random(r, 3 + m * k);
            float[] b = random(r, 5 + k * n);
            float[][] packedOut = rows(m, n);
            float[] panel = new float[gemm.packedSize(k, n)];
            gemm.pack(b, 5, false, k, n, panel);
            gemm.rows(a, 3, transA, m, k, n, 0, m, panel, packedOut);
            float[][] inPlace = rows(m, n);
            gemm.rowsInPlace(a, 3, transA, m, k, n, 0, m, b, 5, false, inPlace);
            for (int i = 0; i < m; i++) {
                assertThat(Arrays.copyOf(inPlace[i], n)).as("row %d of %d×%d×%d, transA %s", i, m, k, n, transA)
                        .containsExactly(Arrays.copyOf(packedOut[i], n));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 128, 256", "1, 10, 128", "2, 33, 5", "6, 16, 17", "15, 1, 3"})
    void transposedBIsADotProductOfRows(int m, int k, int n) {
        SplittableRandom r = new SplittableRandom(m * 17L + k * 5L + n);
        float[] a = random(r, 2 + m * k);
        float[] b = random(r, 1 + n * k);
        float[][] out = rows(m, n);
        gemm.rowsInPlace(a, 2, false, m, k, n, 0, m, b, 1, true, out);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, scale = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[2 + i * k + p] * b[1 + j * k + p];
                    scale += Math.abs((double) a[2 + i * k + p] * b[1 + j * k + p]);
                }
                assertThat((double) out[i][j]).as("C(%d, %d) of %d×%d×%d", i, j, m, k, n)
                        .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6 * scale + 1e-30));
            }
        }
    }

    @Test
    void aRowRangeInTheMiddleWritesOnlyItsRows() {
        SplittableRandom r = new SplittableRandom(4);
        int m = 9, k = 12, n = 40;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[][] all = rows(m, n);
        gemm.rowsInPlace(a, 0, false, m, k, n, 0, m, b, 0, false, all);
        float[][] some = rows(3, n);
        gemm.rowsInPlace(a, 0, false, m, k, n, 5, 3, b, 0, false, some);
        for (int i = 0; i < 3; i++) {
            assertThat(Arrays.copyOf(some[i], n)).containsExactly(Arrays.copyOf(all[5 + i], n));
        }
    }

    @Test
    void bothOperandsTransposedIsRefused() {
        assertThatThrownBy(() -> gemm.rowsInPlace(new float[4], 0, true, 2, 2, 2, 0, 2, new float[4], 0, true, rows(2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both transposed");
    }

    private float[][] rows(int m, int n) {
        return new float[gemm.maxRows()][gemm.rowLength(n)];
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1);
        }
        return x;
    }
}

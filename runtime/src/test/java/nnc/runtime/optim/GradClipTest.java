package nnc.runtime.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import nnc.runtime.DType;
import nnc.runtime.testing.QuadraticModel;
import org.junit.jupiter.api.Test;

/**
 * Clipping against the documented behaviour of {@code clip_grad_norm_}: total_norm is the 2-norm
 * of the per-tensor 2-norms, clip_coef = max_norm / (total_norm + 1e-6), clamped to at most 1,
 * and every gradient is multiplied by it.
 */
class GradClipTest {

    @Test
    void clipsByGlobalNormLikeClipGradNorm() {
        QuadraticModel m = model(new double[] {3, -4, 1}, new double[] {2, 0, -1, 5});
        double n0 = Math.sqrt(9 + 16 + 1), n1 = Math.sqrt(4 + 0 + 1 + 25);
        double total = Math.sqrt(n0 * n0 + n1 * n1);
        double coef = Math.min(1.0, 2.5 / (total + 1e-6));
        double returned = GradClip.clipNorm(m, 2.5);
        assertThat(returned).isCloseTo(total, within(1e-12));
        assertThat((double[]) m.grad(0)).containsExactly(new double[] {3 * coef, -4 * coef, 1 * coef}, within(1e-12));
        assertThat(((double[]) m.grad(1))[3]).isCloseTo(5 * coef, within(1e-12));
        assertThat(GradClip.totalNorm(m, 2)).isCloseTo(2.5 * total / (total + 1e-6), within(1e-12));
    }

    @Test
    void leavesSmallGradientsUnchanged() {
        QuadraticModel m = model(new double[] {0.3, -0.4, 0}, new double[] {0, 0, 0, 0});
        assertThat(GradClip.clipNorm(m, 1.0)).isCloseTo(0.5, within(1e-15));
        assertThat((double[]) m.grad(0)).containsExactly(0.3, -0.4, 0);
    }

    @Test
    void clipsByInfinityNorm() {
        QuadraticModel m = model(new double[] {3, -7, 1}, new double[] {2, 0, -1, 5});
        assertThat(GradClip.clipNorm(m, 3.5, Double.POSITIVE_INFINITY)).isEqualTo(7);
        double coef = 3.5 / (7 + 1e-6);
        assertThat(((double[]) m.grad(0))[1]).isCloseTo(-7 * coef, within(1e-12));
    }

    @Test
    void clipsF32GradientsAlike() {
        QuadraticModel m = new QuadraticModel(DType.F32, 2);
        ((float[]) m.grad(0))[0] = 30;
        ((float[]) m.grad(0))[1] = 40;
        assertThat(GradClip.clipNorm(m, 5)).isEqualTo(50);
        assertThat(((float[]) m.grad(0))[0]).isCloseTo(3f, within(1e-5f));
    }

    @Test
    void clipsByValue() {
        QuadraticModel m = model(new double[] {3, -4, 0.5}, new double[] {2, 0, -1, 5});
        GradClip.clipValue(m, 1.5);
        assertThat((double[]) m.grad(0)).containsExactly(1.5, -1.5, 0.5);
        assertThat((double[]) m.grad(1)).containsExactly(1.5, 0, -1, 1.5);
    }

    private static QuadraticModel model(double[] g0, double[] g1) {
        QuadraticModel m = new QuadraticModel(DType.F64, g0.length, g1.length);
        System.arraycopy(g0, 0, m.grad(0), 0, g0.length);
        System.arraycopy(g1, 0, m.grad(1), 0, g1.length);
        return m;
    }
}

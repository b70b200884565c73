package nnc.runtime.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import nnc.runtime.ConfigException;
import nnc.runtime.ShapeMismatchException;
import org.junit.jupiter.api.Test;

class InitTest {

    @Test
    void generatorIsSplitMix64() {
        // SplitMix64 seeded with 0 outputs 0xE220A8397B1DCDAF first (Steele, Lea, Flood 2014; Vigna's reference code).
        assertThat(CounterRandom.mix(0x9E3779B97F4A7C15L)).isEqualTo(0xE220A8397B1DCDAFL);
    }

    @Test
    void drawsArePinnedSoCheckpointsStayReproducibleAcrossVersions() {
        double[] w = new double[4];
        new Init.Normal(0, 1).fill(w, new int[] {2, 2}, 42, "h1.W");
        double[] again = new double[4];
        new Init.Normal(0, 1).fill(again, new int[] {2, 2}, 42, "h1.W");
        assertThat(again).containsExactly(w);
        assertThat(w).containsExactly(GOLDEN_NORMAL_42_H1W);
    }

    /** Values this implementation produced when written; a change here changes every user's weights. */
    private static final double[] GOLDEN_NORMAL_42_H1W = {
        Double.longBitsToDouble(0x3ff74dfca0f22ca6L), Double.longBitsToDouble(0x3ff3fb2f995e3163L),
        Double.longBitsToDouble(0x3febec7638c48b42L), Double.longBitsToDouble(0xbff340ebe57abc1fL)};

    @Test
    void valuesDependOnlyOnSeedNameAndIndex() {
        double[] a = new double[6], b = new double[6], c = new double[6], big = new double[12];
        Init x = new Init.XavierUniform(1);
        x.fill(a, new int[] {2, 3}, 7, "W");
        new Init.Normal(0, 1).fill(new double[100], new int[] {100}, 7, "other");
        x.fill(b, new int[] {2, 3}, 7, "W");
        x.fill(c, new int[] {2, 3}, 7, "V");
        assertThat(b).containsExactly(a);
        assertThat(c).doesNotContain(a[0]);
        new Init.Uniform(0, 1).fill(big, new int[] {3, 4}, 7, "U");
        double[] small = new double[6];
        new Init.Uniform(0, 1).fill(small, new int[] {2, 3}, 7, "U");
        assertThat(java.util.Arrays.copyOf(big, 6)).containsExactly(small);
    }

    @Test
    void f32IsTheRoundedF64Draw() {
        float[] f = new float[50];
        double[] d = new double[50];
        Init k = new Init.KaimingNormal(0, Init.FanMode.FAN_IN, "relu");
        k.fill(f, new int[] {5, 10}, 3, "W");
        k.fill(d, new int[] {5, 10}, 3, "W");
        for (int i = 0; i < 50; i++) {
            assertThat(f[i]).isEqualTo((float) d[i]);
        }
    }

    @Test
    void xavierUniformStatistics() {
        int in = 300, out = 200;
        double bound = Math.sqrt(6.0 / (in + out));
        double[] w = fill(new Init.XavierUniform(1), in, out);
        assertThat(java.util.Arrays.stream(w).allMatch(v -> v >= -bound && v < bound)).isTrue();
        assertThat(mean(w)).isCloseTo(0, within(0.01 * bound));
        assertThat(var(w)).isCloseTo(bound * bound / 3, within(0.02 * bound * bound / 3));
    }

    @Test
    void xavierNormalAndKaimingStatistics() {
        int in = 400, out = 100;
        assertThat(Math.sqrt(var(fill(new Init.XavierNormal(2), in, out)))).isCloseTo(2 * Math.sqrt(2.0 / 500), within(0.01 * 2 * Math.sqrt(2.0 / 500)));
        double he = Math.sqrt(2.0 / in);
        assertThat(Math.sqrt(var(fill(new Init.KaimingNormal(0, Init.FanMode.FAN_IN, "relu"), in, out)))).isCloseTo(he, within(0.01 * he));
        double heOut = Math.sqrt(2.0 / out);
        double[] ku = fill(new Init.KaimingUniform(0, Init.FanMode.FAN_OUT, "leaky_relu"), in, out);
        assertThat(java.util.Arrays.stream(ku).allMatch(v -> Math.abs(v) <= heOut * Math.sqrt(3))).isTrue();
        assertThat(Math.sqrt(var(ku))).isCloseTo(heOut, within(0.01 * heOut));
        double[] normal = fill(new Init.Normal(3, 0.5), in, out);
        assertThat(mean(normal)).isCloseTo(3, within(0.005));
        assertThat(Math.sqrt(var(normal))).isCloseTo(0.5, within(0.005));
    }

    @Test
    void fansFollowNncLayoutFor2dAndTorchForConvolutions() {
        assertThat(Fans.of(new int[] {784, 256})).isEqualTo(new Fans(784, 256));
        assertThat(Fans.of(new int[] {16, 3, 5, 5})).isEqualTo(new Fans(75, 400));
        assertThatThrownBy(() -> Fans.of(new int[] {8})).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 2 dimensions");
    }

    @Test
    void gainsAreTorchCalculateGain() {
        assertThat(Init.gain("relu", Double.NaN)).isEqualTo(Math.sqrt(2));
        assertThat(Init.gain("tanh", Double.NaN)).isEqualTo(5.0 / 3);
        assertThat(Init.gain("leaky_relu", Double.NaN)).isEqualTo(Math.sqrt(2 / (1 + 1e-4)));
        assertThat(Init.gain("leaky_relu", 0)).isEqualTo(Math.sqrt(2));
        assertThat(Init.gain("sigmoid", 0)).isEqualTo(1);
        assertThat(Init.gain("selu", 0)).isEqualTo(0.75);
    }

    @Test
    void factoryByName() {
        assertThat(Inits.create("xavier", Map.of())).isEqualTo(new Init.XavierUniform(1));
        assertThat(Inits.create("glorot_normal", Map.of("gain", 2))).isEqualTo(new Init.XavierNormal(2));
        assertThat(Inits.create("kaiming", Map.of())).isEqualTo(new Init.KaimingUniform(0, Init.FanMode.FAN_IN, "leaky_relu"));
        assertThat(Inits.create("he_normal", Map.of("mode", "fan_out", "nonlinearity", "relu")))
                .isEqualTo(new Init.KaimingNormal(0, Init.FanMode.FAN_OUT, "relu"));
        assertThat(Inits.create("constant", Map.of("value", 0.5))).isEqualTo(new Init.Constant(0.5));
        assertThatThrownBy(() -> Inits.create("orthogonal", Map.of())).hasMessageContaining("unknown initializer");
        assertThatThrownBy(() -> Inits.create("kaiming", Map.of("mode", "fan_avg"))).hasMessageContaining("fan_in or fan_out");
        assertThatThrownBy(() -> Inits.create("kaiming", Map.of("nonlinearity", "swish"))).hasMessageContaining("unknown nonlinearity");
        assertThatThrownBy(() -> Inits.create("normal", Map.of("sd", 1))).hasMessageContaining("unknown hyperparameter 'sd'");
    }

    @Test
    void rejectsArrayOfWrongSize() {
        assertThatThrownBy(() -> new Init.Zeros().fill(new double[5], new int[] {2, 3}, 1, "W"))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("W").hasMessageContaining("6 elements");
    }

    private static double[] fill(Init init, int in, int out) {
        double[] w = new double[in * out];
        init.fill(w, new int[] {in, out}, 11, "W");
        return w;
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    private static double var(double[] v) {
        double m = mean(v);
        return java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length;
    }
}

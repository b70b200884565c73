package nnc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MathFnsTest {
    // reference values: CPython's math.erf (Cody/Boost-quality libm)
    @ParameterizedTest
    @CsvSource({
        "1e-8, 1.1283791670955126e-08",
        "0.1, 0.1124629160182849",
        "0.5, 0.5204998778130465",
        "1, 0.8427007929497149",
        "1.5, 0.9661051464753108",
        "2, 0.9953222650189527",
        "2.4999, 0.9995928300996666",
        "2.5, 0.999593047982555",
        "3, 0.9999779095030014",
        "4, 0.9999999845827421",
        "5.5, 0.9999999999999927",
        "6.5, 1.0",
    })
    void erfMatchesReferenceToAFewUlps(double x, double expected) {
        assertThat(MathFns.erf(x)).isCloseTo(expected, within(4 * Math.ulp(expected)));
        assertThat(MathFns.erf(-x)).isEqualTo(-MathFns.erf(x));
    }

    @Test
    void specialValues() {
        assertThat(MathFns.erf(0)).isZero();
        assertThat(MathFns.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(MathFns.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(MathFns.erf(Double.NaN)).isNaN();
    }

    @Test
    void tanhIsWithinFiveUlpsOfMathTanhFromTinyToSaturated() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            double x = (2 * r.nextDouble() - 1) * Math.pow(10, r.nextInt(-300, 3));
            double expected = Math.tanh(x);
            assertThat(MathFns.tanh(x)).as("tanh(%s)", x).isCloseTo(expected, within(5 * Math.ulp(expected)));
        }
    }

    @Test
    void tanhSpecialValues() {
        assertThat(MathFns.tanh(0.0)).isEqualTo(0.0);
        assertThat(1 / MathFns.tanh(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(MathFns.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(MathFns.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(MathFns.tanh(Double.NaN)).isNaN();
        assertThat(MathFns.tanh(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
        assertThat(MathFns.tanh(22.5)).isEqualTo(Math.tanh(22.5));
    }
}

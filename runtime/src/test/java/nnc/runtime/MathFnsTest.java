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
}

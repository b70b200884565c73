package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** nnc bench's numbers: 6 significant digits, trailing zeros dropped only after a decimal point. */
class JsonOutTest {
    @ParameterizedTest
    @CsvSource({
        "405850.33254, 405850",
        "405850.0, 405850",
        "100000.0, 100000",
        "2500.0, 2500",
        "0.5, 0.5",
        "1.25, 1.25",
        "3.0, 3",
        "0.000015, 1.5e-05",
        "1.0e7, 1e+07",
        "123456789.0, 1.23457e+08"})
    void doublesKeepTheirMagnitude(double value, String text) {
        assertThat(JsonOut.decimal(value)).isEqualTo(text);
        assertThat(Double.parseDouble(JsonOut.decimal(value))).isCloseTo(value,
                org.assertj.core.data.Percentage.withPercentage(1e-3));
    }
}

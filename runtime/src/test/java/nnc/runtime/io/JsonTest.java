package nnc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void parsesNestedValues() {
        Json v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\u00e9\\n\\\"\"}} ");
        assertThat(v).isEqualTo(new Json.Obj(Map.of(
                "a", new Json.Arr(List.of(new Json.Num("1"), new Json.Num("-2.5e3"), new Json.Bool(true),
                        new Json.Bool(false), new Json.Null())),
                "b", new Json.Obj(Map.of("c", new Json.Str("xé\n\""))))));
        assertThat(((Json.Num) ((Json.Arr) ((Json.Obj) v).members().get("a")).items().get(0)).isInteger()).isTrue();
    }

    @Test
    void writesWhatItReads() {
        String text = "{\"k\":[0,12345678901234567890,{\"t\\t\":\"a\\\\b\\u0001\"}],\"e\":{}}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1,}                 | 7  | expected a string key",
        "[1,2,]                     | 5  | expected a value",
        "{\"a\":01}                 | 5  | leading zero",
        "{\"a\":1,\"a\":2}          | 7  | duplicate key \"a\"",
        "{\"a\":1} x                | 8  | after the end",
        "{\"a\" 1}                  | 5  | expected ':'",
        "\"abc                      | 4  | unterminated string",
        "{\"a\":NaN}                | 5  | expected a value",
        "{\"a\":-}                  | 5  | malformed number",
        "{\"a\":\"\\q\"}            | 6  | invalid escape",
        "{\"a\":tru}                | 5  | expected a value",
        "''                         | 0  | unexpected end of text"})
    void rejectsWithOffset(String text, int offset, String message) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((JsonException) e).offset()).isEqualTo(offset));
    }

    @Test
    void rejectsRawControlCharactersAndDeepNesting() {
        assertThatThrownBy(() -> Json.parse("\"a\u0001\"")).hasMessageContaining("raw control character U+0001");
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100))).hasMessageContaining("nesting deeper");
    }
}

package nnc.runtime.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON value model, reader and writer (RFC 8259), enough for safetensors
 * headers and metadata. The reader rejects duplicate object keys, trailing commas, leading
 * zeros, non-finite numbers, raw control characters in strings, nesting deeper than 64, and
 * anything but whitespace after the value; every error gives the character offset.
 */
public sealed interface Json {

    /** A JSON object, keys in document order. */
    record Obj(Map<String, Json> members) implements Json {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        @Override
        public String kind() {
            return "an object";
        }
    }

    /** A JSON array. */
    record Arr(List<Json> items) implements Json {
        public Arr {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "an array";
        }
    }

    /** A JSON string. */
    record Str(String value) implements Json {
        @Override
        public String kind() {
            return "a string";
        }
    }

    /**
     * A JSON number, kept as its source text so integers of any size stay exact.
     *
     * @param text the number as written, e.g. {@code 42} or {@code -1.5e3}
     */
    record Num(String text) implements Json {
        /** Whether the number is written without fraction or exponent. */
        public boolean isInteger() {
            return text.chars().noneMatch(c -> c == '.' || c == 'e' || c == 'E');
        }

        @Override
        public String kind() {
            return "a number";
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Json {
        @Override
        public String kind() {
            return "a boolean";
        }
    }

    /** {@code null}. */
    record Null() implements Json {
        @Override
        public String kind() {
            return "null";
        }
    }

    /** A short description of the kind of value, for error messages: "an object", "a string", ... */
    String kind();

    /**
     * Parses {@code text} as one JSON value.
     *
     * @throws JsonException with the offset of the first error
     */
    static Json parse(String text) {
        return new JsonReader(text).document();
    }

    /** Writes {@code value} compactly (no spaces), escaping as RFC 8259 requires. */
    static String write(Json value) {
        StringBuilder out = new StringBuilder();
        writeTo(out, value);
        return out.toString();
    }

    private static void writeTo(StringBuilder out, Json value) {
        if (value instanceof Obj o) {
            out.append('{');
            String sep = "";
            for (Map.Entry<String, Json> e : o.members().entrySet()) {
                out.append(sep);
                quote(out, e.getKey());
                out.append(':');
                writeTo(out, e.getValue());
                sep = ",";
            }
            out.append('}');
        } else if (value instanceof Arr a) {
            out.append('[');
            for (int i = 0; i < a.items().size(); i++) {
                out.append(i > 0 ? "," : "");
                writeTo(out, a.items().get(i));
            }
            out.append(']');
        } else if (value instanceof Str s) {
            quote(out, s.value());
        } else if (value instanceof Num n) {
            out.append(n.text());
        } else if (value instanceof Bool b) {
            out.append(b.value());
        } else {
            out.append("null");
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Convenience: an array of integers. */
    static Arr ints(long... values) {
        List<Json> items = new ArrayList<>();
        for (long v : values) {
            items.add(new Num(Long.toString(v)));
        }
        return new Arr(items);
    }
}

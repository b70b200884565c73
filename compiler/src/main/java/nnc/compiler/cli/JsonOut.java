package nnc.compiler.cli;

import java.util.Locale;
import java.util.Map;

/** A one-line JSON object written key by key, for commands whose result is a flat record. */
final class JsonOut {
    private final StringBuilder text = new StringBuilder("{");

    JsonOut put(String key, Object value) {
        if (text.length() > 1) {
            text.append(", ");
        }
        text.append(quote(key)).append(": ").append(value(value));
        return this;
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return quote(s);
        } else if (v instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(e|$)", "$1") : "null";
        } else if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, x) -> b.append(b.length() > 1 ? ", " : "").append(quote(k.toString())).append(": ").append(value(x)));
            return b.append('}').toString();
        }
        return String.valueOf(v);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public String toString() {
        return text + "}";
    }
}

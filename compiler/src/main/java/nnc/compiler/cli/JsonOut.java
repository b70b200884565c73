package nnc.compiler.cli;

import java.util.Locale;
import java.util.Map;
import nnc.compiler.interp.Tensor;

/**
 * The command-line tool's JSON output: a one-line object written key by key, for commands whose result
 * is a flat record ({@code nnc bench}), and tensors as nested row-major lists ({@code nnc grad}).
 */
final class JsonOut {
    private final StringBuilder text = new StringBuilder("{");

    JsonOut put(String key, Object value) {
        if (text.length() > 1) {
            text.append(", ");
        }
        text.append(quote(key)).append(": ").append(value(value));
        return this;
    }

    /**
     * {@code d} to 6 significant digits without trailing zeros after the decimal point:
     * 405850.0 is {@code 405850}, 0.5 is {@code 0.5}, 1.5e-07 is {@code 1.5e-07}.
     */
    static String decimal(double d) {
        String t = String.format(Locale.ROOT, "%.6g", d);
        int e = t.indexOf('e');
        String mantissa = e < 0 ? t : t.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("\\.?0+$", "");
        }
        return mantissa + (e < 0 ? "" : t.substring(e));
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return quote(s);
        } else if (v instanceof Double d) {
            return Double.isFinite(d) ? decimal(d) : "null";
        } else if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, x) -> b.append(b.length() > 1 ? ", " : "").append(quote(k.toString())).append(": ").append(value(x)));
            return b.append('}').toString();
        }
        return String.valueOf(v);
    }

    /** Appends {@code t} as nested row-major lists; NaN and infinities as strings. */
    static void tensor(StringBuilder s, Tensor t) {
        nested(s, t, t.shape(), 0, 0);
    }

    private static int nested(StringBuilder s, Tensor t, int[] dims, int depth, int index) {
        if (depth == dims.length) {
            s.append(number(t.at(index)));
            return index + 1;
        }
        s.append('[');
        int next = index;
        for (int i = 0; i < dims[depth]; i++) {
            s.append(i == 0 ? "" : ", ");
            next = nested(s, t, dims, depth + 1, next);
        }
        s.append(']');
        return next;
    }

    /** An exact number: integers without a fraction, others as {@link Double#toString}. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "\"" + v + "\"";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
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

package nnc.compiler.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for values files: objects become {@code LinkedHashMap}s (source order),
 * arrays {@code List}s, numbers {@code Double}s, and {@code true}/{@code false}/strings what
 * they are; {@code null} is rejected (values files have no use for it). Errors name the line
 * and column.
 */
final class Json {
    /** A syntax error at a position of the text. */
    static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** The value {@code text} holds. */
    static Object parse(String text) throws JsonException {
        Json p = new Json(text);
        Object v = p.value();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    private Object value() throws JsonException {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of file");
        }
        char ch = text.charAt(pos);
        if (ch == '{') {
            return object();
        } else if (ch == '[') {
            return array();
        } else if (ch == '"') {
            return string();
        } else if (text.startsWith("true", pos) || text.startsWith("false", pos)) {
            boolean t = text.startsWith("true", pos);
            pos += t ? 4 : 5;
            return t;
        }
        return number();
    }

    private Map<String, Object> object() throws JsonException {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek('}')) {
            return out;
        }
        do {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error("expected a name in double quotes");
            }
            String key = string();
            skipSpace();
            expect(':');
            if (out.put(key, value()) != null) {
                throw error("'" + key + "' appears twice");
            }
            skipSpace();
        } while (peek(','));
        expect('}');
        return out;
    }

    private List<Object> array() throws JsonException {
        List<Object> out = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek(']')) {
            return out;
        }
        do {
            out.add(value());
            skipSpace();
        } while (peek(','));
        expect(']');
        return out;
    }

    private String string() throws JsonException {
        StringBuilder s = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
            char ch = text.charAt(pos++);
            if (ch == '\\' && pos < text.length()) {
                char esc = text.charAt(pos++);
                s.append(switch (esc) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'u' -> unicode();
                    default -> esc;
                });
            } else {
                s.append(ch);
            }
        }
        expect('"');
        return s.toString();
    }

    private char unicode() throws JsonException {
        if (pos + 4 > text.length()) {
            throw error("bad \\u escape");
        }
        try {
            char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
            pos += 4;
            return c;
        } catch (NumberFormatException e) {
            throw error("bad \\u escape");
        }
    }

    private Double number() throws JsonException {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        try {
            if (start == pos) {
                throw new NumberFormatException();
            }
            return Double.valueOf(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("expected a number, a list or an object");
        }
    }

    private boolean peek(char ch) {
        if (pos < text.length() && text.charAt(pos) == ch) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char ch) throws JsonException {
        if (!peek(ch)) {
            throw error(pos >= text.length() ? "unexpected end of file, expected '" + ch + "'" : "expected '" + ch + "'");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private JsonException error(String message) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new JsonException(line + ":" + col + ": " + message);
    }
}

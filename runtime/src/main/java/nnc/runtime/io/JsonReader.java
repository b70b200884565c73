package nnc.runtime.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict recursive-descent JSON reader; see {@link Json#parse(String)}. */
final class JsonReader {
    private static final int MAX_DEPTH = 64;
    private final String s;
    private int pos;
    private int depth;

    JsonReader(String s) {
        this.s = s;
    }

    Json document() {
        Json v = value();
        skipSpace();
        if (pos < s.length()) {
            throw error("unexpected " + describe(pos) + " after the end of the JSON value");
        }
        return v;
    }

    private Json value() {
        skipSpace();
        if (pos >= s.length()) {
            throw error("unexpected end of text, expected a value");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new Json.Str(string());
            case 't' -> literal("true", new Json.Bool(true));
            case 'f' -> literal("false", new Json.Bool(false));
            case 'n' -> literal("null", new Json.Null());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe(pos) + ", expected a value");
            }
        };
    }

    private Json object() {
        enter();
        pos++;
        Map<String, Json> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new Json.Obj(members);
        }
        while (true) {
            skipSpace();
            int keyAt = pos;
            if (peek() != '"') {
                throw error("expected a string key in double quotes, got " + describe(pos));
            }
            String key = string();
            if (members.containsKey(key)) {
                throw error("duplicate key \"" + key + "\"", keyAt);
            }
            skipSpace();
            expect(':', "after object key \"" + key + "\"");
            members.put(key, value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}', "or ',' in object");
            depth--;
            return new Json.Obj(members);
        }
    }

    private Json array() {
        enter();
        pos++;
        List<Json> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new Json.Arr(items);
        }
        while (true) {
            items.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']', "or ',' in array");
            depth--;
            return new Json.Arr(items);
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("raw control character U+" + String.format("%04X", (int) c)
                        + " in string; escape it", pos - 1);
            }
            out.append(c == '\\' ? escape() : c);
        }
    }

    private char escape() {
        if (pos >= s.length()) {
            throw error("unterminated escape");
        }
        char e = s.charAt(pos++);
        return switch (e) {
            case '"', '\\', '/' -> e;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicode();
            default -> throw error("invalid escape \\" + e, pos - 2);
        };
    }

    private char unicode() {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid \\u escape", pos - 2);
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Json number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (Character.isDigit(peek())) {
                throw error("leading zero in number", start);
            }
        } else {
            digits(start);
        }
        if (peek() == '.') {
            pos++;
            digits(start);
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits(start);
        }
        return new Json.Num(s.substring(start, pos));
    }

    private void digits(int start) {
        int from = pos;
        while (Character.isDigit(peek()) && peek() < 128) {
            pos++;
        }
        if (pos == from) {
            throw error("malformed number", start);
        }
    }

    private Json literal(String word, Json value) {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos) + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private void expect(char c, String context) {
        if (peek() != c) {
            throw error("expected '" + c + "' " + context + ", got " + describe(pos));
        }
        pos++;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private String describe(int at) {
        return at >= s.length() ? "end of text" : "'" + s.charAt(at) + "'";
    }

    private JsonException error(String message) {
        return error(message, pos);
    }

    private JsonException error(String message, int at) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonException(message, at, line, at - lineStart + 1);
    }
}

package nnc.runtime.io;

import nnc.runtime.NncRuntimeException;

/**
 * Text is not valid JSON. The message reads {@code line L, column C: what is wrong}; the
 * position is also available as a character offset and as line and column.
 */
public final class JsonException extends NncRuntimeException {
    private static final long serialVersionUID = 1L;
    private final String detail;
    private final int offset;
    private final int line;
    private final int column;

    /** An error at character {@code offset} of the text, which is 1-based {@code line} and {@code column}. */
    public JsonException(String detail, int offset, int line, int column) {
        super("line " + line + ", column " + column + ": " + detail);
        this.detail = detail;
        this.offset = offset;
        this.line = line;
        this.column = column;
    }

    /** What is wrong, without the position. */
    public String detail() {
        return detail;
    }

    /** The 0-based character offset of the problem. */
    public int offset() {
        return offset;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem. */
    public int column() {
        return column;
    }
}

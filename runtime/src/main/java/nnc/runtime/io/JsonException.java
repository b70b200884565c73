package nnc.runtime.io;

import nnc.runtime.NncRuntimeException;

/** Text is not valid JSON; {@link #offset()} is the 0-based character offset of the problem. */
public final class JsonException extends NncRuntimeException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    /** An error at character {@code offset} of the text. */
    public JsonException(String message, int offset) {
        super("character " + offset + ": " + message);
        this.offset = offset;
    }

    /** The 0-based character offset of the problem. */
    public int offset() {
        return offset;
    }
}

package nnc.compiler.ir;

import nnc.compiler.source.Span;

/**
 * An inconsistency in the IR: a compiler bug, never a user error (the checker rejects bad
 * models before lowering). The command line reports it as an internal error (exit 70) and
 * prints the IR around {@link #span()}.
 */
public final class IrException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Span span;

    /** An IR error at {@code span}. */
    public IrException(Span span, String message) {
        super(span + ": " + message);
        this.span = span;
    }

    /** Where the offending node came from. */
    public Span span() {
        return span;
    }
}

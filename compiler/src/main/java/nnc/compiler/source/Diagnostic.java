package nnc.compiler.source;

import java.util.List;

/**
 * One thing the compiler has to say about a source file: a code from {@link ErrorCode}, how
 * bad it is, where, a one-line message that names the offending things with their shapes, and
 * notes that explain or suggest a fix.
 */
public record Diagnostic(ErrorCode code, Severity severity, Span span, String message,
                         List<String> notes) {
    public Diagnostic {
        notes = List.copyOf(notes);
    }

    /** A diagnostic with the code's default severity. */
    public static Diagnostic of(ErrorCode code, Span span, String message, String... notes) {
        return new Diagnostic(code, code.severity(), span, message, List.of(notes));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: error[E0203]: message}, the first line the renderer prints. */
    public String headline() {
        return span + ": " + severity.label() + "[" + code + "]: " + message;
    }
}

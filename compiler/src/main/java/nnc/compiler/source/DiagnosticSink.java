package nnc.compiler.source;

/** Where the phases of the front end send what they find. One sink per compilation. */
@FunctionalInterface
public interface DiagnosticSink {
    void report(Diagnostic diagnostic);

    /** Reports a diagnostic with the code's default severity. */
    default void report(ErrorCode code, Span span, String message, String... notes) {
        report(Diagnostic.of(code, span, message, notes));
    }
}

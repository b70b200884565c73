package nnc.compiler.source;

/** How bad a diagnostic is. Only errors make {@code nnc check} fail. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word the renderer prints: {@code error} or {@code warning}. */
    public String label() {
        return label;
    }
}

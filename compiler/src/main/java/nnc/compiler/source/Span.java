package nnc.compiler.source;

/**
 * A range of characters in a source file: where an AST node or IR node came from.
 * Nodes the compiler invents (gradients, constants of a rewrite) inherit the span of the
 * forward node they stand for, so there is never a node without a position.
 *
 * @param file  the file
 * @param start offset of the first character
 * @param end   offset one past the last character ({@code end >= start})
 */
public record Span(SourceFile file, int start, int end) {
    public Span {
        if (end < start) {
            throw new IllegalArgumentException("span ends before it starts: " + start + ".." + end);
        }
    }

    /** A span for things that do not come from a file (tests, generated graphs). */
    public static Span synthetic(String what) {
        SourceFile file = new SourceFile("<" + what + ">", "");
        return new Span(file, 0, 0);
    }

    /** The 1-based line of the first character. */
    public int line() {
        return file.line(start);
    }

    /** The 1-based column of the first character. */
    public int column() {
        return file.column(start);
    }

    /** The smallest span covering this one and {@code other} (same file). */
    public Span to(Span other) {
        return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
    }

    /** {@code file:line:col}. */
    @Override
    public String toString() {
        return file.name() + ":" + line() + ":" + column();
    }
}

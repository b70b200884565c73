package nnc.runtime.data;

import java.nio.file.Path;
import nnc.runtime.NncRuntimeException;

/**
 * A data file is malformed or does not fit the model: ragged rows, a value that is not a
 * number, a label out of range, a feature count that differs from the model's input. The
 * message starts with {@code file:line:column:} for text files (1-based; the column is the
 * character where the offending field starts) or {@code file:} for binary ones. The command
 * line maps it to exit 65.
 */
public final class DataFormatException extends NncRuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    /** An error at {@code line}:{@code column} of a text file. */
    public DataFormatException(Path file, int line, int column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    /** An error about a whole file, or a binary one. */
    public DataFormatException(Path file, String message) {
        super(file + ": " + message);
        this.line = 0;
        this.column = 0;
    }

    /** The 1-based line of the problem, or 0 if it is not about one line. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem, or 0 if it is not about one line. */
    public int column() {
        return column;
    }
}

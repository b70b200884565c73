package nnc.runtime.io;

import java.nio.file.Path;
import nnc.runtime.NncRuntimeException;

/**
 * A checkpoint file cannot be read, is not valid safetensors, or does not fit the model: the
 * message starts with the file name and says what is wrong and what to do. Loading never
 * changes the model when it throws this, and saving never leaves a partial file. The command
 * line maps it to exit 65.
 */
public final class CheckpointException extends NncRuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code file}. */
    public CheckpointException(Path file, String message) {
        super(file + ": " + message);
    }

    /** An error about {@code file} caused by an I/O failure. */
    public CheckpointException(Path file, String message, Throwable cause) {
        super(file + ": " + message + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }
}

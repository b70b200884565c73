package nnc.compiler.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ends a command with an exit code and a message for the user (no stack trace). Thrown by the
 * helpers of {@code train}, {@code eval} and {@code predict}; their {@code call} prints
 * {@code nnc: message} and returns the code. An empty message means it was printed already.
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** sysexits' EX_CANTCREAT: an output file cannot be written. */
    static final int CANNOT_WRITE = 73;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** A usage error (64). */
    static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }

    /** A bad model, data or checkpoint file (65). */
    static CliFailure data(String message) {
        return new CliFailure(ExitCodes.DATA_ERROR, message);
    }

    /** Fails with exit 66 unless {@code file} is a readable regular file; {@code what} names the option. */
    static void requireReadable(Path file, String what) {
        if (!Files.exists(file)) {
            throw new CliFailure(ExitCodes.NO_INPUT, "cannot read " + what + " '" + file + "': no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliFailure(ExitCodes.NO_INPUT, "cannot read " + what + " '" + file + "': "
                    + (Files.isDirectory(file) ? "it is a directory" : "permission denied"));
        }
    }

    /** Prints the message (if any) to the session's error stream and returns the exit code. */
    int report(Session s) {
        if (!getMessage().isEmpty()) {
            s.err().println("nnc: " + getMessage());
        }
        return exitCode;
    }
}

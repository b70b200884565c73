package nnc.compiler.cli;

/** The exit codes of the nnc command, from sysexits.h. */
public final class ExitCodes {
    /** Success (warnings do not change it). */
    public static final int OK = 0;
    /** Bad command line. */
    public static final int USAGE = 64;
    /** A model or data file with errors. */
    public static final int DATA_ERROR = 65;
    /** A file that does not exist or cannot be read. */
    public static final int NO_INPUT = 66;
    /** An output file that cannot be created or written. */
    public static final int CANT_CREATE = 73;
    /** A bug in nnc. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}

package nnc.compiler.cli;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * One run of the nnc command: where it prints, and what it is doing (an internal error says
 * it). Commands reach it through {@link Main#session()}.
 */
public final class Session {
    private final PrintWriter out;
    private final PrintWriter err;
    private String doing = "starting";

    Session(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Results: what a command produces. */
    public PrintWriter out() {
        return out;
    }

    /** Diagnostics and progress. */
    public PrintWriter err() {
        return err;
    }

    /** Records what the command is doing now, e.g. {@code "checking model.nn"}. */
    public void doing(String what) {
        doing = what;
    }

    public String doing() {
        return doing;
    }

    /** A short description of a throwable for internal-error reports. */
    static String describe(Throwable t) {
        String message = Optional.ofNullable(t.getMessage()).map(m -> ": " + m).orElse("");
        return t.getClass().getName() + message;
    }
}

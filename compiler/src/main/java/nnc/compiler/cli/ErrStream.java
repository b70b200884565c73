package nnc.compiler.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintStream} that writes through to one of the session's writers, for runtime code
 * that reports on a stream (the trainer's progress). Bytes are decoded and passed on at every
 * flush, which the stream does at each line end and the progress bar after each redraw.
 */
final class ErrStream extends OutputStream {
    private final PrintWriter to;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private ErrStream(PrintWriter to) {
        this.to = to;
    }

    /** An auto-flushing UTF-8 print stream onto {@code to}. */
    static PrintStream onto(PrintWriter to) {
        return new PrintStream(new ErrStream(to), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        pending.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
    }

    @Override
    public void flush() {
        if (pending.size() > 0) {
            to.write(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
        to.flush();
    }
}

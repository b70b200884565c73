package nnc.compiler.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sink of one compilation: collects every diagnostic, drops exact repeats (a block body
 * checked once per call reports the same mistake once), and hands them back in source order.
 */
public final class Diagnostics implements DiagnosticSink {
    private final List<Diagnostic> all = new ArrayList<>();
    private final Set<List<Object>> seen = new HashSet<>();

    @Override
    public void report(Diagnostic d) {
        List<Object> key = List.of(d.code(), d.span().file().name(), d.span().start(),
                d.span().end(), d.message());
        if (seen.add(key)) {
            all.add(d);
        }
    }

    /** Every diagnostic so far, sorted by file position (stable for equal positions). */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()));
        return List.copyOf(copy);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return all.stream().filter(Diagnostic::isError).count();
    }

    public long warningCount() {
        return all.size() - errorCount();
    }
}

package nnc.compiler.source;

/**
 * Prints a diagnostic the way nnc shows it to people:
 * <pre>
 * model.nn:12:17: error[E0203]: '@' needs matching inner dimensions, got [batch, 64] @ [32, 10]
 *    |
 * 12 |   logits = h @ W2
 *    |            ^^^^^^
 *    = note: ...
 * </pre>
 * The carets cover the span on its first line (one caret for an empty span). Tabs in the source
 * line are kept in the caret line so the carets stay under the right characters.
 */
public final class DiagnosticRenderer {

    /** Source lines longer than this are shown as a window around the span. */
    static final int MAX_SHOWN = 100;

    /** The full text of one diagnostic, ending with a newline. */
    public String render(Diagnostic d) {
        StringBuilder out = new StringBuilder(d.headline()).append('\n');
        Span span = d.span();
        SourceFile file = span.file();
        int line = span.line();
        String number = Integer.toString(line);
        String gutter = " ".repeat(number.length());
        if (line <= file.lineCount() && !file.text().isEmpty()) {
            int[] cps = file.lineText(line).codePoints().toArray();
            int start = span.column() - 1;
            int width = width(span, cps.length);
            int from = cps.length > MAX_SHOWN ? Math.max(0, Math.min(start - MAX_SHOWN / 3, cps.length - MAX_SHOWN)) : 0;
            int to = Math.min(cps.length, from + MAX_SHOWN);
            String before = from > 0 ? "..." : "";
            String after = to < cps.length ? "..." : "";
            out.append(gutter).append(" |\n");
            out.append(number).append(" | ").append(before).append(printable(cps, from, to)).append(after).append('\n');
            StringBuilder carets = new StringBuilder(" ".repeat(before.length()));
            for (int i = from; i < start && i < to; i++) {
                carets.append(cps[i] == '\t' ? '\t' : ' ');
            }
            carets.append("^".repeat(Math.max(1, Math.min(width, to - start))));
            out.append(gutter).append(" | ").append(carets).append('\n');
        }
        for (String note : d.notes()) {
            out.append(gutter).append(" = note: ").append(note).append('\n');
        }
        return out.toString();
    }

    /** How many characters of the span's first line to underline (at least one). */
    private static int width(Span span, int lineLength) {
        int startCol = span.column() - 1;
        if (span.end() <= span.start()) {
            return 1;
        }
        if (span.file().line(span.end()) == span.line()) {
            return Math.max(1, span.file().column(span.end()) - 1 - startCol);
        }
        return Math.max(1, lineLength - startCol);
    }

    /** Control characters (binary garbage) would wreck a terminal: show them as '?'. */
    private static String printable(int[] cps, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int cp = cps[i];
            out.appendCodePoint(cp == '\t' || (cp >= 0x20 && cp != 0x7f && cp != 0xfffd) ? cp : '?');
        }
        return out.toString();
    }
}

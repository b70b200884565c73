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

    /** The full text of one diagnostic, ending with a newline. */
    public String render(Diagnostic d) {
        StringBuilder out = new StringBuilder(d.headline()).append('\n');
        Span span = d.span();
        SourceFile file = span.file();
        int line = span.line();
        if (line <= file.lineCount() && !file.text().isEmpty()) {
            String number = Integer.toString(line);
            String gutter = " ".repeat(number.length());
            String text = file.lineText(line);
            out.append(gutter).append(" |\n");
            out.append(number).append(" | ").append(printable(text)).append('\n');
            out.append(gutter).append(" | ").append(carets(text, span)).append('\n');
            for (String note : d.notes()) {
                out.append(gutter).append(" = note: ").append(note).append('\n');
            }
        } else {
            for (String note : d.notes()) {
                out.append("  = note: ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static String carets(String lineText, Span span) {
        int startCol = span.column() - 1;
        int lineCodePoints = lineText.codePointCount(0, lineText.length());
        int width;
        if (span.file().line(span.end()) == span.line() && span.end() > span.start()) {
            width = span.file().column(span.end()) - 1 - startCol;
        } else if (span.end() > span.start()) {
            width = lineCodePoints - startCol;
        } else {
            width = 1;
        }
        StringBuilder out = new StringBuilder();
        int[] cps = lineText.codePoints().toArray();
        for (int i = 0; i < startCol && i < cps.length; i++) {
            out.append(cps[i] == '\t' ? '\t' : ' ');
        }
        out.append("^".repeat(Math.max(1, width)));
        return out.toString();
    }

    /** Control characters (binary garbage) would wreck a terminal: show them as '?'. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(
                cp == '\t' || (cp >= 0x20 && cp != 0x7f && cp != 0xfffd) ? cp : '?'));
        return out.toString();
    }
}

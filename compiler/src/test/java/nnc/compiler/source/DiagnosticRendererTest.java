package nnc.compiler.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiagnosticRendererTest {
    private final DiagnosticRenderer renderer = new DiagnosticRenderer();

    private static Diagnostic at(SourceFile f, int start, int end, String... notes) {
        return Diagnostic.of(ErrorCode.E0203, new Span(f, start, end), "message", notes);
    }

    @Test
    void printsHeadlineSourceLineCaretsAndNotes() {
        SourceFile f = new SourceFile("model.nn", "model M {\n  logits = h @ W2\n}\n");
        int at = f.text().indexOf("h @ W2");
        String out = renderer.render(at(f, at, at + 6, "first note", "second note"));
        assertThat(out).isEqualTo("""
                model.nn:2:12: error[E0203]: message
                  |
                2 |   logits = h @ W2
                  |            ^^^^^^
                  = note: first note
                  = note: second note
                """);
    }

    @Test
    void emptySpanGetsOneCaret() {
        SourceFile f = new SourceFile("a.nn", "abc\n");
        assertThat(renderer.render(at(f, 1, 1))).contains("1 | abc\n  |  ^\n");
    }

    @Test
    void spanOverSeveralLinesIsUnderlinedToTheEndOfItsFirstLine() {
        SourceFile f = new SourceFile("a.nn", "x = f(a,\n  b)\n");
        assertThat(renderer.render(at(f, 4, 13))).contains("1 | x = f(a,\n  |     ^^^^\n");
    }

    @Test
    void tabsAreKeptSoCaretsLineUp() {
        SourceFile f = new SourceFile("a.nn", "\tx = y\n");
        assertThat(renderer.render(at(f, 5, 6))).contains("1 | \tx = y\n  | \t    ^\n");
    }

    @Test
    void wideLineNumbersWidenTheGutter() {
        SourceFile f = new SourceFile("a.nn", "\n".repeat(11) + "bad\n");
        assertThat(renderer.render(at(f, 11, 14, "n"))).contains("   |\n12 | bad\n   | ^^^\n   = note: n\n");
    }

    @Test
    void longLinesAreShownAsAWindowAroundTheSpan() {
        String line = "a".repeat(500) + "XYZ" + "b".repeat(500);
        SourceFile f = new SourceFile("a.nn", line + "\n");
        String out = renderer.render(at(f, 500, 503));
        String shown = out.lines().filter(l -> l.startsWith("1 | ")).findFirst().orElseThrow();
        String carets = out.lines().filter(l -> l.contains("^")).findFirst().orElseThrow();
        assertThat(shown).startsWith("1 | ...").endsWith("...").contains("XYZ");
        assertThat(shown.length()).isLessThan(DiagnosticRenderer.MAX_SHOWN + 20);
        assertThat(carets.indexOf('^')).isEqualTo(shown.indexOf("XYZ"));
        assertThat(carets).endsWith("^^^");
    }

    @Test
    void controlCharactersAreNotPrinted() {
        SourceFile f = new SourceFile("a.nn", "a\u0007b\n");
        assertThat(renderer.render(at(f, 1, 2))).contains("1 | a?b\n");
    }

    @Test
    void emptyFileHasOnlyTheHeadlineAndNotes() {
        SourceFile f = new SourceFile("e.nn", "");
        assertThat(renderer.render(at(f, 0, 0, "n"))).isEqualTo("e.nn:1:1: error[E0203]: message\n  = note: n\n");
    }

    @Test
    void warningsSayWarning() {
        SourceFile f = new SourceFile("a.nn", "x\n");
        Diagnostic d = Diagnostic.of(ErrorCode.W0001, new Span(f, 0, 1), "unused");
        assertThat(renderer.render(d)).startsWith("a.nn:1:1: warning[W0001]: unused\n");
        assertThat(d.isError()).isFalse();
    }
}

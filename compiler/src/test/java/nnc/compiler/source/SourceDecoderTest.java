package nnc.compiler.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourceDecoderTest {
    @Test
    void utf8TextDecodesWithoutDiagnostics() {
        Diagnostics sink = new Diagnostics();
        SourceFile f = SourceDecoder.decode("a.nn", "# größe ✓\nmodel M {}\n".getBytes(StandardCharsets.UTF_8), sink);
        assertThat(sink.sorted()).isEmpty();
        assertThat(f.lineText(1)).isEqualTo("# größe ✓");
    }

    @Test
    void invalidUtf8IsReportedAtTheFirstBadByte() {
        Diagnostics sink = new Diagnostics();
        byte[] bytes = {'#', ' ', 'x', '\n', 'a', (byte) 0xff, 'b'};
        SourceDecoder.decode("img.nn", bytes, sink);
        Diagnostic d = sink.sorted().get(0);
        assertThat(d.code()).isEqualTo(ErrorCode.E0001);
        assertThat(d.span().line()).isEqualTo(2);
        assertThat(d.span().column()).isEqualTo(2);
        assertThat(d.message()).contains("0xff", "offset 5");
    }

    @Test
    void nulCharactersMeanNotText() {
        Diagnostics sink = new Diagnostics();
        SourceDecoder.decode("a.nn", new byte[] {'a', 'b', 0, 'c'}, sink);
        assertThat(sink.sorted()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(ErrorCode.E0001);
            assertThat(d.span().column()).isEqualTo(3);
        });
    }

    @Test
    void diagnosticsDropExactRepeatsAndSortByPosition() {
        SourceFile f = new SourceFile("a.nn", "abcdef");
        Diagnostics sink = new Diagnostics();
        sink.report(ErrorCode.E0101, new Span(f, 4, 5), "later");
        sink.report(ErrorCode.E0101, new Span(f, 1, 2), "earlier");
        sink.report(ErrorCode.E0101, new Span(f, 4, 5), "later");
        sink.report(ErrorCode.W0001, new Span(f, 0, 1), "warning");
        assertThat(sink.sorted()).extracting(Diagnostic::message).containsExactly("warning", "earlier", "later");
        assertThat(sink.errorCount()).isEqualTo(2);
        assertThat(sink.warningCount()).isEqualTo(1);
    }
}

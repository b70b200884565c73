package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    private int nnc(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void cleanFileExitsZeroAndSaysWhatItFound() throws IOException {
        Path f = file("ok.nn", "model M {\n  input x: [batch, 2]\n  param W: [2, 3] = xavier\n"
                + "  loss = sum(x @ W)\n}\n");
        assertThat(nnc("check", f.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out).contains("ok.nn: ok: model M, 1 parameters (6 values)");
        assertThat(err).isEmpty();
    }

    @Test
    void warningsDoNotFail() throws IOException {
        Path f = file("w.nn", "model M {\n  input x: [batch, 2]\n  input z: [batch, 2]\n  loss = sum(x)\n}\n");
        assertThat(nnc("check", f.toString())).isEqualTo(ExitCodes.OK);
        assertThat(err).contains("warning[W0003]: input 'z' is never used");
    }

    @Test
    void modelErrorsExit65WithEveryErrorRendered() throws IOException {
        Path f = file("bad.nn", "model M {\n  input x: [batch, 2]\n  h = x @ V\n  loss = sum(g)\n}\n");
        assertThat(nnc("check", f.toString())).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(err).contains(f + ":3:11: error[E0101]: unknown name 'V'", "3 |   h = x @ V",
                f + ":4:14: error[E0101]: unknown name 'g'", "bad.nn: 2 errors");
        assertThat(err).doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingFileExits66AndTheOthersAreStillChecked() throws IOException {
        Path good = file("ok.nn", "model M {\n  input x: [batch, 2]\n  loss = sum(x)\n}\n");
        assertThat(nnc("check", dir.resolve("nope.nn").toString(), good.toString())).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(err).contains("cannot read '" + dir.resolve("nope.nn") + "': no such file");
        assertThat(out).contains("ok.nn: ok");
        assertThat(nnc("check", dir.toString())).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(err).contains("is a directory");
    }

    @Test
    void usageErrorsExit64() {
        assertThat(nnc()).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("Usage: nnc");
        assertThat(nnc("check")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("Missing required parameter");
        assertThat(nnc("frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(nnc("check", "--no-such-option", "x.nn")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(nnc("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out).contains("check");
        assertThat(nnc("--version")).isEqualTo(ExitCodes.OK);
        assertThat(out).contains("nnc");
    }

    @Test
    void diagnosticsBeyondTheLimitAreCounted() throws IOException {
        StringBuilder src = new StringBuilder("model M {\n  input x: [batch, 2]\n");
        for (int i = 0; i < 5; i++) {
            src.append("  h").append(i).append(" = x @ nope").append(i).append('\n');
        }
        Path f = file("many.nn", src.append("  loss = sum(x)\n}\n").toString());
        assertThat(nnc("check", "--max-diagnostics", "2", f.toString())).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(err).contains("... and 3 more", "many.nn: 5 errors");
    }

    @Test
    void internalErrorsExit70AndAskForAReport() {
        java.io.StringWriter text = new java.io.StringWriter();
        Session captured = new Session(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(text));
        captured.doing("checking model.nn");
        assertThat(Main.internalError(captured, new IllegalStateException("boom"))).isEqualTo(ExitCodes.INTERNAL);
        assertThat(text.toString()).contains("internal error while checking model.nn",
                "IllegalStateException: boom", "Please report it");
    }
}

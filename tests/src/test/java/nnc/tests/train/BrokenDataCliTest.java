package nnc.tests.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of broken CSV files given to {@code nnc train} (as {@code --data} and as
 * {@code --val}), {@code eval} and {@code predict}: each exits 65 with a message that starts
 * with {@code file:line:column:} (or {@code file:} for a problem with the whole file) and says
 * what is wrong, prints no stack trace, and modifies no file.
 */
class BrokenDataCliTest {
    @TempDir
    Path dir;

    /** A broken file for a sample model, and the message it must get after {@code nnc: FILE}. */
    record Case(String name, String sample, byte[] bytes, String message) {
        Case(String name, String sample, String text, String message) {
            this(name, sample, text.getBytes(StandardCharsets.UTF_8), message);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                new Case("row too short", "xor.nn", "x1,x2,y\n0,0,0\n0,1\n",
                        ":3:4: row has 2 fields, but the header (line 1) has 3"),
                new Case("row too long", "xor.nn", "x1,x2,y\n0,0,0,7\n", ":2:7: row has 4 fields, but the header (line 1) has 3"),
                new Case("not a number", "xor.nn", "x1,x2,y\n0,abc,1\n", ":2:3: 'abc' is not a number (column 2 \"x2\")"),
                new Case("empty field", "xor.nn", "x1,x2,y\n0,,1\n", ":2:3: empty field (column 2 \"x2\")"),
                new Case("NaN", "xor.nn", "x1,x2,y\n0,0,0\nnan,1,1\n", ":3:1: 'nan' is not a number (column 1 \"x1\")"),
                new Case("infinite", "xor.nn", "x1,x2,y\n0, 1e999,1\n", ":2:4: '1e999' is not a number"),
                new Case("header only", "xor.nn", "x1,x2,y\n", ": the file has a header but no data rows"),
                new Case("empty file", "xor.nn", "", ": the file has no rows"),
                new Case("binary", "xor.nn", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2, (byte) 0x80, 10},
                        ": is not UTF-8 text; is it a binary file?"),
                new Case("one feature too many", "xor.nn", "a,b,c,y\n1,2,3,0\n",
                        ":2:1: rows have 3 feature column(s), but model input x: f32[batch, 2] needs 2"),
                new Case("columns do not fit the model", "xor.nn", "1,2,3,0\n",
                        ":1:1: rows have 4 fields, but model input x: f32[batch, 2] needs 2 features plus 1 target column"),
                new Case("label out of range", "spirals.nn", "x1,x2,label\n0.1,0.2,1\n0.1,0.2,2\n",
                        ":3:9: label 2 (column 3 \"label\") is not a class index in 0..1; the model's output has 2 classes"),
                new Case("label not whole", "spirals.nn", "x1,x2,label\n0.1,0.2,0.5\n", ":2:9: label 0.5 (column 3"),
                new Case("label negative", "blobs.nn", "x1,x2,label\n0.1,0.2,-1\n", ":2:9: label -1 (column 3"),
                new Case("label of an eleventh blob", "blobs.nn", "x1,x2,label\n0.1,0.2,10\n",
                        ":2:9: label 10 (column 3 \"label\") is not a class index in 0..9"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyCommandRejectsItWithFileLineAndColumn(Case c) throws IOException {
        Path bad = write(c.name().replace(' ', '-') + ".csv", c.bytes());
        Path good = Files.writeString(dir.resolve("good.csv"), c.sample().equals("xor.nn")
                ? "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n" : "x1,x2,label\n0.1,0.2,1\n0.3,0.1,0\n");
        Path out = dir.resolve("w.safetensors");
        String model = Nnc.sample(c.sample());
        expectRejected(c, bad, Nnc.run("train", model, "--data", bad.toString(), "--out", out.toString()));
        expectRejected(c, bad, Nnc.run("train", model, "--data", good.toString(), "--val", bad.toString(), "--out",
                out.toString()));
        assertThat(out).doesNotExist();
        Nnc.Run trained = Nnc.run("train", model, "--data", good.toString(), "--out", out.toString(), "--epochs", "1");
        assertThat(trained.exit()).as(trained.err()).isZero();
        expectRejected(c, bad, Nnc.run("eval", model, "--weights", out.toString(), "--data", bad.toString()));
        if (!c.message().contains("label") && !c.message().contains("feature")) {
            Path predictions = dir.resolve("p.csv");
            expectRejected(c, bad, Nnc.run("predict", model, "--weights", out.toString(), "--data", bad.toString(),
                    "--out", predictions.toString()));
            assertThat(predictions).doesNotExist();
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        return f;
    }

    private static void expectRejected(Case c, Path f, Nnc.Run r) throws IOException {
        assertThat(r.exit()).as("%s%n%s", c.name(), r.err()).isEqualTo(65);
        assertThat(r.err()).as(c.name()).startsWith("nnc: " + f + c.message())
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(r.out()).as(c.name()).isEmpty();
        assertThat(Files.readAllBytes(f)).as(c.name()).isEqualTo(c.bytes());
        assertThat(Files.getLastModifiedTime(f).toMillis()).as(c.name()).isEqualTo(1_000_000_000_000L);
    }
}

package nnc.tests.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of broken checkpoints, each derived from one {@code nnc train samples/xor.nn} wrote,
 * given to the command line as {@code eval --weights}, {@code predict --weights} and
 * {@code train --resume}: each run exits 65 with a message that starts with the file name and
 * says what is wrong, prints no stack trace, and modifies no file (the broken one keeps its bytes
 * and time stamp, and no checkpoint or prediction file is written).
 */
class BrokenCheckpointCliTest {
    @TempDir
    static Path dir;
    static Path xorData;
    static byte[] valid;

    /** A broken file and a fragment of the message it must get. */
    record Case(String name, byte[] bytes, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void trainOne() throws IOException {
        xorData = Files.writeString(dir.resolve("xor.csv"), "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        Path w = dir.resolve("valid.safetensors");
        Nnc.Run r = Nnc.run("train", Nnc.sample("xor.nn"), "--data", xorData.toString(), "--epochs", "3", "--out",
                w.toString(), "--progress", "none");
        assertThat(r.exit()).as(r.err()).isZero();
        valid = Files.readAllBytes(w);
        assertThat(Nnc.run("eval", Nnc.sample("xor.nn"), "--weights", w.toString(), "--data", xorData.toString()).exit())
                .isZero();
    }

    static Stream<Arguments> corpus() throws IOException {
        int n = (int) ByteBuffer.wrap(valid, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String h = new String(valid, 8, n, StandardCharsets.UTF_8).trim();
        byte[] data = Arrays.copyOfRange(valid, 8 + n, valid.length);
        List<Case> c = new ArrayList<>();
        c.add(new Case("empty file", new byte[0], "truncated: 0 bytes"));
        c.add(new Case("five bytes", Arrays.copyOf(valid, 5), "truncated: 5 bytes"));
        c.add(new Case("header length past the end", withLength(valid.length), "runs past the end of the file"));
        c.add(new Case("header length over the cap", withLength(200L << 20), "exceeds the 104857600-byte limit"));
        c.add(new Case("a CSV file", "x1,x2,y\n0,0,0\n0,1,1\n".getBytes(StandardCharsets.UTF_8), "exceeds the"));
        c.add(new Case("data cut off", Arrays.copyOf(valid, valid.length - 10), "past the end of the data"));
        c.add(new Case("invalid JSON", raw(h.substring(0, h.length() - 1), data), "not valid JSON"));
        c.add(new Case("header is an array", raw("[" + h + "]", data), "must be a JSON object"));
        c.add(new Case("duplicate key", raw(rename(h, "b1", "W1"), data), "duplicate key \"W1\""));
        c.add(new Case("unknown dtype", raw(h.replaceFirst("\"F32\"", "\"F33\""), data), "unknown dtype \"F33\""));
        c.add(new Case("dtype size differs from offsets", raw(h.replaceFirst("\"F32\"", "\"F64\""), data),
                "which needs 128 bytes"));
        c.add(new Case("wrong dtype for the model", raw(h.replaceFirst("\"F32\"", "\"I32\""), data),
                "parameter 'W1' is I32[2, 8] in the file, the model needs F32[2, 8]"));
        c.add(new Case("wrong shape", raw(h.replaceFirst("\\[2,8\\]", "[8,2]"), data),
                "parameter 'W1' is F32[8, 2] in the file, the model needs F32[2, 8]"));
        c.add(new Case("overlapping offsets", raw(h.replace("[64,96]", "[60,92]"), data), "overlap"));
        c.add(new Case("offsets past the data", raw(h.replace("[260,264]", "[260,300]"), data), "past the end"));
        c.add(new Case("gap between tensors", raw(h.replace("[0,64]", "[4,68]"), data), "belong to no tensor"));
        c.add(new Case("offsets reversed", raw(h.replace("[0,64]", "[64,0]"), data), "begin > end"));
        c.add(new Case("missing and extra tensor", raw(rename(h, "b2", "zz"), data), "missing parameter 'b2' (F32[1])"));
        c.add(new Case("metadata value not a string", raw(h.replace("\"epoch\":\"3\"", "\"epoch\":3"), data),
                "must be a string"));
        c.add(new Case("header not UTF-8", rawBytes(concat(h.substring(0, 20).getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28}, h.substring(20).getBytes(StandardCharsets.UTF_8)), data), "not valid UTF-8"));
        c.add(new Case("saved from another model", raw(h.replace("\"model\":\"Xor\"", "\"model\":\"Spirals\""), data),
                "was saved from model Spirals, not Xor"));
        c.add(new Case("malformed scaling", raw(h.replace("\"scale.kind\":\"none\"", "\"scale.kind\":\"standard\""), data),
                "checkpoint scaling metadata is malformed"));
        return c.stream().map(Arguments::of);
    }

    /** Broken optimizer state matters only when resuming; eval and predict ignore it. */
    static Stream<Arguments> optimizerCorpus() throws IOException {
        int n = (int) ByteBuffer.wrap(valid, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String h = new String(valid, 8, n, StandardCharsets.UTF_8).trim();
        byte[] data = Arrays.copyOfRange(valid, 8 + n, valid.length);
        return Stream.of(
                new Case("optimizer of another kind", raw(h.replace("\"optimizer\":\"sgd\"", "\"optimizer\":\"adam\""),
                        data), "holds the state of optimizer adam, not sgd"),
                new Case("missing optimizer state", raw(rename(h, "optim.momentum_buffer.b2", "optim.other"), data),
                        "missing optimizer state 'optim.momentum_buffer.b2'"),
                new Case("bad optimizer step", raw(h.replace("\"optimizer.step\":\"3\"", "\"optimizer.step\":\"x\""),
                        data), "optimizer.step = \"x\" is not a whole number")).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void evalPredictAndResumeRejectIt(Case c) throws IOException {
        Path f = write(c);
        Path predictions = dir.resolve(c.name().replace(' ', '-') + ".csv");
        Path out = dir.resolve(c.name().replace(' ', '-') + ".out.safetensors");
        List<Nnc.Run> runs = List.of(
                Nnc.run("eval", Nnc.sample("xor.nn"), "--weights", f.toString(), "--data", xorData.toString()),
                Nnc.run("predict", Nnc.sample("xor.nn"), "--weights", f.toString(), "--data", xorData.toString(),
                        "--out", predictions.toString()),
                Nnc.run("train", Nnc.sample("xor.nn"), "--data", xorData.toString(), "--resume", f.toString(),
                        "--out", out.toString(), "--epochs", "5"),
                Nnc.run("train", Nnc.sample("xor.nn"), "--data", xorData.toString(), "--resume", f.toString(),
                        "--epochs", "5"));
        for (Nnc.Run r : runs) {
            expectRejected(c, f, r);
        }
        assertThat(predictions).doesNotExist();
        assertThat(out).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizerCorpus")
    void resumeRejectsBrokenOptimizerState(Case c) throws IOException {
        Path f = write(c);
        expectRejected(c, f, Nnc.run("train", Nnc.sample("xor.nn"), "--data", xorData.toString(), "--resume",
                f.toString(), "--epochs", "5"));
        Nnc.Run eval = Nnc.run("eval", Nnc.sample("xor.nn"), "--weights", f.toString(), "--data", xorData.toString());
        assertThat(eval.exit()).as("eval ignores optimizer state: %s", eval.err()).isZero();
    }

    private static Path write(Case c) throws IOException {
        Path f = dir.resolve(c.name().replace(' ', '-') + ".safetensors");
        Files.write(f, c.bytes());
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        return f;
    }

    private static void expectRejected(Case c, Path f, Nnc.Run r) throws IOException {
        assertThat(r.exit()).as("%s%n%s", c.name(), r.err()).isEqualTo(65);
        assertThat(r.err()).as(c.name()).startsWith("nnc: " + f + ": ").contains(c.message())
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(r.out()).as(c.name()).isEmpty();
        assertThat(Files.readAllBytes(f)).as(c.name()).isEqualTo(c.bytes());
        assertThat(Files.getLastModifiedTime(f).toMillis()).as(c.name()).isEqualTo(1_000_000_000_000L);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("temporary files").isEmpty();
        }
    }

    static byte[] raw(String header, byte[] data) {
        return rawBytes(header.getBytes(StandardCharsets.UTF_8), data);
    }

    static byte[] rawBytes(byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    private static byte[] withLength(long n) {
        byte[] out = valid.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return out;
    }

    private static String rename(String header, String from, String to) {
        return header.replace("\"" + from + "\":", "\"" + to + "\":");
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}

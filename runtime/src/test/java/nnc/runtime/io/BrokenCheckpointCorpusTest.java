package nnc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import java.util.stream.Stream;
import nnc.runtime.DType;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;
import nnc.runtime.testing.HandMlp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of broken checkpoints, each derived from a valid one (the f32 HandMlp with Adam
 * state): every one gets a {@link CheckpointException} naming the file and the problem, and
 * neither the file nor the model nor the optimizer changes.
 */
class BrokenCheckpointCorpusTest {
    @TempDir
    static Path dir;

    /** How a broken case is derived from the valid file's header text and data bytes. */
    record Case(String name, byte[] bytes, String message, boolean withOptimizer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> corpus() throws IOException {
        HandMlp m = CheckpointTest.model(DType.F32, 1);
        Optimizer o = Optimizers.create("adam", Map.of(), m.signature());
        CheckpointTest.train(m, o, 2);
        Path valid = Files.createTempFile("valid", ".safetensors");
        Checkpoint.save(valid, m, o, 1, Map.of());
        byte[] file = Files.readAllBytes(valid);
        Files.delete(valid);
        int n = (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, n, StandardCharsets.UTF_8).trim();
        byte[] data = Arrays.copyOfRange(file, 8 + n, file.length);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty file", new byte[0], "truncated: 0 bytes", false));
        cases.add(new Case("five bytes", Arrays.copyOf(file, 5), "truncated: 5 bytes", false));
        cases.add(new Case("header length past the end", withLength(file, file.length), "runs past the end of the file", false));
        cases.add(new Case("header over the cap", withLength(file, 200L << 20), "exceeds the 104857600-byte limit", false));
        cases.add(new Case("header length negative", withLength(file, -1), "exceeds", false));
        cases.add(new Case("truncated data", Arrays.copyOf(file, file.length - 12), "past the end of the data", false));
        cases.add(new Case("invalid JSON", raw(header.substring(0, header.length() - 1), data), "not valid JSON", false));
        cases.add(new Case("trailing comma", raw(header.substring(0, header.length() - 1) + ",}", data),
                "expected a string key", false));
        cases.add(new Case("header is an array", raw("[" + header + "]", data), "must be a JSON object", false));
        cases.add(new Case("duplicate key", raw(renamed(header, "h1.b", "h1.W"), data),
                "duplicate key \"h1.W\"", false));
        cases.add(new Case("unknown dtype", raw(header.replaceFirst("\"F32\"", "\"F33\""), data), "unknown dtype \"F33\"", false));
        cases.add(new Case("dtype size mismatch", raw(header.replaceFirst("\"F32\"", "\"F64\""), data), "which needs 48 bytes", false));
        cases.add(new Case("wrong dtype for the model", raw(header.replaceFirst("\"F32\"", "\"I32\""), data),
                "parameter 'h1.W' is I32[2, 3] in the file, the model needs F32[2, 3]", false));
        cases.add(new Case("wrong shape", raw(header.replaceFirst("\\[2,3\\]", "[3,2]"), data),
                "parameter 'h1.W' is F32[3, 2] in the file, the model needs F32[2, 3]", false));
        cases.add(new Case("shape times size differs from offsets", raw(header.replaceFirst("\\[2,3\\]", "[2,4]"), data),
                "hold 24", false));
        cases.add(new Case("overlapping offsets", raw(header.replaceFirst("\"data_offsets\":\\[24,36\\]",
                "\"data_offsets\":[20,32]"), data),
                "overlap", false));
        cases.add(new Case("gap between tensors", raw(header.replaceFirst("\\[0,24\\]", "[4,28]"), data), "belong to no tensor", false));
        cases.add(new Case("bytes after the last tensor", raw(header, concat(data, new byte[8])), "after the last tensor", false));
        cases.add(new Case("offsets begin after end", raw(header.replaceFirst("\\[0,24\\]", "[24,0]"), data), "begin > end", false));
        cases.add(new Case("negative offset", raw(header.replaceFirst("\\[0,24\\]", "[-1,24]"), data), "non-negative integer", false));
        cases.add(new Case("three offsets", raw(header.replaceFirst("\\[0,24\\]", "[0,12,24]"), data), "array of 2", false));
        cases.add(new Case("metadata value not a string", raw(header.replace("\"epoch\":\"1\"", "\"epoch\":1"), data),
                "must be a string", false));
        cases.add(new Case("header not UTF-8", rawBytes(concat(header.substring(0, 20).getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28}, header.substring(20).getBytes(StandardCharsets.UTF_8)), data),
                "not valid UTF-8", false));
        cases.add(new Case("missing tensor", raw(renamed(header, "out.b", "zz.b"), data), "missing parameter 'out.b' (F32[1])", false));
        cases.add(new Case("extra tensor", raw(renamed(header, "out.b", "zz.b"), data), "extra tensor 'zz.b'", false));
        cases.add(new Case("missing state", raw(renamed(header, "h1.running_mean", "h1.running_var"), data),
                "missing state tensor 'h1.running_mean'", false));
        cases.add(new Case("optimizer of another kind", raw(header.replace("\"optimizer\":\"adam\"", "\"optimizer\":\"nadam\""),
                data), "holds the state of optimizer nadam, not adam", true));
        cases.add(new Case("missing optimizer state", raw(renamed(header, "optim.exp_avg_sq.out.b", "optim.other"), data),
                "missing optimizer state 'optim.exp_avg_sq.out.b'", true));
        cases.add(new Case("bad optimizer step", raw(header.replace("\"optimizer.step\":\"2\"", "\"optimizer.step\":\"two\""),
                data), "optimizer.step = \"two\" is not a whole number", true));
        return cases.stream().map(c -> Arguments.of(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejectedClearlyWithoutChangingAnything(Case c) throws IOException {
        Path f = dir.resolve(c.name().replace(' ', '-') + ".safetensors");
        Files.write(f, c.bytes());
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        HandMlp m = CheckpointTest.model(DType.F32, 7);
        Optimizer o = Optimizers.create("adam", Map.of(), m.signature());
        float[] before = ((float[]) m.param(0)).clone();
        float[] stateBefore = ((float[]) m.state(0)).clone();
        assertThatThrownBy(() -> {
            if (c.withOptimizer()) {
                Checkpoint.load(f, m, o);
            } else {
                Checkpoint.load(f, m);
            }
        }).isInstanceOf(CheckpointException.class).hasMessageStartingWith(f.toString() + ": ")
                .hasMessageContaining(c.message());
        assertThat(Files.readAllBytes(f)).isEqualTo(c.bytes());
        assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(1_000_000_000_000L);
        assertThat((float[]) m.param(0)).containsExactly(before);
        assertThat((float[]) m.state(0)).containsExactly(stateBefore);
        assertThat(o.stepCount()).isZero();
        assertThat((float[]) o.stateTensors().get(0).array()).containsOnly(0f);
    }

    static byte[] raw(String header, byte[] data) {
        return rawBytes(header.getBytes(StandardCharsets.UTF_8), data);
    }

    static byte[] rawBytes(byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(header.length).put(header).put(data).array();
    }

    private static byte[] withLength(byte[] file, long n) {
        byte[] out = file.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return out;
    }

    private static String renamed(String header, String from, String to) {
        return header.replace("\"" + from + "\":", "\"" + to + "\":");
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}

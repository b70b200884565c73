package nnc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nnc.runtime.DType;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;
import nnc.runtime.testing.HandMlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
    @TempDir
    Path dir;

    static HandMlp model(DType dtype, long seed) {
        HandMlp m = new HandMlp(dtype, 2, 3, 1, HandMlp.Head.SIGMOID_BCE, 4, seed);
        Object x = m.input(0);
        for (int i = 0; i < 8; i++) {
            nnc.runtime.testing.Arrays2.set(x, i, (i * 0.37) % 1 - 0.5);
            nnc.runtime.testing.Arrays2.set(m.target(0), i / 2, i % 3 == 0 ? 1 : 0);
        }
        return m;
    }

    static void train(HandMlp m, Optimizer o, int steps) {
        for (int s = 0; s < steps; s++) {
            m.trainStep(4);
            o.step(m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "nadam", "rmsprop"})
    void roundTripResumesBitForBit(String optimizer) {
        for (DType dtype : List.of(DType.F32, DType.F64)) {
            Map<String, Object> hyper = optimizer.equals("rmsprop") ? Map.of("momentum", 0.5, "centered", true) : Map.of();
            HandMlp a = model(dtype, 1);
            Optimizer oa = Optimizers.create(optimizer, hyper, a.signature());
            train(a, oa, 5);
            oa.setLr(oa.lr() / 2);
            Path file = dir.resolve(optimizer + dtype + ".safetensors");
            Checkpoint.save(file, a, oa, 3, Map.of("note", "hi"));

            HandMlp b = model(dtype, 2);
            Optimizer ob = Optimizers.create(optimizer, hyper, b.signature());
            CheckpointInfo info = Checkpoint.load(file, b, ob);
            assertThat(info.optimizerRestored()).isTrue();
            assertThat(info.epoch()).contains(3L);
            assertThat(info.metadata()).containsEntry("note", "hi").containsEntry("optimizer", optimizer)
                    .containsEntry("optimizer.step", "5").containsEntry("signature", a.signature().hash())
                    .containsEntry("model", "HandMlp").containsEntry("format", Checkpoint.FORMAT);
            assertThat(ob.stepCount()).isEqualTo(5);
            assertThat(ob.lr()).isEqualTo(oa.lr());
            train(a, oa, 3);
            train(b, ob, 3);
            for (int i = 0; i < 4; i++) {
                assertThat(values(b.param(i))).containsExactly(values(a.param(i)));
            }
            assertThat(values(b.state(0))).containsExactly(values(a.state(0)));
        }
    }

    @Test
    void sameContentsGiveByteIdenticalFilesWithAlignedHeader() throws IOException {
        HandMlp a = model(DType.F32, 1);
        Optimizer o = Optimizers.create("adam", Map.of(), a.signature());
        train(a, o, 2);
        Path f1 = dir.resolve("one.safetensors"), f2 = dir.resolve("two.safetensors");
        Checkpoint.save(f1, a, o, 1, Map.of());
        Checkpoint.save(f2, a, o, 1, Map.of());
        byte[] bytes = Files.readAllBytes(f1);
        assertThat(bytes).isEqualTo(Files.readAllBytes(f2));
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"nnc-checkpoint/1\"")
                .contains("\"h1.W\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}")
                .contains("\"optim.exp_avg.h1.W\"");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("one.safetensors", "two.safetensors");
    }

    @Test
    void weightsOnlyLoadsIgnoreOptimizerStateAndLeaveAFreshOptimizerAlone() {
        HandMlp a = model(DType.F64, 1);
        Optimizer o = Optimizers.create("adam", Map.of(), a.signature());
        train(a, o, 2);
        Path withOptim = dir.resolve("train.safetensors"), weights = dir.resolve("weights.safetensors");
        Checkpoint.save(withOptim, a, o, 1, Map.of());
        Checkpoint.save(weights, a, 1, Map.of());
        HandMlp b = model(DType.F64, 5);
        assertThat(Checkpoint.load(withOptim, b).optimizerRestored()).isFalse();
        assertThat(values(b.param(0))).containsExactly(values(a.param(0)));
        Optimizer fresh = Optimizers.create("adam", Map.of(), b.signature());
        assertThat(Checkpoint.load(weights, b, fresh).optimizerRestored()).isFalse();
        assertThat(fresh.stepCount()).isZero();
    }

    @Test
    void loadsAFileLaidOutByAnotherWriter() throws IOException {
        HandMlp m = model(DType.F32, 1);
        // sorted keys, spaces, no metadata, tensors stored in reverse order: all valid safetensors
        String header = "{ \"h1.W\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [32, 56]},\n"
                + " \"h1.b\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [20, 32]},\n"
                + " \"h1.running_mean\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [8, 20]},\n"
                + " \"out.W\": {\"dtype\": \"F32\", \"shape\": [3, 1], \"data_offsets\": [56, 68]},\n"
                + " \"out.b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},\n"
                + " \"pad\": {\"dtype\": \"U8\", \"shape\": [4], \"data_offsets\": [4, 8]} }";
        ByteBuffer data = ByteBuffer.allocate(68).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 17; i++) {
            data.putFloat(i);
        }
        Path f = dir.resolve("py.safetensors");
        Files.write(f, BrokenCheckpointCorpusTest.raw(header, data.array()));
        assertThatThrownBy(() -> Checkpoint.load(f, m)).hasMessageContaining("extra tensor 'pad'");
        Files.write(f, BrokenCheckpointCorpusTest.raw(header.replace(",\n \"pad\": {\"dtype\": \"U8\", \"shape\": [4], "
                + "\"data_offsets\": [4, 8]}", "").replace("[0, 4]", "[0, 8]").replace("\"shape\": [1]", "\"shape\": [2]"),
                data.array()));
        assertThatThrownBy(() -> Checkpoint.load(f, m)).hasMessageContaining("'out.b' is F32[2] in the file");
        Files.write(f, BrokenCheckpointCorpusTest.raw(header.replace(",\n \"pad\": {\"dtype\": \"U8\", \"shape\": [4], "
                + "\"data_offsets\": [4, 8]}", "").replace("[0, 4]", "[4, 8]").replace("\"out.b\"", "\"zz\"")
                .replace("\"data_offsets\": [8, 20]", "\"data_offsets\": [8, 20]}, \"out.b\": {\"dtype\": \"F32\", "
                        + "\"shape\": [1], \"data_offsets\": [0, 4]"), data.array()));
        assertThatThrownBy(() -> Checkpoint.load(f, m)).hasMessageContaining("extra tensor 'zz'");
    }

    @Test
    void failedSaveKeepsThePreviousFileAndLeavesNoTemporaryFile() throws IOException {
        HandMlp a = model(DType.F32, 1);
        Path f = dir.resolve("w.safetensors");
        Checkpoint.save(f, a, 0, Map.of());
        byte[] before = Files.readAllBytes(f);
        SafeTensors.Tensor bad = new SafeTensors.Tensor("bad", DType.I32, new int[] {3}, new long[3]);
        assertThatThrownBy(() -> SafeTensors.write(f, Map.of(), List.of(bad))).isInstanceOf(ClassCastException.class);
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(dir.toFile().list()).containsExactly("w.safetensors");
    }

    @Test
    void metadataKeysOfTheFormatAreReserved() {
        HandMlp a = model(DType.F32, 1);
        assertThatThrownBy(() -> Checkpoint.save(dir.resolve("x.safetensors"), a, 0, Map.of("epoch", "7")))
                .hasMessageContaining("reserved");
    }

    static double[] values(Object a) {
        if (a instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return (double[]) a;
    }
}

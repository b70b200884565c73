package nnc.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import nnc.runtime.DType;
import nnc.runtime.data.Column;
import nnc.runtime.data.CsvOptions;
import nnc.runtime.data.CsvReader;
import nnc.runtime.data.DataSpec;
import nnc.runtime.data.Dataset;
import nnc.runtime.io.Checkpoint;
import nnc.runtime.io.CheckpointInfo;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;
import nnc.runtime.schedule.Schedules;
import nnc.runtime.testing.HandMlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    static HandMlp xorModel(DType dtype, long seed) {
        return new HandMlp(dtype, 2, 8, 1, HandMlp.Head.SIGMOID_BCE, 4, seed);
    }

    Dataset xor(HandMlp m) throws IOException {
        Path f = dir.resolve("xor.csv");
        Files.writeString(f, "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        return CsvReader.read(f, DataSpec.of(m.signature()), CsvOptions.defaults());
    }

    History trainXor(HandMlp m, Optional<Path> checkpoint) throws IOException {
        Optimizer adam = Optimizers.create("adam", Map.of("lr", 0.05), m.signature());
        TrainConfig c = TrainConfig.defaults().withEpochs(300).withBatchSize(4).withSeed(5)
                .withProgress(TrainConfig.ProgressStyle.LINES);
        if (checkpoint.isPresent()) {
            c = c.withCheckpoint(checkpoint.get());
        }
        return new Trainer(m, adam, c, out).fit(xor(m), Optional.empty());
    }

    @Test
    void xorReachesFullAccuracy() throws IOException {
        for (DType dtype : List.of(DType.F32, DType.F64)) {
            HandMlp m = xorModel(dtype, 3);
            History h = trainXor(m, Optional.empty());
            EpochMetrics last = h.epochs().get(h.epochs().size() - 1);
            assertThat(last.trainAccuracy()).as(dtype.toString()).isEqualTo(1.0);
            assertThat(last.trainLoss()).isLessThan(0.05);
            Evaluation e = new Trainer(m, Optimizers.create("sgd", Map.of("lr", 0.1), m.signature()),
                    TrainConfig.defaults().withBatchSize(4), out).evaluate(xor(m));
            assertThat(e.accuracy()).isEqualTo(1.0);
            assertThat(e.rows()).isEqualTo(4);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("epoch 300/300  loss ").contains("acc 100.00%");
    }

    @Test
    void sameSeedGivesByteIdenticalCheckpoints() throws IOException {
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors");
        trainXor(xorModel(DType.F32, 11), Optional.of(a));
        trainXor(xorModel(DType.F32, 11), Optional.of(b));
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        Path c = dir.resolve("c.safetensors");
        trainXor(xorModel(DType.F32, 12), Optional.of(c));
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
    }

    /** Random inputs with random labels: training memorizes them and validation loss soon rises. */
    static Dataset noise(DType dtype, int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[rows * 2], y = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = r.nextDouble(-1, 1);
            x[2 * i + 1] = r.nextDouble(-1, 1);
            y[i] = r.nextInt(2);
        }
        return new Dataset(List.of(Column.of("x", dtype, 2, x)), List.of(Column.of("y", dtype, 1, y)));
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        HandMlp m = new HandMlp(DType.F64, 2, 16, 1, HandMlp.Head.SIGMOID_BCE, 8, 1);
        TrainConfig c = TrainConfig.defaults().withEpochs(300).withBatchSize(8).withPatience(5)
                .withProgress(TrainConfig.ProgressStyle.NONE);
        History h = new Trainer(m, Optimizers.create("adam", Map.of("lr", 0.05), m.signature()), c, out)
                .fit(noise(DType.F64, 16, 1), Optional.of(noise(DType.F64, 16, 2)));
        assertThat(h.stoppedEarly()).isTrue();
        assertThat(h.epochs()).hasSize(h.bestEpoch() + 6);
        double bestVal = h.epochs().get(h.bestEpoch()).valLoss();
        assertThat(h.epochs()).allMatch(e -> e.valLoss() >= bestVal);

        HandMlp again = new HandMlp(DType.F64, 2, 16, 1, HandMlp.Head.SIGMOID_BCE, 8, 1);
        new Trainer(again, Optimizers.create("adam", Map.of("lr", 0.05), again.signature()),
                c.withPatience(0).withEpochs(h.bestEpoch() + 1), out)
                .fit(noise(DType.F64, 16, 1), Optional.of(noise(DType.F64, 16, 2)));
        for (int i = 0; i < 4; i++) {
            assertThat((double[]) m.param(i)).containsExactly((double[]) again.param(i));
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("early stopping: no improvement for 5 epochs");
    }

    @Test
    void resumingFromACheckpointContinuesExactly() {
        TrainConfig c = TrainConfig.defaults().withEpochs(6).withBatchSize(4)
                .withSchedule(Schedules.create("step", Map.of("step_size", 2, "gamma", 0.5)), TrainConfig.ScheduleUnit.EPOCH)
                .withClipping(1.0, 0).withProgress(TrainConfig.ProgressStyle.NONE).withSeed(9);
        HandMlp straight = new HandMlp(DType.F32, 2, 8, 1, HandMlp.Head.SIGMOID_BCE, 4, 1);
        History full = new Trainer(straight, Optimizers.create("nadam", Map.of(), straight.signature()), c, out)
                .fit(noise(DType.F32, 10, 3), Optional.empty());
        assertThat(full.epochs()).extracting(EpochMetrics::lr).containsExactly(2e-3, 2e-3, 1e-3, 1e-3, 5e-4, 5e-4);

        Path ck = dir.resolve("half.safetensors");
        HandMlp first = new HandMlp(DType.F32, 2, 8, 1, HandMlp.Head.SIGMOID_BCE, 4, 1);
        new Trainer(first, Optimizers.create("nadam", Map.of(), first.signature()), c.withEpochs(3).withCheckpoint(ck), out)
                .fit(noise(DType.F32, 10, 3), Optional.empty());
        HandMlp resumed = new HandMlp(DType.F32, 2, 8, 1, HandMlp.Head.SIGMOID_BCE, 4, 77);
        Optimizer o = Optimizers.create("nadam", Map.of(), resumed.signature());
        CheckpointInfo info = Checkpoint.load(ck, resumed, o);
        assertThat(info.epoch()).contains(3L);
        new Trainer(resumed, o, c.withStartEpoch(3), out).fit(noise(DType.F32, 10, 3), Optional.empty());
        for (int i = 0; i < 4; i++) {
            assertThat((float[]) resumed.param(i)).containsExactly((float[]) straight.param(i));
        }
    }

    @Test
    void stopRequestSavesACheckpointAndReturns() throws IOException {
        HandMlp m = xorModel(DType.F64, 3);
        Path ck = dir.resolve("stop.safetensors");
        TrainConfig c = TrainConfig.defaults().withEpochs(50).withBatchSize(2).withCheckpoint(ck)
                .withProgress(TrainConfig.ProgressStyle.LINES);
        Trainer[] t = new Trainer[1];
        StoppingModel stopper = new StoppingModel(m, 7, () -> t[0].requestStop());
        t[0] = new Trainer(stopper, Optimizers.create("sgd", Map.of("lr", 0.1), m.signature()), c, out);
        History h = t[0].fit(xor(m), Optional.empty());
        assertThat(h.interrupted()).isTrue();
        assertThat(h.epochs()).hasSize(3);
        CheckpointInfo info = Checkpoint.load(ck, xorModel(DType.F64, 4));
        assertThat(info.metadata()).containsEntry("interrupted", "true").containsEntry("epoch", "3");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("interrupted: saved checkpoint " + ck + " after epoch 3");
    }

    @Test
    void historyCsvAndProgressBar() throws IOException {
        HandMlp m = xorModel(DType.F32, 3);
        TrainConfig c = TrainConfig.defaults().withEpochs(2).withBatchSize(4).withProgress(TrainConfig.ProgressStyle.BAR);
        History h = new Trainer(m, Optimizers.create("sgd", Map.of("lr", 0.1), m.signature()), c, out)
                .fit(xor(m), Optional.of(xor(m)));
        String csv = h.toCsv();
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv).startsWith("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,samples\n1,");
        assertThat(csv.lines().skip(1).allMatch(l -> l.split(",", -1).length == 8 && l.endsWith(",4"))).isTrue();
        String shown = log.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("\repoch 1/2 [").contains("samples/s").contains("ETA ").contains("val_acc ");
        Path f = dir.resolve("history.csv");
        h.writeCsv(f);
        assertThat(Files.readString(f)).isEqualTo(csv);
    }

    @Test
    void steadyStateLoopAllocatesNothing() {
        HandMlp m = new HandMlp(DType.F32, 2, 16, 1, HandMlp.Head.SIGMOID_BCE, 8, 1);
        TrainConfig c = TrainConfig.defaults().withBatchSize(8).withClipping(0.5, 1.0)
                .withSchedule(Schedules.create("cosine", Map.of("t_max", 1000)), TrainConfig.ScheduleUnit.STEP)
                .withProgress(TrainConfig.ProgressStyle.LINES);
        Trainer t = new Trainer(m, Optimizers.create("adam", Map.of("amsgrad", true), m.signature()), c, out);
        t.prepare(noise(DType.F32, 100, 1));
        run(t, 30_000);
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // Three windows of 10,000 steps. Any per-step allocation (even 8 bytes) would show in every
        // window as >= 80,000 bytes; a late JIT event (a deoptimization re-materializing a frame)
        // can cost a few hundred bytes once, so one window must be exactly 0 and none may reach 1 KB.
        long[] windows = new long[3];
        int epochs = 0;
        for (int w = 0; w < windows.length; w++) {
            long before = bean.getCurrentThreadAllocatedBytes();
            epochs += run(t, 10_000);
            windows[w] = bean.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(epochs).isGreaterThan(1500);
        assertThat(windows).as("bytes allocated per 10,000 steady-state steps").contains(0L);
        assertThat(java.util.Arrays.stream(windows).max().orElseThrow()).isLessThan(1024);
    }

    /** Runs {@code steps} steps, starting a new epoch whenever one ends; returns the epochs started. */
    private static int run(Trainer t, int steps) {
        int epoch = 0;
        t.startEpoch(epoch);
        for (int s = 0; s < steps; s++) {
            if (t.step() == 0) {
                t.startEpoch(++epoch);
                t.step();
            }
        }
        return epoch;
    }
}

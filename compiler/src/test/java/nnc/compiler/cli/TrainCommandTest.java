package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.runtime.io.SafeTensors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nnc train} in-process: settings, checkpoint contents, resuming, stopping, usage errors. */
class TrainCommandTest {
    static final String XOR = """
            model Xor {
              input  x: [batch, 2]
              target y: [batch, 1]
              param W1: [2, 8] = xavier
              param b1: [8]    = zeros
              param W2: [8, 1] = xavier
              param b2: [1]    = zeros
              h    = tanh(x @ W1 + b1)
              out  = sigmoid(h @ W2 + b2)
              loss = mse(out, y)
              output out
            }
            train Xor {
              optimizer = sgd(lr = 0.5, momentum = 0.9)
              batch     = 4
              epochs    = 300
              seed      = 42
            }
            """;
    static final String XOR_DATA = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";

    @TempDir
    Path dir;
    Path model;
    Path data;

    @BeforeEach
    void files() throws IOException {
        model = CliRun.write(dir, "xor.nn", XOR);
        data = CliRun.write(dir, "xor.csv", XOR_DATA);
    }

    private CliRun train(String... more) {
        List<String> args = new ArrayList<>(List.of("train", model.toString(), "--data", data.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void trainsWithTheTrainSectionAndSavesTheCheckpoint() throws IOException {
        Path out = dir.resolve("w.safetensors");
        CliRun r = train("--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("training Xor (f32, 33 parameters) on 4 rows of " + data)
                .contains("with sgd(lr=0.5, momentum=0.9").contains("batch 4, epochs 1..300, seed 42")
                .contains("epoch 300/300  loss ");
        assertThat(r.out()).contains("train loss ").contains("accuracy 100.00%  (4 rows)")
                .contains("saved " + out + " (epoch 300)");
        Map<String, String> meta = SafeTensors.readHeader(out).metadata();
        assertThat(meta).containsEntry("model", "Xor").containsEntry("epoch", "300").containsEntry("dtype", "f32")
                .containsEntry("optimizer", "sgd").containsEntry("optimizer.step", "300")
                .containsEntry("classifier", "threshold").containsEntry("scale.kind", "none")
                .doesNotContainKey("interrupted");
    }

    @Test
    void flagsOverrideTheTrainSection() throws IOException {
        Path out = dir.resolve("w.safetensors");
        CliRun r = train("--out", out.toString(), "--epochs", "3", "--batch", "2", "--optimizer", "adam", "--lr", "0.02",
                "--opt", "amsgrad=true", "--seed", "5", "--dtype", "f64", "--scale", "minmax");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("training Xor (f64, 33 parameters)").contains("features scaled (minmax)")
                .contains("with adam(lr=0.02, beta1=0.9, beta2=0.999, eps=1.0E-8, weight_decay=0.0, amsgrad=true)")
                .contains("batch 2, epochs 1..3, seed 5").contains("epoch 3/3");
        Map<String, String> meta = SafeTensors.readHeader(out).metadata();
        assertThat(meta).containsEntry("epoch", "3").containsEntry("dtype", "f64").containsEntry("optimizer", "adam")
                .containsEntry("optimizer.step", "6").containsEntry("scale.kind", "minmax");
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws IOException {
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors"), c = dir.resolve("c.safetensors");
        assertThat(train("--epochs", "20", "--out", a.toString()).exit()).isZero();
        assertThat(train("--epochs", "20", "--out", b.toString()).exit()).isZero();
        assertThat(train("--epochs", "20", "--out", c.toString(), "--seed", "43").exit()).isZero();
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void resumingContinuesExactlyWhereTheRunStopped() throws IOException {
        Path straight = dir.resolve("straight.safetensors"), half = dir.resolve("half.safetensors");
        Path resumed = dir.resolve("resumed.safetensors");
        for (String[] args : new String[][] {{"--epochs", "30", "--out", straight.toString(), "--batch", "2"},
                {"--epochs", "14", "--out", half.toString(), "--batch", "2"},
                {"--epochs", "30", "--resume", half.toString(), "--out", resumed.toString(), "--batch", "2"}}) {
            CliRun r = train(args);
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(Files.readAllBytes(resumed)).isEqualTo(Files.readAllBytes(straight));
        CliRun again = train("--epochs", "30", "--resume", straight.toString());
        assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("holds epoch 30 already; ask for more with --epochs N (N > 30)");
    }

    @Test
    void aStopRequestSavesTheCheckpointAndExits130() throws IOException {
        Path out = dir.resolve("stopped.safetensors");
        StringWriter err = new StringWriter();
        Session s = new Session(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs(model.toString(), "--data", data.toString(), "--epochs", "100000000",
                "--out", out.toString(), "--progress", "lines");
        List<Thread> stoppers = new ArrayList<>();
        int exit = cmd.run(s, trainer -> {
            Thread t = new Thread(() -> {
                while (!err.toString().contains("epoch 3/")) {
                    Thread.onSpinWait();
                }
                trainer.requestStop();
            });
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
            return () -> { };
        });
        assertThat(exit).as(err.toString()).isEqualTo(TrainCommand.INTERRUPTED);
        Map<String, String> meta = SafeTensors.readHeader(out).metadata();
        assertThat(meta).containsEntry("interrupted", "true");
        long epoch = Long.parseLong(meta.get("epoch"));
        assertThat(epoch).isBetween(3L, 99_999_999L);
        assertThat(err.toString()).contains("interrupted: saved " + out + " after epoch " + epoch
                + "; continue with --resume " + out);
        CliRun resumed = train("--resume", out.toString(), "--epochs", Long.toString(epoch + 2), "--progress", "lines");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("(resumed after epoch " + epoch + ")").contains("epoch " + (epoch + 2) + "/");
        assertThat(SafeTensors.readHeader(out).metadata()).doesNotContainKey("interrupted")
                .containsEntry("epoch", Long.toString(epoch + 2));
    }

    @Test
    void valSplitHoldsOutRowsAndPatienceStopsEarly() throws IOException {
        StringBuilder rows = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i % 2).append(',').append(i / 2 % 2).append(',').append((i % 2) ^ (i / 2 % 2)).append('\n');
        }
        Path many = CliRun.write(dir, "many.csv", rows.toString());
        Path out = dir.resolve("w.safetensors");
        Path history = dir.resolve("h.csv");
        CliRun r = CliRun.of("train", model.toString(), "--data", many.toString(), "--val-split", "0.25", "--out",
                out.toString(), "--history", history.toString(), "--patience", "2", "--epochs", "1000", "--lr", "1e-9");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("30 rows of " + many + ", validating on the other 10 (val_split 0.25)")
                .contains("early stopping: no improvement for 2 epochs");
        assertThat(r.out()).contains("val   loss").contains("(10 rows)").contains(", the best)");
        List<String> lines = Files.readAllLines(history);
        assertThat(lines.get(0)).startsWith("epoch,train_loss,train_accuracy,val_loss,val_accuracy");
        assertThat(lines.size() - 1).isLessThan(1000).isGreaterThanOrEqualTo(3);
    }

    /** Wide enough that the matmuls are split over the threads (more work than the default threshold). */
    static final String WIDE = """
            model Wide {
              input  x: [batch, 16]
              target y: [batch, 1]
              param W1: [16, 512] = xavier
              param b1: [512]     = zeros
              param W2: [512, 256] = xavier
              param b2: [256]     = zeros
              param W3: [256, 1]  = xavier
              param b3: [1]       = zeros
              h1   = relu(x @ W1 + b1)
              h2   = tanh(h1 @ W2 + b2)
              out  = h2 @ W3 + b3
              loss = mse(out, y)
              output out
            }
            train Wide { optimizer = adam(lr = 0.01)  batch = 64  epochs = 2  seed = 7 }
            """;

    @Test
    void threadsGiveTheSameCheckpointBytes() throws IOException {
        Path wide = CliRun.write(dir, "wide.nn", WIDE);
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < 16; c++) {
            csv.append('x').append(c).append(',');
        }
        csv.append("y\n");
        for (int r = 0; r < 200; r++) {
            double sum = 0;
            for (int c = 0; c < 16; c++) {
                double v = Math.sin(r * 0.37 + c * 1.3);
                sum += v * (c % 3 - 1);
                csv.append(v).append(',');
            }
            csv.append(sum).append('\n');
        }
        Path rows = CliRun.write(dir, "wide.csv", csv.toString());
        Path one = dir.resolve("one.safetensors"), three = dir.resolve("three.safetensors");
        CliRun a = CliRun.of("train", wide.toString(), "--data", rows.toString(), "--out", one.toString());
        CliRun b = CliRun.of("train", wide.toString(), "--data", rows.toString(), "--out", three.toString(),
                "--threads", "3", "--measure-allocation");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(Files.readAllBytes(three)).isEqualTo(Files.readAllBytes(one));
        assertThat(b.out()).contains("allocation: ");
    }

    @Test
    void usageErrorsExit64AndWriteNothing() throws IOException {
        Path out = dir.resolve("w.safetensors");
        String o = out.toString();
        String[][] cases = {
            {"--optimizer", "adagrad", "--opt", "lr_decay=fast", "--out", o},
            {"--optimizer", "rmsprop", "--opt", "betas=1", "--out", o},
            {"--optimizer", "lion", "--out", o},
            {"--epochs", "0", "--out", o},
            {"--batch", "-1", "--out", o},
            {"--val-split", "1.5", "--out", o},
            {"--scale", "log", "--out", o},
            {"--dtype", "f16", "--out", o},
            {"--progress", "fancy", "--out", o},
            {"--schedule-unit", "hour", "--out", o},
            {"--label", "nope", "--out", o},
            {"--epochs", "many", "--out", o},
            {"--threads", "0", "--out", o},
        };
        for (String[] c : cases) {
            CliRun r = train(c);
            assertThat(r.exit()).as(String.join(" ", c) + "\n" + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(String.join(" ", c)).startsWith("nnc: ").doesNotContain("Exception");
            assertThat(out).as(String.join(" ", c)).doesNotExist();
        }
    }

    @Test
    void anOutputThatCannotBeCreatedExits73BeforeTraining() {
        CliRun r = train("--out", dir.resolve("missing-dir/w.safetensors").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.CANT_CREATE);
        assertThat(r.err()).isEqualTo("nnc: --out " + dir.resolve("missing-dir/w.safetensors") + ": directory "
                + dir.resolve("missing-dir") + " does not exist" + System.lineSeparator());
        CliRun history = train("--out", dir.resolve("w.safetensors").toString(), "--history", dir.toString());
        assertThat(history.exit()).isEqualTo(ExitCodes.CANT_CREATE);
        assertThat(dir.resolve("w.safetensors")).doesNotExist();
    }

    @Test
    void missingFilesExit66() {
        CliRun noModel = CliRun.of("train", dir.resolve("none.nn").toString(), "--data", data.toString());
        assertThat(noModel.exit()).isEqualTo(ExitCodes.NO_INPUT);
        CliRun noData = CliRun.of("train", model.toString(), "--data", dir.resolve("none.csv").toString());
        assertThat(noData.exit()).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(noData.err()).contains("cannot read --data '" + dir.resolve("none.csv") + "': no such file");
        CliRun noResume = train("--resume", dir.resolve("none.safetensors").toString());
        assertThat(noResume.exit()).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(noResume.err()).contains("cannot read --resume '" + dir.resolve("none.safetensors") + "'");
    }
}

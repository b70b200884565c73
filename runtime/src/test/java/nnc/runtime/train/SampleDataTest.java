package nnc.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import nnc.runtime.DType;
import nnc.runtime.data.CsvOptions;
import nnc.runtime.data.CsvReader;
import nnc.runtime.data.DataSpec;
import nnc.runtime.data.Dataset;
import nnc.runtime.data.Scaler;
import nnc.runtime.testing.HandMlp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code samples/data/Generate.java} as users do ({@code java Generate.java OUTDIR}) and
 * trains the hand-written MLP on its data sets through the CSV reader and the trainer: the data
 * is learnable to the accuracy the samples promise (two spirals and 10 blobs: ≥ 95% validation).
 */
class SampleDataTest {
    @TempDir
    static Path out;

    @BeforeAll
    static void generate() throws IOException, InterruptedException {
        Path script = Path.of("..", "samples", "data", "Generate.java").toAbsolutePath().normalize();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, script.toString(), out.toString(), "--seed", "7")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
    }

    @Test
    void generatorIsDeterministic() throws IOException, InterruptedException {
        Path again = Files.createTempDirectory(out, "again");
        Path script = Path.of("..", "samples", "data", "Generate.java").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                script.toString(), again.toString(), "--seed", "7").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        for (String f : new String[] {"xor.csv", "spirals-train.csv", "spirals-val.csv", "blobs-train.csv", "blobs-val.csv"}) {
            assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(out.resolve(f)));
        }
        assertThat(Files.readAllLines(out.resolve("blobs-train.csv"))).hasSize(1001).first().isEqualTo("x1,x2,label");
    }

    @Test
    void twoSpiralsReach95PercentValidationAccuracy() {
        HandMlp m = new HandMlp(DType.F32, 2, 64, 2, HandMlp.Head.SOFTMAX_INT, 32, 1);
        assertThat(train(m, "spirals", 600, 0.03).valAccuracy()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void tenBlobsReach95PercentValidationAccuracy() {
        HandMlp m = new HandMlp(DType.F64, 2, 16, 10, HandMlp.Head.SOFTMAX_INT, 32, 1);
        assertThat(train(m, "blobs", 40, 0.01).valAccuracy()).isGreaterThanOrEqualTo(0.95);
    }

    private static EpochMetrics train(HandMlp m, String name, int epochs, double lr) {
        DataSpec spec = DataSpec.of(m.signature());
        Dataset train = CsvReader.read(out.resolve(name + "-train.csv"), spec, CsvOptions.defaults());
        Dataset val = CsvReader.read(out.resolve(name + "-val.csv"), spec, CsvOptions.defaults());
        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARD, train);
        TrainConfig c = TrainConfig.defaults().withEpochs(epochs).withBatchSize(32).withSeed(3)
                .withProgress(TrainConfig.ProgressStyle.NONE);
        History h = new Trainer(m, nnc.runtime.optim.Optimizers.create("adam", Map.of("lr", lr), m.signature()), c,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .fit(scaler.apply(train), Optional.of(scaler.apply(val)));
        return h.epochs().get(h.epochs().size() - 1);
    }
}

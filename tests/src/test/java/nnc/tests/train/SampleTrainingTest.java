package nnc.tests.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples learn their data sets through {@code nnc train} with the settings of their train
 * sections: XOR to 100% with a fixed seed and reproducible to the byte, two spirals and ten
 * blobs to at least 95% validation accuracy.
 */
class SampleTrainingTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void generate() throws IOException, InterruptedException {
        Nnc.generateData(data);
    }

    private static Nnc.Run train(String sample, String set, Path out, String... more) {
        String[] args = new String[8 + more.length];
        String[] base = {"train", Nnc.sample(sample), "--data", data.resolve(set + (set.equals("xor") ? ".csv"
                : "-train.csv")).toString(), "--out", out.toString(), "--progress", "lines"};
        System.arraycopy(base, 0, args, 0, 8);
        System.arraycopy(more, 0, args, 8, more.length);
        Nnc.Run r = Nnc.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    @Test
    void xorReaches100PercentAndTheSameSeedGivesTheSameFile() throws IOException {
        Path a = data.resolve("xor-a.safetensors"), b = data.resolve("xor-b.safetensors");
        Nnc.Run first = train("xor.nn", "xor", a, "--seed", "42");
        Nnc.Run second = train("xor.nn", "xor", b, "--seed", "42");
        assertThat(first.accuracy("train")).isEqualTo(100.0);
        assertThat(first.out()).isEqualTo(second.out().replace("xor-b", "xor-a"));
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        Nnc.Run eval = Nnc.run("eval", Nnc.sample("xor.nn"), "--weights", a.toString(), "--data",
                data.resolve("xor.csv").toString());
        assertThat(eval.out()).contains("accuracy 100.00%");
    }

    @Test
    void twoSpiralsReach95PercentOnValidation() {
        Nnc.Run r = train("spirals.nn", "spirals", data.resolve("spirals.safetensors"), "--val",
                data.resolve("spirals-val.csv").toString());
        assertThat(r.accuracy("val")).isGreaterThanOrEqualTo(95.0);
        assertThat(r.err()).contains("training Spirals (f32, ").contains("validating on 200 rows");
    }

    @Test
    void tenBlobsReach95PercentOnValidation() {
        Nnc.Run r = train("blobs.nn", "blobs", data.resolve("blobs.safetensors"), "--val",
                data.resolve("blobs-val.csv").toString());
        assertThat(r.accuracy("val")).isGreaterThanOrEqualTo(95.0);
        Nnc.Run eval = Nnc.run("eval", Nnc.sample("blobs.nn"), "--weights", data.resolve("blobs.safetensors").toString(),
                "--data", data.resolve("blobs-val.csv").toString());
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("(500 rows of ");
    }
}

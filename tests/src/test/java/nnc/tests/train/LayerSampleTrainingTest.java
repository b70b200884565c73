package nnc.tests.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer samples learn the data sets {@code samples/data/Generate.java} writes, through
 * {@code nnc train} with the settings (and seed) of their train sections: the convolutional net
 * to at least 97% validation accuracy on the shapes, the batch-norm/dropout/residual MLP to at
 * least 93% on the rings, and the autoencoder to a validation MSE below 0.01 and below 5% of
 * the MSE of predicting each feature's training mean.
 */
class LayerSampleTrainingTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void generate() throws IOException, InterruptedException {
        Nnc.generateData(data);
    }

    private static Nnc.Run train(String sample, String set) {
        Nnc.Run r = Nnc.run("train", Nnc.sample(sample), "--data", data.resolve(set + "-train.csv").toString(),
                "--val", data.resolve(set + "-val.csv").toString(), "--out", data.resolve(set + ".safetensors").toString(),
                "--progress", "none");
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    @Test
    void theConvolutionalNetReaches97PercentOnValidationShapes() {
        Nnc.Run r = train("cnn.nn", "shapes");
        assertThat(r.accuracy("val")).isGreaterThanOrEqualTo(97.0);
        assertThat(r.err()).contains("validating on 400 rows");
    }

    @Test
    void theBatchNormResidualMlpReaches93PercentOnValidationRings() {
        Nnc.Run r = train("bn-mlp.nn", "rings");
        assertThat(r.accuracy("val")).isGreaterThanOrEqualTo(93.0);
    }

    @Test
    void theAutoencoderReconstructsFarBetterThanTheMean() throws IOException {
        Nnc.Run r = train("autoencoder.nn", "manifold");
        Matcher m = Pattern.compile("(?m)^val +loss ([0-9.]+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double mse = Double.parseDouble(m.group(1));
        double baseline = meanPredictorMse(data.resolve("manifold-train.csv"), data.resolve("manifold-val.csv"));
        assertThat(baseline).as("the data varies").isGreaterThan(0.1);
        assertThat(mse).isLessThan(0.01).isLessThan(0.05 * baseline);
    }

    /** The validation MSE of predicting every target column by its mean over the training rows. */
    private static double meanPredictorMse(Path train, Path val) throws IOException {
        double[] mean = new double[16];
        List<String> rows = Files.readAllLines(train).subList(1, Files.readAllLines(train).size());
        for (String row : rows) {
            String[] f = row.split(",");
            for (int i = 0; i < 16; i++) {
                mean[i] += Double.parseDouble(f[16 + i]) / rows.size();
            }
        }
        List<String> vrows = Files.readAllLines(val).subList(1, Files.readAllLines(val).size());
        double sum = 0;
        for (String row : vrows) {
            String[] f = row.split(",");
            for (int i = 0; i < 16; i++) {
                double d = Double.parseDouble(f[16 + i]) - mean[i];
                sum += d * d;
            }
        }
        return sum / (vrows.size() * 16.0);
    }
}

package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc eval} and {@code nnc predict} on weights {@code nnc train} saved. */
class EvalPredictCommandTest {
    static final String LINE = """
            model Line {
              input  x: [batch, 1]
              target y: [batch, 1]
              param  w: [1, 1] = zeros
              param  b: [1]    = zeros
              output out = x @ w + b
              loss = mse(out, y)
            }
            train Line { optimizer = sgd(lr = 0.1) batch = 4 epochs = 200 }
            """;

    @TempDir
    Path dir;
    Path xor;
    Path data;
    Path weights;

    @BeforeEach
    void trainXor() throws IOException {
        xor = CliRun.write(dir, "xor.nn", TrainCommandTest.XOR);
        data = CliRun.write(dir, "xor.csv", TrainCommandTest.XOR_DATA);
        weights = dir.resolve("xor.safetensors");
        CliRun r = CliRun.of("train", xor.toString(), "--data", data.toString(), "--out", weights.toString(),
                "--scale", "standard", "--progress", "none");
        assertThat(r.exit()).as(r.err()).isZero();
        trainLine = r.out().lines().filter(l -> l.startsWith("train ")).findFirst().orElseThrow();
    }

    private String trainLine;

    @Test
    void evalReportsWhatTrainingEndedWithUsingTheStoredScaling() {
        CliRun r = CliRun.of("eval", xor.toString(), "--weights", weights.toString(), "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(trainLine.substring("train ".length()).strip().replace("(4 rows)", "(4 rows of "
                + data + ")") + System.lineSeparator());
        assertThat(r.out()).contains("accuracy 100.00%");
    }

    @Test
    void predictPrintsEveryOutputAndTheClass() throws IOException {
        CliRun r = CliRun.of("predict", xor.toString(), "--weights", weights.toString(), "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).isEqualTo("out,class");
        assertThat(rows.subList(1, 5)).extracting(l -> l.substring(l.indexOf(',') + 1)).containsExactly("0", "1", "1", "0");
        for (String row : rows.subList(1, 5)) {
            double p = Double.parseDouble(row.substring(0, row.indexOf(',')));
            assertThat(p).isBetween(0.0, 1.0);
            assertThat(p >= 0.5 ? "1" : "0").isEqualTo(row.substring(row.indexOf(',') + 1));
        }
        Path features = CliRun.write(dir, "features.csv", "0,0\n0,1\n1,0\n1,1\n");
        Path out = dir.resolve("predictions.csv");
        CliRun toFile = CliRun.of("predict", xor.toString(), "--weights", weights.toString(), "--data",
                features.toString(), "--out", out.toString());
        assertThat(toFile.exit()).as(toFile.err()).isZero();
        assertThat(toFile.out()).isEmpty();
        assertThat(toFile.err()).contains("wrote 4 predictions to " + out);
        assertThat(Files.readString(out)).isEqualTo(r.out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aRegressionModelHasNoAccuracyAndNoClass() throws IOException {
        Path line = CliRun.write(dir, "line.nn", LINE);
        Path points = CliRun.write(dir, "points.csv", "x,y\n0,1\n1,3\n2,5\n3,7\n");
        Path w = dir.resolve("line.safetensors");
        CliRun t = CliRun.of("train", line.toString(), "--data", points.toString(), "--out", w.toString(), "--dtype", "f64");
        assertThat(t.exit()).as(t.err()).isZero();
        CliRun e = CliRun.of("eval", line.toString(), "--weights", w.toString(), "--data", points.toString());
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(e.out()).startsWith("loss ").doesNotContain("accuracy");
        Matcher m = Pattern.compile("loss ([0-9.e-]+)").matcher(e.out());
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThan(1e-3);
        CliRun p = CliRun.of("predict", line.toString(), "--weights", w.toString(), "--data", points.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        List<String> rows = p.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("out");
        assertThat(Double.parseDouble(rows.get(4))).isCloseTo(7.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void errorsHaveTheirExitCodes() throws IOException {
        Path line = CliRun.write(dir, "line.nn", LINE);
        CliRun other = CliRun.of("eval", line.toString(), "--weights", weights.toString(), "--data", data.toString());
        assertThat(other.exit()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(other.err()).isEqualTo("nnc: " + weights + ": was saved from model Xor, not Line; give the checkpoint"
                + " of this model, or the .nn file of Xor" + System.lineSeparator());
        CliRun dtype = CliRun.of("eval", xor.toString(), "--weights", weights.toString(), "--data", data.toString(),
                "--dtype", "f64");
        assertThat(dtype.exit()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(dtype.err()).contains("parameter 'W1' is F32[2, 8] in the file, the model needs F64[2, 8]")
                .contains("compiled with the same --dtype");
        CliRun missing = CliRun.of("predict", xor.toString(), "--weights", dir.resolve("no.safetensors").toString(),
                "--data", data.toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.NO_INPUT);
        CliRun batch = CliRun.of("eval", xor.toString(), "--weights", weights.toString(), "--data", data.toString(),
                "--batch", "0");
        assertThat(batch.exit()).isEqualTo(ExitCodes.USAGE);
        Path ragged = CliRun.write(dir, "ragged.csv", "x1,x2,y\n0,0,0\n0,1\n");
        CliRun bad = CliRun.of("eval", xor.toString(), "--weights", weights.toString(), "--data", ragged.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(bad.err()).startsWith("nnc: " + ragged + ":3:4: row has 2 fields, but the header (line 1) has 3");
        CliRun noOut = CliRun.of("predict", xor.toString(), "--weights", weights.toString(), "--data", data.toString(),
                "--out", dir.resolve("nowhere/p.csv").toString());
        assertThat(noOut.exit()).isEqualTo(ExitCodes.USAGE);
    }
}

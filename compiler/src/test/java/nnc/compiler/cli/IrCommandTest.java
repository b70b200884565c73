package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IrCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsForwardAndTrainingIr() throws IOException {
        Path model = CliRun.write(dir, "c.nn", GradCommandTest.CLASSIFIER);
        CliRun forward = CliRun.of("ir", model.toString());
        assertThat(forward.exit()).as(forward.err()).isZero();
        assertThat(forward.out()).contains("= matmul %0, %2 : f32[batch, 3]  @ " + model + ":6:14")
                .contains("loss = %").doesNotContain("grad W");
        CliRun training = CliRun.of("ir", model.toString(), "--grad", "--no-positions");
        assertThat(training.out()).contains("grad W = %").contains("grad b = %").doesNotContain(" @ ");
        CliRun raw = CliRun.of("ir", model.toString(), "--raw");
        assertThat(raw.out().lines().count()).isGreaterThan(forward.out().lines().count());
    }

    @Test
    void badModelsAndNamesAreUserErrors() throws IOException {
        Path bad = CliRun.write(dir, "bad.nn", "model M {\n  input x: [batch, 2]\n  loss = sum(y)\n}\n");
        CliRun r = CliRun.of("ir", bad.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(r.err()).contains(bad + ":3:14");
        Path ok = CliRun.write(dir, "ok.nn", GradCommandTest.CLASSIFIER);
        CliRun unknown = CliRun.of("ir", ok.toString(), "--model", "Other");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("has no model named 'Other'; it has Classifier");
    }
}

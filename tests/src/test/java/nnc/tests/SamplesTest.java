package nnc.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The samples the issue asks for exist and pass {@code nnc check} without errors or warnings. */
class SamplesTest {
    @Test
    void everySamplePassesCheckCleanly() {
        List<Path> samples = Repo.nnFiles("samples");
        assertThat(samples).extracting(p -> p.getFileName().toString())
                .contains("seed-example.nn", "xor.nn", "logistic.nn", "mlp.nn", "digits.nn", "regression.nn");
        String[] args = new String[samples.size() + 1];
        args[0] = "check";
        for (int i = 0; i < samples.size(); i++) {
            args[i + 1] = samples.get(i).toString();
        }
        Repo.Run run = Repo.nnc(args);
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(samples.size()).allMatch(l -> l.contains(": ok: model "));
    }

    @Test
    void theMlpHasTheLayersTheIssueAsksFor() {
        Repo.Run run = Repo.nnc("check", Repo.root().resolve("samples/mlp.nn").toString());
        assertThat(run.out()).contains("model Mlp, 6 parameters (" + (784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10)
                + " values)");
    }
}

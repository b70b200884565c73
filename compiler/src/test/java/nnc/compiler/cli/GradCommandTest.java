package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCommandTest {
    static final String SEED = """
            model Seed {
              input x: []
              input y: []
              output f = x^2 * y + y + 2
              loss = f
            }
            """;
    static final String CLASSIFIER = """
            model Classifier {
              input  x: [batch, 2]
              target y: i32[batch]
              param  W: [2, 3] = zeros
              param  b: [3]    = constant(0.5)
              logits = x @ W + b
              loss = cross_entropy(logits, y)
              output logits
            }
            """;

    @TempDir
    Path dir;
    Path seed;
    Path classifier;

    @BeforeEach
    void files() throws IOException {
        seed = CliRun.write(dir, "seed.nn", SEED);
        classifier = CliRun.write(dir, "classifier.nn", CLASSIFIER);
    }

    private CliRun grad(Path model, String values, String... more) throws IOException {
        Path v = CliRun.write(dir, "values.json", values);
        String[] args = new String[4 + more.length];
        args[0] = "grad";
        args[1] = model.toString();
        args[2] = "--values";
        args[3] = v.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.of(args);
    }

    @Test
    void seedExample() throws IOException {
        CliRun r = grad(seed, "{\"x\": 3, \"y\": 4}", "--symbolic");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                {"loss": 42, "outputs": {"f": 42}, "grad": {"x": 24, "y": 10}}
                ∂f/∂x = 2·x·y
                ∂f/∂y = x² + 1
                """);
    }

    @Test
    void parametersMissingFromTheFileComeFromTheirInitializers() throws IOException {
        CliRun r = grad(classifier, "{\"x\": [[1, 2], [3, 4]], \"y\": [2, 0]}", "--wrt", "x");
        assertThat(r.exit()).as(r.err()).isZero();
        // W = 0, b = 0.5: softmax p = 1/3 everywhere, loss log 3; dL/dlogits = (p - onehot(y)) / 2 =
        // [[1/6, 1/6, -1/3], [-1/3, 1/6, 1/6]]; db = column sums; dW = xᵀ dlogits; dx = dlogits Wᵀ = 0
        assertThat(r.out()).startsWith("{\"loss\": 1.0986122886681098, \"outputs\": {\"logits\": [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]}")
                .contains("\"W\": [[-0.8333333333333334, 0.6666666666666666, 0.16666666666666663], [-1.0000000000000002, 1, ")
                .contains("\"b\": [-0.1666666666666667, 0.3333333333333333, -0.1666666666666667]")
                .contains("\"x\": [[0, 0], [0, 0]]");
    }

    @Test
    void badValuesFilesAreExplainedWithExit65() throws IOException {
        assertBad(grad(seed, "{\"x\": 3}"), "missing input 'y' of type f32[]");
        assertBad(grad(seed, "{x: 3}"), "values.json:1:2: expected a string key in double quotes, got 'x'");
        assertBad(grad(seed, "{\"x\": 3, \"y\": 4, \"z\": 1}"), "'z' is not an input, target or parameter of model Seed");
        assertBad(grad(seed, "{\"x\": [3], \"y\": 4}"), "'x' needs shape [] (type f32[]), got [1]");
        assertBad(grad(seed, "{\"x\": \"three\", \"y\": 4}"), "'x' must hold numbers or nested lists of numbers, found the string \"three\"");
        assertBad(grad(classifier, "{\"x\": [[1, 2], [3]], \"y\": [1, 0]}"), "'x' is not rectangular");
        assertBad(grad(classifier, "{\"x\": [[1, 2]], \"y\": [1, 0]}"), "'y' has 2 rows but 'x' has 1");
        assertBad(grad(classifier, "{\"x\": [[1, 2]], \"y\": [1.5]}"), "'y' holds class indices (i32) but has 1.5");
        assertBad(grad(classifier, "{\"x\": [[1, 2]], \"y\": [3]}"), "label 3.0 at index 0 is not a class index in [0, 3)");
        assertBad(grad(classifier, "{\"x\": [[1, 2]], \"y\": [1], \"W\": [1, 2]}"), "'W' needs shape [2, 3] (type f32[2, 3]), got [2]");
    }

    @Test
    void usageAndMissingFiles() throws IOException {
        CliRun wrt = grad(classifier, "{\"x\": [[1, 2]], \"y\": [1]}", "--wrt", "nope");
        assertThat(wrt.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrt.err()).contains("--wrt nope: not a float input of the model; its inputs are x");
        CliRun missing = CliRun.of("grad", seed.toString(), "--values", dir.resolve("absent.json").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(missing.err()).contains("absent.json': no such file");
        assertThat(missing.err()).doesNotContain("Exception");
    }

    private static void assertBad(CliRun r, String message) {
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }
}

package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import nnc.runtime.io.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchCommandTest {
    static final String CLASSIFIER = """
            model Classifier {
              input  x: [batch, 6]
              target y: i32[batch]
              param  W1: [6, 5] = kaiming
              param  b1: [5]    = zeros
              param  W2: [5, 3] = xavier
              h      = relu(x @ W1 + b1)
              logits = h @ W2
              loss   = cross_entropy(logits, y)
              output probs = softmax(logits)
            }
            """;

    @TempDir
    Path dir;
    Path classifier;

    @BeforeEach
    void files() throws IOException {
        classifier = CliRun.write(dir, "classifier.nn", CLASSIFIER);
    }

    @Test
    void printsOneJsonObjectWithTheMediansAndTheMemory() throws Exception {
        CliRun run = CliRun.of("bench", classifier.toString(), "--batch", "8", "--seconds", "0.05", "--optimizer", "adam");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip().lines()).hasSize(1);
        Json.Obj json = (Json.Obj) Json.parse(run.out());
        assertThat(List.copyOf(json.members().keySet())).contains("train_step_us", "infer_us", "samples_per_s", "gflops",
                "allocated_bytes_per_step", "threads", "batch", "jdk", "memory_bytes", "memory_min_bytes");
        assertThat(number(json, "train_step_us")).isPositive();
        assertThat(number(json, "infer_us")).isPositive();
        assertThat(number(json, "batch")).isEqualTo(8);
        assertThat(number(json, "threads")).isEqualTo(1);
        assertThat(number(json, "allocated_bytes_per_step")).isZero();
        assertThat(number(json, "allocated_bytes_per_infer")).isZero();
        assertThat(number(json, "warmup_steps")).isPositive();
        assertThat(number(json, "infer_warmup_steps")).isPositive();
        assertThat(number(json, "warmup_s")).isGreaterThanOrEqualTo(0.05);
        assertThat(number(json, "infer_warmup_s")).isGreaterThanOrEqualTo(0.05);
        assertThat(number(json, "warmup_max_s")).as("the default cap: a minute").isEqualTo(60);
        assertWarmUpReported(json);
        assertThat(json.members().get("update_in_step")).as("adam updates after the step").isEqualTo(new Json.Bool(false));
        assertThat(number(json, "samples_per_s")).isCloseTo(8 / (number(json, "train_step_us") / 1e6),
                org.assertj.core.data.Percentage.withPercentage(0.1));
        // matmuls 2·8·(6·5 + 5·3) forward, the same for weight gradients, 2·8·5·3 for the input gradient of layer 2
        assertThat(number(json, "train_flops_per_step")).isGreaterThanOrEqualTo(2 * 8 * (45 + 45 + 15));
        Json.Obj held = (Json.Obj) json.members().get("memory_bytes");
        Json.Obj min = (Json.Obj) json.members().get("memory_min_bytes");
        long params = 4 * (30 + 5 + 15);
        assertThat(number(held, "parameters")).isEqualTo(params);
        assertThat(number(held, "gradients")).isEqualTo(params);
        assertThat(number(held, "optimizer_state")).as("adam: two moments").isEqualTo(2 * params);
        assertThat(number(min, "workspace")).isPositive().isLessThanOrEqualTo(number(held, "workspace"));
        assertThat(number(json, "memory_min_bytes_total")).isLessThanOrEqualTo(number(json, "memory_bytes_total"));
    }

    @Test
    void compilesAndRunsInDoublePrecisionWithDtypeF64() throws Exception {
        CliRun run = CliRun.of("bench", classifier.toString(), "--batch", "4", "--seconds", "0.05", "--optimizer", "adam",
                "--dtype", "f64");

        assertThat(run.exit()).as(run.err()).isZero();
        Json.Obj json = (Json.Obj) Json.parse(run.out());
        assertThat(((Json.Str) json.members().get("dtype")).value()).isEqualTo("f64");
        assertThat(number(json, "train_step_us")).isPositive();
        assertThat(number(json, "allocated_bytes_per_step")).isZero();
        assertThat(number(json, "allocated_bytes_per_infer")).isZero();
        Json.Obj held = (Json.Obj) json.members().get("memory_bytes");
        long params = 8 * (30 + 5 + 15);
        assertThat(number(held, "parameters")).as("8 bytes a parameter").isEqualTo(params);
        assertThat(number(held, "gradients")).isEqualTo(params);
        assertThat(number(held, "optimizer_state")).isEqualTo(2 * params);
    }

    @Test
    void runsOnTheThreadsItIsGiven() throws Exception {
        CliRun run = CliRun.of("bench", classifier.toString(), "--batch", "8", "--seconds", "0.05", "--threads", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        Json.Obj json = (Json.Obj) Json.parse(run.out());
        assertThat(number(json, "threads")).isEqualTo(2);
        assertThat(json.members().get("update_in_step")).as("sgd updates inside the step").isEqualTo(new Json.Bool(true));
        assertThat(number(json, "allocated_bytes_per_step")).isZero();
        assertThat(number(json, "train_step_us")).isPositive();
    }

    @Test
    void capsTheWarmUpAtMaxWarmupSeconds() throws Exception {
        CliRun run = CliRun.of("bench", classifier.toString(), "--batch", "2", "--seconds", "0.05",
                "--max-warmup-seconds", "0.5");

        assertThat(run.exit()).as(run.err()).isZero();
        Json.Obj json = (Json.Obj) Json.parse(run.out());
        assertThat(number(json, "warmup_max_s")).isEqualTo(0.5);
        assertThat(number(json, "warmup_s")).as("the cap and the round that reached it").isLessThan(0.5 + 0.2);
        assertThat(number(json, "infer_warmup_s")).isLessThan(0.5 + 0.2);
        assertWarmUpReported(json);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--threads 0 | --threads must be at least 1",
        "--batch 0 | --batch must be at least 1",
        "--dtype f16 | expected f32 or f64",
        "--optimizer lbfgs | expected one of sgd",
        "--seconds -1 | --seconds must be in",
        "--max-warmup-seconds 1 | --max-warmup-seconds must be in [--seconds, 36000], got 1.0"})
    void badUsageExits64WithAMessage(String options, String message) {
        String[] opts = options.split(" ");
        CliRun run = CliRun.of("bench", classifier.toString(), opts[0], opts[1]);

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message).doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingFileIsNoInput() {
        CliRun run = CliRun.of("bench", dir.resolve("nope.nn").toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(run.err()).contains("no such file");
    }

    @Test
    void aModelWithErrorsIsADataError() throws IOException {
        Path bad = CliRun.write(dir, "bad.nn", CLASSIFIER.replace("x @ W1", "x @ W2"));
        CliRun run = CliRun.of("bench", bad.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.err()).contains("bad.nn:");
    }

    /** The warm-up fields agree: settled exactly when both warm-ups ended steady. */
    private static void assertWarmUpReported(Json.Obj json) {
        List<String> labels = java.util.Arrays.stream(WarmUpRule.Verdict.values()).map(WarmUpRule.Verdict::label).toList();
        String train = ((Json.Str) json.members().get("warmup_reason")).value();
        String infer = ((Json.Str) json.members().get("infer_warmup_reason")).value();
        assertThat(List.of(train, infer)).allMatch(labels::contains);
        assertThat(json.members().get("warmup_settled"))
                .isEqualTo(new Json.Bool(train.startsWith("steady") && infer.startsWith("steady")));
    }

    private static double number(Json.Obj json, String key) {
        return Double.parseDouble(((Json.Num) json.members().get(key)).text());
    }
}

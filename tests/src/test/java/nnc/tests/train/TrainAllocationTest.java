package nnc.tests.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steady-state loop of {@code nnc train} — batch copy into the compiled model, its training
 * step, clipping, a per-step schedule, Adam, metrics — allocates nothing, as
 * {@code --measure-allocation} measures it around every step of the real command.
 */
class TrainAllocationTest {
    static final String MODEL = """
            block dense(x: [n, i], units) {
              param W: [i, units] = kaiming
              param b: [units]    = zeros
              return x @ W + b
            }
            model Net {
              input  x: [batch, 2]
              target label: i32[batch]
              h1     = relu(dense(x, 16))
              logits = dense(h1, 2)
              output probs = softmax(logits)
              loss   = cross_entropy(logits, label) + 1e-4 * l2(h1.W)
            }
            train Net {
              optimizer = adam(lr = 0.01, amsgrad = true)
              batch     = 4
              epochs    = 80
              clip_norm = 1.0
              clip_value = 5
              schedule  = warmup(100) then cosine(t_max = 100000)
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theSteadyStateTrainingStepAllocatesNothing() throws IOException {
        Path model = Files.writeString(dir.resolve("net.nn"), MODEL, StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            double a = r.nextDouble(-1, 1), b = r.nextDouble(-1, 1);
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", a, b, a * b > 0 ? 1 : 0));
        }
        Path data = Files.writeString(dir.resolve("quadrants.csv"), csv, StandardCharsets.UTF_8);
        Nnc.Run run = Nnc.run("train", model.toString(), "--data", data.toString(), "--out",
                dir.resolve("net.safetensors").toString(), "--progress", "none", "--measure-allocation");
        assertThat(run.exit()).as(run.err()).isZero();
        Matcher m = Pattern.compile("allocation: \\S+ bytes per steady-state training step \\((\\d+) steps after (\\d+)"
                + " of warm-up; windows \\[(\\d+), (\\d+), (\\d+)\\] bytes\\)").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("steady-state steps measured").isGreaterThan(9000);
        assertThat(Integer.parseInt(m.group(2))).as("warm-up steps").isGreaterThanOrEqualTo(10_000);
        long[] windows = {Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))};
        // Any per-step allocation (even 8 bytes) would show in every window as >= 24,000 bytes; a
        // late JIT event (a deoptimization re-materializing a frame) can cost a few hundred bytes
        // once, so one window must be exactly 0 and none may reach 1 KB.
        assertThat(windows).as(run.out()).contains(0L);
        assertThat(Arrays.stream(windows).max().orElseThrow()).as(run.out()).isLessThan(1024);
    }
}

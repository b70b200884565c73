package nnc.tests.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.runtime.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ctrl-C: SIGINT to a {@code bin/nnc train} process saves the checkpoint, marked as
 * interrupted, says how to continue, and exits 130; {@code --resume} then continues from it.
 *
 * <p>The process is started through perl, which restores SIGINT's default action before
 * {@code exec}: a shell started without job control (as CI runners and Maven's forks may be)
 * hands its children SIGINT ignored, and the JVM keeps an ignored SIGINT ignored. Needs
 * {@code bin/nnc} built ({@code mvn package}, which {@code mvn verify} runs before this module's
 * tests) and perl; skipped without them.
 */
class CtrlCTest {
    @TempDir
    Path dir;

    @Test
    void sigintSavesACheckpointAndExits130() throws IOException, InterruptedException {
        Path root = Nnc.root();
        assumeTrue(Files.isDirectory(root.resolve("compiler/target/lib")), "bin/nnc is not built");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "perl is not installed");
        Path data = Files.writeString(dir.resolve("points.csv"), points(), StandardCharsets.UTF_8);
        Path out = dir.resolve("spirals.safetensors"), err = dir.resolve("err.txt");
        Process p = new ProcessBuilder("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!",
                root.resolve("bin/nnc").toString(), "train", Nnc.sample("spirals.nn"), "--data", data.toString(),
                "--epochs", "100000000", "--out", out.toString(), "--progress", "lines")
                .redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            waitFor(() -> Files.readString(err).contains("epoch 2/"), p, 180);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(err);
        assertThat(p.exitValue()).as(log).isEqualTo(130);
        Matcher m = Pattern.compile("interrupted: saved " + Pattern.quote(out.toString()) + " after epoch (\\d+);"
                + " continue with --resume " + Pattern.quote(out.toString())).matcher(log);
        assertThat(m.find()).as(log).isTrue();
        long epoch = Long.parseLong(m.group(1));
        Map<String, String> meta = SafeTensors.readHeader(out).metadata();
        assertThat(meta).containsEntry("interrupted", "true").containsEntry("epoch", Long.toString(epoch));
        assertThat(epoch).isGreaterThanOrEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("points.csv",
                    "spirals.safetensors", "err.txt", "out.txt");
        }
        Nnc.Run resumed = Nnc.run("train", Nnc.sample("spirals.nn"), "--data", data.toString(), "--resume",
                out.toString(), "--epochs", Long.toString(epoch + 1));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("epochs " + (epoch + 1) + ".." + (epoch + 1) + ", seed 1 (resumed after epoch "
                + epoch + ")");
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private static void waitFor(Check check, Process p, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            assertThat(p.isAlive()).as("nnc train is still running").isTrue();
            assertThat(System.nanoTime()).as("waited %d s for the second epoch", seconds).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static String points() {
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            double a = r.nextDouble(-1, 1), b = r.nextDouble(-1, 1);
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", a, b, a * a + b * b < 0.5 ? 1 : 0));
        }
        return csv.toString();
    }
}

package nnc.tests.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.compiler.cli.Main;

/** The repository under test, the nnc command run in this JVM, and the sample data generator. */
final class Nnc {
    private Nnc() {
    }

    /** What one run of the nnc command did. */
    record Run(int exit, String out, String err) {
        /** The accuracy (in percent) on the line of stdout that starts with {@code set} ({@code train}, {@code val}). */
        double accuracy(String set) {
            Matcher m = Pattern.compile("(?m)^" + set + " +loss [0-9.]+  accuracy ([0-9.]+)%").matcher(out);
            assertThat(m.find()).as("a '%s' line with an accuracy in:%n%s%n%s", set, out, err).isTrue();
            return Double.parseDouble(m.group(1));
        }
    }

    static Path root() {
        String root = System.getProperty("nnc.root");
        if (root == null) {
            throw new IllegalStateException("run through Maven: the system property nnc.root is not set");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static String sample(String name) {
        return root().resolve("samples").resolve(name).toString();
    }

    /** Runs {@code nnc args...} in this JVM through the real entry point. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code java samples/data/Generate.java dir} as the README says, so the data is what users get. */
    static void generateData(Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, root().resolve("samples/data/Generate.java").toString(), dir.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
    }
}

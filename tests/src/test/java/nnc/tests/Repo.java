package nnc.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnc.compiler.cli.Main;

/** The repository under test (system property {@code nnc.root}) and an in-process nnc. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        String root = System.getProperty("nnc.root");
        if (root == null) {
            throw new IllegalStateException("run through Maven: the system property nnc.root is not set");
        }
        return Path.of(root);
    }

    /** The files in {@code dir} (relative to the root) ending in {@code .nn}, sorted. */
    static List<Path> nnFiles(String dir) {
        try (Stream<Path> files = Files.list(root().resolve(dir))) {
            return files.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one run of the nnc command did. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code nnc args...} in this JVM through the real entry point. */
    static Run nnc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

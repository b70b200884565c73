package nnc.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.source.Diagnostic;
import nnc.compiler.source.DiagnosticRenderer;
import nnc.compiler.source.Span;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Fuzzes the front end with random token sequences and with mutations of the samples (deleted,
 * duplicated and swapped tokens, changed numbers). Every outcome must be a checked program or
 * diagnostics at valid positions that render; never an exception, never a hang.
 */
class FrontEndFuzzTest {
    private static final String[] TOKENS = {
        "model", "block", "train", "input", "target", "param", "output", "return", "loss", "then",
        "true", "false", "M", "x", "y", "W", "b", "h", "h1.W", "batch", "units", "n", "i",
        "relu", "softmax", "sum", "mean", "reshape", "transpose", "mse", "cross_entropy", "l2", "grad",
        "dense", "xavier", "kaiming", "normal", "zeros", "adam", "sgd", "lr", "axis", "optimizer", "epochs",
        "f32", "i32", "f64", "0", "1", "2", "-1", "10", "784", "1e-3", "0.5", "1e999", "99999999999",
        "\"mean\"", "\"", "{", "}", "(", ")", "[", "]", ",", ":", ";", "=", "+", "-", "*", "/", "@", "^",
        ".", "#", "$", "\n", "\t", "é", "🙂", "\u0000", "\uFEFF",
    };
    private static final String[] NUMBERS = {"0", "-1", "1", "3", "2.5", "1e999", "4294967296", "-0.0", "7"};
    private static final Pattern TOKEN = Pattern.compile(
            "#[^\\n]*|[A-Za-z_][A-Za-z_0-9]*(?:\\.[A-Za-z_][A-Za-z_0-9]*)*|\\d+\\.?\\d*(?:[eE][-+]?\\d+)?|\"[^\"\\n]*\"|\\S");

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void randomTokenSequences() {
        Gen<String> programs = lists().of(integers().between(0, TOKENS.length - 1)).ofSizeBetween(0, 80)
                .map(FrontEndFuzzTest::join);
        qt().withFixedSeed(20261123L).withExamples(400).withShrinkCycles(100)
                .forAll(programs).checkAssert(FrontEndFuzzTest::wellBehaved);
    }

    @Test
    void tokenSequencesInsideAModel() {
        Gen<String> bodies = lists().of(integers().between(0, TOKENS.length - 1)).ofSizeBetween(0, 40)
                .map(ts -> "model M {\n  input x: [batch, 4]\n  param W: [4, 4] = xavier\n  h = " + join(ts)
                        + "\n  loss = sum(h)\n}\n");
        qt().withFixedSeed(7L).withExamples(400).withShrinkCycles(100)
                .forAll(bodies).checkAssert(FrontEndFuzzTest::wellBehaved);
    }

    @Test
    void mutationsOfTheSamples() {
        List<List<String>> samples = Repo.nnFiles("samples").stream().map(FrontEndFuzzTest::tokens).toList();
        Gen<int[]> mutation = integers().between(0, 3).zip(integers().all(), integers().all(),
                (kind, a, b) -> new int[] {kind, a, b});
        Gen<String> mutants = integers().between(0, samples.size() - 1)
                .zip(lists().of(mutation).ofSizeBetween(1, 6), (s, ms) -> mutate(samples.get(s), ms));
        qt().withFixedSeed(42L).withExamples(600).withShrinkCycles(100)
                .forAll(mutants).checkAssert(FrontEndFuzzTest::wellBehaved);
    }

    private static String join(List<Integer> indices) {
        StringBuilder out = new StringBuilder();
        indices.forEach(i -> out.append(TOKENS[i]).append(' '));
        return out.toString();
    }

    /** Tokens of a sample without its comments (which would swallow the rest of a joined line). */
    private static List<String> tokens(Path file) {
        try {
            List<String> out = new ArrayList<>();
            Matcher m = TOKEN.matcher(Files.readString(file));
            while (m.find()) {
                if (!m.group().startsWith("#")) {
                    out.add(m.group());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mutate(List<String> original, List<int[]> mutations) {
        List<String> ts = new ArrayList<>(original);
        for (int[] m : mutations) {
            if (ts.isEmpty()) {
                break;
            }
            int i = Math.floorMod(m[1], ts.size());
            int j = Math.floorMod(m[2], ts.size());
            switch (m[0]) {
                case 0 -> ts.remove(i);
                case 1 -> ts.add(i, ts.get(i));
                case 2 -> {
                    String t = ts.get(i);
                    ts.set(i, ts.get(j));
                    ts.set(j, t);
                }
                default -> changeNumber(ts, i, m[2]);
            }
        }
        return String.join(" ", ts);
    }

    /** Replaces the first number at or after {@code from} by another number. */
    private static void changeNumber(List<String> ts, int from, int choice) {
        for (int k = 0; k < ts.size(); k++) {
            int at = (from + k) % ts.size();
            if (Character.isDigit(ts.get(at).charAt(0))) {
                ts.set(at, NUMBERS[Math.floorMod(choice, NUMBERS.length)]);
                return;
            }
        }
    }

    private static void wellBehaved(String source) {
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        FrontEnd.Result result = assertTimeoutPreemptively(BOUND, () -> FrontEnd.check("fuzz.nn", bytes));
        DiagnosticRenderer renderer = new DiagnosticRenderer();
        int length = result.file().text().length();
        for (Diagnostic d : result.diagnostics()) {
            Span s = d.span();
            assertThat(s.file()).isSameAs(result.file());
            assertThat(s.start()).isBetween(0, length);
            assertThat(s.end()).isBetween(s.start(), length);
            assertThat(s.line()).isBetween(1, result.file().lineCount());
            assertThat(s.column()).isPositive();
            assertThat(d.message()).isNotBlank();
            assertThat(renderer.render(d)).startsWith(d.headline());
        }
        assertThat(result.program().isPresent()).isEqualTo(!result.hasErrors());
    }
}

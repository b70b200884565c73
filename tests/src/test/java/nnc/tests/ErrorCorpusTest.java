package nnc.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.Severity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden diagnostics: every file in tests/corpus/errors is a wrong model that says, in
 * comments such as {@code # expect: E0203 at 12:9}, which errors nnc must report where. Each is
 * run through the real command line: exit code 65, exactly the expected errors at the expected
 * positions, and never a stack trace.
 */
class ErrorCorpusTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (E\\d{4}) at (\\d+):(\\d+)");

    @TestFactory
    Stream<DynamicTest> everyWrongModelGetsExactlyItsExpectedErrors() {
        return Repo.nnFiles("tests/corpus/errors").stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private static void check(Path file) throws IOException {
        List<String> expected = expectations(file);
        assertThat(expected).as("%s has no '# expect:' line", file).isNotEmpty();
        Repo.Run run = Repo.nnc("check", file.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(65);
        assertThat(run.err()).doesNotContain("Exception", "\tat ", "internal error");
        Pattern reported = Pattern.compile("^" + Pattern.quote(file.toString()) + ":(\\d+):(\\d+): error\\[(E\\d{4})]",
                Pattern.MULTILINE);
        List<String> actual = new ArrayList<>();
        Matcher m = reported.matcher(run.err());
        while (m.find()) {
            actual.add(m.group(3) + " at " + m.group(1) + ":" + m.group(2));
        }
        assertThat(actual).as(run.err()).containsExactlyElementsOf(expected);
    }

    private static List<String> expectations(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        Matcher m = EXPECT.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + " at " + m.group(2) + ":" + m.group(3));
        }
        return out;
    }

    @Test
    void theCorpusIsLargeAndCoversEveryErrorCode() throws IOException {
        List<Path> files = Repo.nnFiles("tests/corpus/errors");
        assertThat(files).hasSizeGreaterThanOrEqualTo(40);
        Set<String> covered = new TreeSet<>();
        for (Path f : files) {
            expectations(f).forEach(e -> covered.add(e.substring(0, 5)));
        }
        Set<String> errorCodes = Arrays.stream(ErrorCode.values()).filter(c -> c.severity() == Severity.ERROR)
                .map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        errorCodes.removeAll(covered);
        assertThat(errorCodes).as("error codes without a corpus file").isEmpty();
        assertThat(files).anySatisfy(f -> assertThat(Files.size(f)).isGreaterThanOrEqualTo(1 << 20));
    }
}

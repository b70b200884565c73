package nnc.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.compiler.source.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * The docs keep up with the code: docs/errors.md has a section with an example for every code
 * (and none for a code that does not exist); docs/language.md documents every builtin.
 */
class DocsTest {
    @Test
    void everyBuiltinIsInTheLanguageReference() throws IOException {
        String doc = Files.readString(Repo.root().resolve("docs/language.md"));
        for (String name : nnc.compiler.sema.Builtins.TABLE.keySet()) {
            assertThat(doc).as("docs/language.md does not document %s", name).contains("`" + name + "(");
        }
    }

    @Test
    void everyCodeHasASectionWithAnExample() throws IOException {
        String doc = Files.readString(Repo.root().resolve("docs/errors.md"));
        for (ErrorCode code : ErrorCode.values()) {
            Matcher section = Pattern.compile("(?ms)^## " + code.name() + "\\b(.*?)(?=^## |\\z)").matcher(doc);
            assertThat(section.find()).as("docs/errors.md has no '## %s' section", code).isTrue();
            assertThat(section.group(1)).as("the section of %s has no example", code).contains("```");
        }
        Matcher headings = Pattern.compile("(?m)^## ([EW]\\d{4})").matcher(doc);
        while (headings.find()) {
            assertThat(ErrorCode.valueOf(headings.group(1))).isNotNull();
        }
    }
}

package nnc.tests.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import nnc.runtime.DType;

/** Not a test: writes W1's generated class to a directory for javap. */
public final class DumpClass {
    private DumpClass() {
    }

    public static void main(String[] args) throws Exception {
        Graphs.Case c = Graphs.deepMlp(DType.F32, new int[] {784, 256, 128, 10}, 32, 1);
        var compiled = Harness.compile(c.graph(), "W1", DType.F32);
        Path dir = Path.of(args[0], "gen");
        Files.createDirectories(dir);
        Files.write(dir.resolve("W1.class"), compiled.bytes());
    }
}

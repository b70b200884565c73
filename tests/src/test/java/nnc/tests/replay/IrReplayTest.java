package nnc.tests.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.IrPrinter;
import nnc.compiler.pass.Passes;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.Lowering;
import nnc.compiler.source.SourceFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The printed IR of every sample, forward ({@code nnc ir}) and with the backward pass
 * ({@code nnc ir --grad}), kept under {@code tests/replay/}. A change to lowering, autodiff or
 * the simplifier that changes these files must say why in its commit; regenerate them with
 * {@code mvn -pl tests -am verify -Dtest=IrReplayTest -Dnnc.replay.update=true}.
 */
class IrReplayTest {
    static final Path ROOT = Path.of(System.getProperty("nnc.root", ".."));
    static final boolean UPDATE = Boolean.getBoolean("nnc.replay.update");

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("samples"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void forwardIrIsUnchanged(String sample) throws IOException {
        replay(sample, false);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void trainingIrIsUnchanged(String sample) throws IOException {
        replay(sample, true);
    }

    /** What {@code nnc ir samples/NAME [--grad]} prints, run from the repository root. */
    static String ir(String sample, boolean grad) throws IOException {
        String text = Files.readString(ROOT.resolve("samples").resolve(sample), StandardCharsets.UTF_8);
        FrontEnd.Result result = FrontEnd.check(new SourceFile("samples/" + sample, text));
        Graph g = Lowering.lower(result.program().orElseThrow().models().get(0), new GraphBuilder());
        return IrPrinter.print(Passes.optimize(grad ? Autodiff.differentiate(g, Autodiff.defaultInputs(g)) : g));
    }

    private static void replay(String sample, boolean grad) throws IOException {
        String actual = ir(sample, grad);
        Path file = ROOT.resolve("tests/replay").resolve(sample.replace(".nn", grad ? ".grad.ir" : ".ir"));
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("replay file %s (create it with -Dnnc.replay.update=true)", file).exists();
        assertThat(actual).as("IR of %s differs from %s; if the change is intended, regenerate with"
                + " -Dnnc.replay.update=true and say why in the commit", sample, file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}

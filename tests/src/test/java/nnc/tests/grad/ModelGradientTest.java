package nnc.tests.grad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.sema.Builtins;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.Lowering;
import nnc.compiler.source.SourceFile;
import nnc.runtime.DType;
import nnc.tests.gen.Rand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole models through the front end and lowering: the gradient of the loss for every
 * parameter (sampled elements of large ones) against central differences, for every sample and
 * for a model that calls every builtin (including {@code grad}, so the training graph is
 * second order).
 */
class ModelGradientTest {
    static final Path ROOT = Path.of(System.getProperty("nnc.root", ".."));
    static final String ALL_BUILTINS = "/lowering/all-builtins.nn";

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("samples"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleGradientsMatchCentralDifferences(String sample) throws IOException {
        String text = Files.readString(ROOT.resolve("samples").resolve(sample), StandardCharsets.UTF_8);
        check(new SourceFile("samples/" + sample, text));
    }

    @Test
    void everyBuiltinLowersAndDifferentiates() throws IOException {
        String text;
        try (var in = ModelGradientTest.class.getResourceAsStream(ALL_BUILTINS)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String builtin : Builtins.TABLE.keySet()) {
            assertThat(text).as("all-builtins.nn calls %s", builtin).contains(builtin + "(");
        }
        check(new SourceFile("all-builtins.nn", text));
    }

    private static void check(SourceFile file) {
        FrontEnd.Result result = FrontEnd.check(file);
        assertThat(result.diagnostics()).as(file.name()).noneMatch(d -> d.isError());
        Graph g = Lowering.lower(result.program().orElseThrow().models().get(0), new GraphBuilder());
        Rand r = new Rand(file.name().hashCode(), 3);
        Map<String, Tensor> values = new HashMap<>();
        for (Node leaf : g.leaves()) {
            Rand.Domain domain = leaf.type().dtype() == DType.I32 ? labels(g)
                    : leaf.op() == Op.PARAM ? Rand.Domain.range(-0.5, 0.5) : Rand.Domain.range(-1, 1);
            values.put(leaf.name(), r.tensor(leaf.type(), domain));
        }
        GradCheck.check(g, g.loss().orElseThrow(), g.params(), values, r.batch(), 6, 17);
    }

    /** Class indices below the smallest one-hot width of the graph. */
    private static Rand.Domain labels(Graph g) {
        int classes = g.nodes().stream().filter(n -> n.op() == Op.ONE_HOT)
                .mapToInt(n -> ((Attr.OneHot) n.attr()).classes()).min().orElse(2);
        return (rand, i) -> rand.nextInt(classes);
    }

}

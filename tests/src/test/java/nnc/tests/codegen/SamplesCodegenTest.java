package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.Precision;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.pass.Passes;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.Lowering;
import nnc.compiler.source.SourceFile;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.tests.gen.Rand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample (and a model calling every builtin), through the front end, lowering, autodiff
 * and the back end, in f32 and f64: the verifier and the JIT size limit on the class, agreement
 * with the reference interpreter, finite differences through the f64 class, and the compile
 * time after warm-up (printed, not asserted).
 */
class SamplesCodegenTest {
    static final Path ROOT = Path.of(System.getProperty("nnc.root", ".."));
    static final int BATCH = 3;

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("samples"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleClassesAgreeWithTheInterpreterAndFiniteDifferences(String sample) throws IOException {
        SourceFile file = new SourceFile(sample, Files.readString(ROOT.resolve("samples").resolve(sample), StandardCharsets.UTF_8));
        check(file);
    }

    @Test
    void everyBuiltinCompiles() throws IOException {
        try (var in = SamplesCodegenTest.class.getResourceAsStream("/lowering/all-builtins.nn")) {
            check(new SourceFile("all-builtins.nn", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void compileTimeAfterWarmUp(String sample) throws IOException {
        SourceFile file = new SourceFile(sample, Files.readString(ROOT.resolve("samples").resolve(sample), StandardCharsets.UTF_8));
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 30; i++) {
            long t0 = System.nanoTime();
            CompiledClass c = Harness.compile(training(forward(file), DType.F32), "Timed", DType.F32);
            best = Math.min(best, System.nanoTime() - t0);
            assertThat(c.bytes()).isNotEmpty();
        }
        System.out.printf("compile time %-18s %6.1f ms (graph to class bytes, best of 30)%n", sample, best / 1e6);
    }

    static Graph forward(SourceFile file) {
        FrontEnd.Result result = FrontEnd.check(file);
        assertThat(result.diagnostics()).as(file.name()).noneMatch(d -> d.isError());
        return Lowering.lower(result.program().orElseThrow().models().get(0), new GraphBuilder());
    }

    static Graph training(Graph forward, DType dtype) {
        Graph g = dtype == DType.F32 ? forward : Precision.convert(forward, dtype);
        if (g.loss().isPresent()) {
            g = Autodiff.differentiate(g, Set.of());
        }
        return Passes.optimize(g);
    }

    /** Both modes of the file's first model: training graph (differentiated) and inference graph, in {@code dtype}. */
    static java.util.List<Graph> modes(SourceFile file, DType dtype) {
        FrontEnd.Result result = FrontEnd.check(file);
        assertThat(result.diagnostics()).as(file.name()).noneMatch(d -> d.isError());
        Lowering.Modes modes = Lowering.lowerModes(result.program().orElseThrow().models().get(0), new GraphBuilder());
        java.util.List<Graph> g = java.util.List.of(modes.train(), modes.infer());
        g = dtype == DType.F32 ? g : Precision.convert(g, dtype);
        Graph train = g.get(0).loss().isPresent() ? Autodiff.differentiate(g.get(0), Set.of()) : g.get(0);
        return java.util.List.of(Passes.optimize(train), Passes.optimize(g.get(1)));
    }

    private static void check(SourceFile file) {
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            java.util.List<Graph> modes = modes(file, dtype);
            Graph g = modes.get(0);
            String name = file.name().replace(".nn", "").replace("-", "_");
            CompiledClass c = Harness.compile(g, modes.get(1), "S_" + name + "_" + dtype.sourceName(), dtype);
            Harness.verify(c);
            Map<String, Tensor> values = values(g, file.name().hashCode());
            Model m = Harness.instantiate(c, BATCH + 1);
            Harness.differential(g, modes.get(1), values, BATCH, m, Harness.tolerance(dtype));
            boolean sameLoss = g.loss().equals(modes.get(1).loss());
            boolean modal = file.text().contains("dropout(") || file.text().contains("batch_norm(");
            assertThat(sameLoss).as("training and inference losses are one node unless a layer depends on the mode")
                    .isEqualTo(!modal);
            if (dtype == DType.F64 && g.loss().isPresent() && sameLoss) {
                finiteDifferences(m);
            }
        }
    }

    /** Random leaf values (labels below the one-hot width), rounded to the graph's float type. */
    static Map<String, Tensor> values(Graph g, long seed) {
        Rand r = new Rand(seed, BATCH);
        Map<String, Tensor> values = new HashMap<>();
        for (Node leaf : g.leaves()) {
            Rand.Domain domain = leaf.type().dtype() == DType.I32 ? labels(g)
                    : leaf.op() == Op.PARAM ? Rand.Domain.range(-0.5, 0.5) : Rand.Domain.range(-1, 1);
            Tensor t = r.tensor(leaf.type(), domain);
            if (leaf.type().dtype() == DType.F32) {
                double[] d = t.toArray();
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) d[i];
                }
                t = Tensor.of(t.dtype(), t.shape(), d);
            }
            values.put(leaf.name(), t);
        }
        return values;
    }

    private static Rand.Domain labels(Graph g) {
        int classes = g.nodes().stream().filter(n -> n.op() == Op.ONE_HOT || n.op() == Op.GATHER)
                .mapToInt(n -> n.op() == Op.GATHER ? n.input(0).type().dim(0).size(1) : ((Attr.OneHot) n.attr()).classes())
                .min().orElse(2);
        return (rand, i) -> rand.nextInt(classes);
    }

    /** trainStep's gradients against central differences of evaluate's loss, on sampled elements. */
    private static void finiteDifferences(Model m) {
        m.trainStep(BATCH);
        for (int p = 0; p < m.signature().params().size(); p++) {
            double[] w = (double[]) m.param(p);
            double[] grad = ((double[]) m.grad(p)).clone();
            int step = Math.max(1, w.length / 17);
            for (int i = 0; i < w.length; i += step) {
                double h = 1e-6;
                double keep = w[i];
                w[i] = keep + h;
                m.evaluate(BATCH);
                double up = m.loss();
                w[i] = keep - h;
                m.evaluate(BATCH);
                double down = m.loss();
                w[i] = keep;
                double fd = (up - down) / (2 * h);
                assertThat(Math.abs(fd - grad[i])).as("d loss / d %s[%d]: trainStep %s, central difference %s",
                        m.signature().params().get(p).name(), i, grad[i], fd).isLessThanOrEqualTo(1e-5 * Math.max(1, Math.abs(fd)));
            }
        }
    }
}

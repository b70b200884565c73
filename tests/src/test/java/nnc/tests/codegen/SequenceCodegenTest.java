package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Composites;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.pass.Passes;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * Slices, pads (concat, stack) and iota through the code generator: an unrolled recurrence over
 * a sequence whose hidden states are stacked and attend to each other under a causal mask. The
 * generated class agrees with the interpreter (f64 to 1e-10, f32 to 1e-4) and allocates nothing.
 */
class SequenceCodegenTest {
    private static final int BATCH = 3;
    private static final int T = 5;
    private static final int F = 3;
    private static final int H = 4;

    /** The graph and values: h_t = tanh(x_t W + h_{t-1} U), causal self-attention over the h_t. */
    static Graphs.Case recurrence(DType dtype, long seed) {
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("sequence"));
        Composites c = new Composites(e);
        Node x = e.input("x", new Type(dtype, List.of(Dim.of("batch"), Dim.of(T), Dim.of(F))));
        Node y = e.target("y", new Type(dtype, List.of(Dim.of("batch"), Dim.of(T), Dim.of(H))));
        Node w = e.param("W", Type.of(dtype, F, H));
        Node u = e.param("U", Type.of(dtype, H, H));
        List<Node> hs = new ArrayList<>();
        Node h = e.tanh(e.matmul(c.at(x, 1, 0), w));
        hs.add(h);
        for (int t = 1; t < T; t++) {
            h = e.tanh(e.add(e.matmul(c.at(x, 1, t), w), e.matmul(h, u)));
            hs.add(h);
        }
        Node all = c.stack(hs, 1);
        Node scores = e.matmul(all, e.transpose(all, List.of(0, 2, 1)));
        List<Dim> square = List.of(Dim.of(T), Dim.of(T));
        Node causal = e.ge(e.iota(square, 0, dtype), e.iota(square, 1, dtype));
        Node masked = e.select(causal, scores, e.constant(-1e9, dtype));
        Node attended = e.matmul(c.softmax(masked, 2), all);
        Node loss = c.mse(attended, y, Composites.Reduction.MEAN);
        Graph g = Graph.of(b, List.of(x, y, w, u)).withOutput("h", h).withOutput("attended", attended).withLoss(loss);
        g = Passes.optimize(Autodiff.differentiate(g, Set.of()));
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Tensor> v = new HashMap<>();
        v.put("x", Graphs.random(r, dtype, BATCH, T, F));
        v.put("y", Graphs.random(r, dtype, BATCH, T, H));
        v.put("W", Graphs.random(r, dtype, F, H));
        v.put("U", Graphs.random(r, dtype, H, H));
        return new Graphs.Case(g, v, BATCH);
    }

    /** {@code cell} as a layer over T steps, its states averaged against a target, differentiated. */
    static Graphs.Case layer(Composites.Cell cell, DType dtype, long seed) {
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("layer"));
        Composites c = new Composites(e);
        int g = cell.gates() * H;
        Node x = e.input("x", new Type(dtype, List.of(Dim.of("batch"), Dim.of(T), Dim.of(F))));
        Node y = e.target("y", new Type(dtype, List.of(Dim.of("batch"), Dim.of(T), Dim.of(H))));
        List<Node> params = List.of(e.param("W_ih", Type.of(dtype, F, g)), e.param("W_hh", Type.of(dtype, H, g)),
                e.param("b_ih", Type.of(dtype, g)), e.param("b_hh", Type.of(dtype, g)));
        Node hs = c.recurrent(cell, x, params.get(0), params.get(1), params.get(2), params.get(3));
        List<Node> leaves = new ArrayList<>(List.of(x, y));
        leaves.addAll(params);
        Graph graph = Graph.of(b, leaves).withOutput("hs", hs).withLoss(c.mse(hs, y, Composites.Reduction.MEAN));
        graph = Passes.optimize(Autodiff.differentiate(graph, Set.of()));
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Tensor> v = new HashMap<>();
        for (Node leaf : leaves) {
            v.put(leaf.name(), Graphs.random(r, dtype, leaf.type().dims(BATCH)));
        }
        return new Graphs.Case(graph, v, BATCH);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Composites.Cell.class)
    void everyCellAgreesWithTheInterpreter(Composites.Cell cell) {
        for (DType dtype : List.of(DType.F64, DType.F32)) {
            Graphs.Case c = layer(cell, dtype, 17);
            CompiledClass compiled = Harness.compile(c.graph(), "Layer" + cell + dtype.sourceName(), dtype);
            Harness.verify(compiled);
            Model m = Harness.instantiate(compiled, BATCH);
            Harness.differential(c.graph(), c.values(), BATCH, m, Harness.tolerance(dtype));
        }
    }

    @Test
    void f64AgreesWithTheInterpreter() {
        check(DType.F64);
    }

    @Test
    void f32AgreesWithTheInterpreter() {
        check(DType.F32);
    }

    private static void check(DType dtype) {
        Graphs.Case c = recurrence(dtype, 11);
        CompiledClass compiled = Harness.compile(c.graph(), "Seq" + dtype.sourceName(), dtype);
        Harness.verify(compiled);
        assertThat(compiled.report().program(Entry.TRAIN).orElseThrow().kernels())
                .as("slices and pads are copy kernels").anyMatch(k -> k instanceof Kernel.Window w && w.pads())
                .anyMatch(k -> k instanceof Kernel.Window w && !w.pads())
                .anyMatch(k -> k instanceof Kernel.Iota);
        Model m = Harness.instantiate(compiled, BATCH + 2);
        Harness.differential(c.graph(), c.values(), BATCH, m, Harness.tolerance(dtype));
        Harness.differential(c.graph(), c.values(), BATCH, m, Harness.tolerance(dtype));
    }

    @Test
    void stepsAllocateNothing() {
        assertAllocatesNothing(recurrence(DType.F32, 3));
        assertAllocatesNothing(layer(Composites.Cell.LSTM, DType.F32, 3));
    }

    private static void assertAllocatesNothing(Graphs.Case c) {
        Model m = Harness.instantiate(Harness.compile(c.graph(), "SeqAlloc", DType.F32), BATCH);
        Harness.load(m, c.values());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5_000; i++) {
            m.trainStep(1 + i % BATCH);
            m.infer(1 + i % BATCH);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            m.trainStep(1 + i % BATCH);
        }
        long afterTrain = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            m.infer(1 + i % BATCH);
        }
        long afterInfer = threads.getCurrentThreadAllocatedBytes();
        assertThat(afterTrain - before).as("bytes allocated by 10,000 trainStep calls").isZero();
        assertThat(afterInfer - afterTrain).as("bytes allocated by 10,000 infer calls").isZero();
    }
}

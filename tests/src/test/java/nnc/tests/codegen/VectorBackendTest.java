package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.SimdMode;
import nnc.compiler.interp.Tensor;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.simd.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code --simd vector} back end with its kernels loaded. Runs in the tests module's second
 * surefire execution ({@code vector}), whose JVM has {@code --add-modules jdk.incubator.vector};
 * the default execution skips classes named {@code Vector*Test}.
 */
class VectorBackendTest {
    @Test
    void theKernelsAreLoaded() {
        assertThat(Simd.vectorModulePresent()).as("this execution runs with jdk.incubator.vector").isTrue();
        assertThat(Simd.gemm()).isNotNull();
        assertThat(Simd.describe()).startsWith("vector (Vector API");
    }

    /**
     * Batches below 16 run {@code rowsInPlace} (1: one row at a time; 5: a block of 4 and one
     * more; the input gradients as dot products); 17 and 50 leave tails of the 6-row kernel and
     * the 48-row calls.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 15, 16, 17, 50, 64})
    void agreesWithTheInterpreterAndTheScalarKernels(int batch) {
        Graphs.Case c = Graphs.deepMlp(DType.F32, SimdCases.SIZES, batch, 5L + batch);
        CompiledClass vector = SimdCases.compile(c, SimdMode.VECTOR);
        Harness.differential(c.graph(), c.values(), batch, Harness.instantiate(vector, SimdCases.MAX_BATCH), 1e-4);
        List<double[]> v = SimdCases.results(SimdCases.stepped(vector, c), batch);
        List<double[]> s = SimdCases.results(SimdCases.stepped(SimdCases.compile(c, SimdMode.SCALAR), c), batch);
        for (int i = 0; i < v.size(); i++) {
            Harness.assertClose("result " + i, v.get(i), Tensor.of(DType.F64, new int[] {s.get(i).length}, s.get(i)), 1e-4);
        }
    }

    /** {@code [batch, 20, 9] @ [9, 17]}: one right operand for every batch, packed once. */
    @Test
    void aThreeDimensionalProductWithASharedRightOperandAgrees() {
        nnc.compiler.ir.GraphBuilder b = new nnc.compiler.ir.GraphBuilder();
        nnc.compiler.ir.Emit e = b.at(nnc.compiler.source.Span.synthetic("shared-b"));
        nnc.compiler.ir.Composites comp = new nnc.compiler.ir.Composites(e);
        nnc.compiler.ir.Node x = e.input("x", new nnc.compiler.ir.Type(DType.F32,
                List.of(nnc.runtime.Dim.of("batch"), nnc.runtime.Dim.of(20), nnc.runtime.Dim.of(9))));
        nnc.compiler.ir.Node w = e.param("W", nnc.compiler.ir.Type.of(DType.F32, 9, 17));
        nnc.compiler.ir.Node y = comp.relu(e.matmul(x, w));
        nnc.compiler.ir.Graph g = nnc.compiler.ir.Graph.of(b, List.of(x, w)).withOutput("y", y)
                .withLoss(comp.meanAll(e.mul(y, y)));
        g = nnc.compiler.pass.Passes.optimize(nnc.compiler.autodiff.Autodiff.differentiate(g, java.util.Set.of()));
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        int batch = 3;
        java.util.Map<String, Tensor> values = java.util.Map.of("x", Graphs.random(r, DType.F32, batch, 20, 9),
                "W", Graphs.random(r, DType.F32, 9, 17));
        CompiledClass vector = nnc.compiler.codegen.ModelCompiler.compile(g,
                new nnc.compiler.codegen.ModelCompiler.Options("gen.Shared", "Shared", DType.F32).withSimd(SimdMode.VECTOR));
        Harness.verify(vector);
        Harness.differential(g, values, batch, Harness.instantiate(vector, 4), 1e-4);
    }

    @Test
    void resultsAreTheSameBitsRunToRun() {
        Graphs.Case c = Graphs.deepMlp(DType.F32, SimdCases.SIZES, 50, 9);
        CompiledClass vector = SimdCases.compile(c, SimdMode.VECTOR);
        List<double[]> first = SimdCases.results(SimdCases.stepped(vector, c), 50);
        for (int run = 0; run < 3; run++) {
            List<double[]> again = SimdCases.results(SimdCases.stepped(vector, c), 50);
            for (int i = 0; i < first.size(); i++) {
                assertThat(again.get(i)).as("result %d, run %d", i, run).containsExactly(first.get(i));
            }
        }
    }

    @Test
    void stepsAllocateNothing() {
        Graphs.Case c = Graphs.deepMlp(DType.F32, SimdCases.SIZES, SimdCases.MAX_BATCH, 3);
        Model m = Harness.instantiate(SimdCases.compile(c, SimdMode.VECTOR), SimdCases.MAX_BATCH);
        Harness.load(m, c.values());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            m.trainStep(16 + i % 49);
            m.infer(16 + i % 49);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000; i++) {
            m.trainStep(16 + i % 49);
        }
        long afterTrain = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000; i++) {
            m.infer(16 + i % 49);
        }
        long afterInfer = threads.getCurrentThreadAllocatedBytes();
        assertThat(afterTrain - before).as("bytes allocated by 2,000 vector trainStep calls").isZero();
        assertThat(afterInfer - afterTrain).as("bytes allocated by 2,000 vector infer calls").isZero();
    }

    /**
     * W1's pattern (784-256-128-10) made small: at batch 1 only the weight gradients
     * {@code xᵀ @ dy} (k = 1, 64 and 48 rows) take the kernels, whose B is packed a few times a
     * step; at 2, 3 and 5 the same with k = batch. A step allocates nothing after warm-up.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void smallBatchStepsAllocateNothing(int batch) {
        Graphs.Case c = Graphs.deepMlp(DType.F32, new int[] {64, 48, 20, 7}, batch, 11);
        Model m = Harness.instantiate(SimdCases.compile(c, SimdMode.VECTOR), batch);
        Harness.load(m, c.values());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            m.trainStep(batch);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000; i++) {
            m.trainStep(batch);
        }
        assertThat(threads.getCurrentThreadAllocatedBytes() - before)
                .as("bytes allocated by 2,000 vector trainStep calls at batch %d", batch).isZero();
    }

    /**
     * {@code Gemm.pack} runs a few times a step, so it is compiled by C2 long after the kernels;
     * it must allocate nothing before that. Interpreted ({@code -Xint}, in a child JVM) it packed
     * W1's batch-1 weight gradients into 2304 bytes of boxed vectors a step.
     */
    @Test
    void packingAllocatesNothingEvenInterpreted() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xint", "-cp",
                System.getProperty("java.class.path"), PackAllocation.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).as(out).contains("pack allocated 0 bytes");
    }

    /** The child of {@link #packingAllocatesNothingEvenInterpreted}: packs W1's shapes and small ones, prints the bytes. */
    static final class PackAllocation {
        public static void main(String[] args) {
            nnc.runtime.simd.Gemm gemm = Simd.gemm();
            int[][] shapes = {{1, 256}, {1, 128}, {1, 10}, {3, 20}, {5, 100}, {2, 48}};
            float[][] bs = new float[shapes.length][];
            float[][] packed = new float[shapes.length][];
            for (int s = 0; s < shapes.length; s++) {
                bs[s] = new float[shapes[s][0] * shapes[s][1]];
                packed[s] = new float[gemm.packedSize(shapes[s][0], shapes[s][1])];
            }
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = 0;
            for (int rep = 0; rep < 3; rep++) {
                // the first round links the calls (and the counter), which may allocate once
                before = threads.getCurrentThreadAllocatedBytes();
                for (int s = 0; s < shapes.length; s++) {
                    gemm.pack(bs[s], 0, false, shapes[s][0], shapes[s][1], packed[s]);
                    gemm.pack(bs[s], 0, true, shapes[s][0], shapes[s][1], packed[s]);
                }
            }
            System.out.println("pack allocated " + (threads.getCurrentThreadAllocatedBytes() - before) + " bytes");
        }
    }
}

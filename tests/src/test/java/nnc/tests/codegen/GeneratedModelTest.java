package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.Kernel;
import nnc.runtime.BatchSizeException;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.NncRuntimeException;
import nnc.runtime.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** The generated class as an application sees it: allocation, errors, stack traces, sharing, fusion. */
class GeneratedModelTest {
    private static final int BATCH = 8;

    private static Model mlp(DType dtype, Graphs.Case c) {
        Model m = Harness.instantiate(Harness.compile(c.graph(), "Mlp", dtype), BATCH);
        Harness.load(m, c.values());
        return m;
    }

    @Test
    void stepsAllocateNothingAfterWarmUp() {
        Graphs.Case c = Graphs.mlp(DType.F32, 6, 5, 3, BATCH, 7);
        Model m = mlp(DType.F32, c);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
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

    @Test
    void aBadLabelFailsWithAFrameNamingTheModelLine() {
        Graphs.Case c = Graphs.mlp(DType.F32, 6, 5, 3, BATCH, 7);
        Model m = mlp(DType.F32, c);
        ((int[]) m.target(0))[2] = 3;
        assertThatThrownBy(() -> m.trainStep(BATCH))
                .isInstanceOf(NncRuntimeException.class)
                .hasMessageContaining("label 3 at index 2 of 'y' is not a class index in [0, 3)")
                .satisfies(e -> assertThat(Arrays.stream(e.getStackTrace()))
                        .anySatisfy(f -> {
                            assertThat(f.getClassName()).isEqualTo("gen.Mlp");
                            assertThat(f.getFileName()).isEqualTo("mlp.nn");
                            assertThat(f.getLineNumber()).isEqualTo(9);
                        }));
    }

    @Test
    void aBatchOutsideTheMaximumIsANamedError() {
        Model m = mlp(DType.F64, Graphs.mlp(DType.F64, 6, 5, 3, BATCH, 7));
        assertThatThrownBy(() -> m.infer(BATCH + 1)).isInstanceOf(BatchSizeException.class)
                .hasMessageContaining("Mlp: batch of 9 rows is outside 1..8");
        assertThatThrownBy(() -> m.trainStep(0)).isInstanceOf(BatchSizeException.class);
    }

    @Test
    void aModelWithoutALossInfersButCannotTrain() {
        nnc.compiler.ir.GraphBuilder b = new nnc.compiler.ir.GraphBuilder();
        nnc.compiler.ir.Emit e = b.at(nnc.compiler.source.Span.synthetic("no-loss"));
        nnc.compiler.ir.Node x = e.input("x", nnc.compiler.ir.Type.of(DType.F32, 3));
        nnc.compiler.ir.Graph g = nnc.compiler.ir.Graph.of(b, java.util.List.of(x)).withOutput("y", e.tanh(x));
        Model m = Harness.instantiate(Harness.compile(g, "NoLoss", DType.F32), 1);
        ((float[]) m.input(0))[1] = 0.5f;
        m.infer(1);
        assertThat(((float[]) m.output(0))[1]).isEqualTo((float) Math.tanh(0.5));
        assertThat(m.loss()).isNaN();
        assertThatThrownBy(() -> m.trainStep(1)).isInstanceOf(NncRuntimeException.class)
                .hasMessageContaining("NoLoss: has no loss, so trainStep cannot run");
    }

    @Test
    void parametersAreCheckedAndCanBeShared() throws Exception {
        CompiledClass compiled = Harness.compile(Graphs.mlp(DType.F32, 6, 5, 3, BATCH, 7).graph(), "Mlp", DType.F32);
        Model a = Harness.instantiate(compiled, BATCH);
        assertThatThrownBy(() -> a.setParam(0, new float[29])).isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("parameter h1.W: f32[6, 5] needs a float[] of 30 elements, got float[29]");
        assertThatThrownBy(() -> a.setParam(0, new double[30])).isInstanceOf(ShapeMismatchException.class);
        assertThatThrownBy(() -> a.param(3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("Mlp has 3 parameters, no parameter 3");
        Model b = a.getClass().getConstructor(int.class, Model.class).newInstance(2, a);
        assertThat(b.param(0)).isSameAs(a.param(0));
        assertThat(b.param(2)).isSameAs(a.param(2));
        assertThat(b.input(0)).isNotSameAs(a.input(0));
        assertThat(b.maxBatch()).isEqualTo(2);
        assertThat(a.getClass().getMethod("h1_W").invoke(a)).isSameAs(a.param(0));
        assertThat(a.getClass().getMethod("h1_W_grad").invoke(a)).isSameAs(a.grad(0));
        assertThat(a.signature()).isEqualTo(a.getClass().getField("SIGNATURE").get(null));
    }

    @Test
    void inferenceTouchesNoTargetOrGradientAndEachLayerIsOneLoop() {
        CompiledClass compiled = Harness.compile(Graphs.mlp(DType.F32, 6, 5, 3, BATCH, 7).graph(), "Mlp", DType.F32);
        var infer = compiled.report().program(Entry.INFER).orElseThrow();
        assertThat(infer.kernels()).extracting(k -> k.getClass().getSimpleName())
                .containsExactly("MatMul", "MatMul", "LogSoftmax");
        assertThat(infer.kernels()).allSatisfy(k -> assertThat(k.reads()).noneMatch(s -> s.role().name().equals("GRAD")
                || s.role().name().equals("TARGET")));
        Kernel first = infer.kernels().get(0);
        assertThat(((Kernel.MatMul) first).epilogue().opCount()).as("bias add and ReLU fused").isEqualTo(2);
    }
}

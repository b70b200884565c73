package nnc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.ModelLoader;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.Lowering;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code .nn} file that {@code bench/compare} hands to {@code nnc bench} checks and compiles
 * in both modes as the language stands, and a training step with Adam followed by inference
 * gives a finite loss and allocates 0 bytes (in a window of steps after warm-up, see {@link #WINDOWS}).
 */
class WorkloadFilesTest {
    private static final int BATCH = 2;
    /** Steps before counting: the first runs resolve constants and let the JIT compile the kernels. */
    private static final int WARM_UP = 20;
    /** Steps per counted window. */
    private static final int WINDOW = 5;
    /**
     * Windows counted at most. HotSpot allocates a few dozen to a thousand bytes in the calling
     * thread, once, around the time C2 compiles one of its methods (a 20-line program whose hot
     * method allocates nothing shows 64 bytes at one call; none with -XX:TieredStopAtLevel=1).
     * With thousands of kernel methods (the unrolled LSTM) that can fall after any fixed warm-up
     * on a loaded machine, so the test asks for one window of 0 bytes among several: an
     * allocation in every step shows in every window and still fails.
     */
    private static final int WINDOWS = 8;

    @ParameterizedTest
    @ValueSource(strings = {"w1.nn", "w2.nn", "w3.nn", "lstm.nn", "cnn.nn"})
    void compilesTrainsAndAllocatesNothing(String file) throws IOException {
        Model m = compile(file);
        fill(m);
        Optimizer opt = Optimizers.create("adam", Map.of("lr", 1e-3), m.signature());
        Runnable step = () -> {
            m.trainStep(BATCH);
            opt.step(m);
            m.infer(BATCH);
        };
        for (int i = 0; i < WARM_UP; i++) {
            step.run();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] windows = new long[WINDOWS];
        int counted = 0;
        do {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < WINDOW; i++) {
                step.run();
            }
            windows[counted] = threads.getCurrentThreadAllocatedBytes() - before;
        } while (windows[counted++] != 0 && counted < WINDOWS);

        assertThat(m.loss()).as("loss of %s", file).isFinite();
        assertThat(windows[counted - 1])
                .as("bytes allocated by %d steps of %s, in each window counted: %s", WINDOW, file,
                        java.util.Arrays.toString(java.util.Arrays.copyOf(windows, counted)))
                .isZero();
    }

    private static Model compile(String file) throws IOException {
        String source;
        try (InputStream in = Workload.class.getResourceAsStream(file)) {
            assertThat(in).as("resource %s", file).isNotNull();
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        FrontEnd.Result checked = FrontEnd.check(file, source.getBytes(StandardCharsets.UTF_8));
        assertThat(checked.diagnostics()).as("diagnostics of %s", file).isEmpty();
        CheckedModel model = checked.program().orElseThrow().models().get(0);
        Lowering.Modes modes = Lowering.lowerModes(model, new GraphBuilder());
        CompiledClass c = ModelCompiler.compileModes(modes.train(), modes.infer(), new ModelCompiler.Options(
                "nnc.bench.test." + model.name(), model.name(), DType.F32, model.stateInit()));
        return ModelLoader.instantiate(c, BATCH);
    }

    /** Parameters, inputs and float targets uniform in [-0.1, 0.1); integer labels 0. */
    private static void fill(Model m) {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < m.signature().params().size(); i++) {
            uniform((float[]) m.param(i), r);
        }
        for (int i = 0; i < m.signature().inputs().size(); i++) {
            uniform((float[]) m.input(i), r);
        }
        for (int i = 0; i < m.signature().targets().size(); i++) {
            if (m.target(i) instanceof float[] f) {
                uniform(f, r);
            }
        }
    }

    private static void uniform(float[] a, SplittableRandom r) {
        for (int j = 0; j < a.length; j++) {
            a[j] = (float) (0.2 * r.nextDouble() - 0.1);
        }
    }
}

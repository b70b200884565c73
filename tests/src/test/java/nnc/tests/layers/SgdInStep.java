package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.SimdMode;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.sema.Lowering;
import nnc.compiler.interp.Tensor;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.kernel.Slot;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;

/**
 * What {@code SgdInStepTest} and {@code VectorSgdInStepTest} share: every sample trained for a
 * few steps twice from the same values, once by {@code trainStep} and the runtime's SGD step, once
 * by {@code trainStepSgd} (the update inside the generated step), compared bit for bit.
 */
final class SgdInStep {
    static final Path SAMPLES = Path.of(System.getProperty("nnc.root", "..")).resolve("samples");
    static final int BATCH = 3;
    static final int STEPS = 3;

    private SgdInStep() {
    }

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nn")).sorted().toList().stream();
        }
    }

    /**
     * A sample compiled as {@code dtype} with {@code simd} kernels (f64 as {@code nnc compile
     * --dtype f64} does it: the f32 graphs converted); the graphs are the f32 ones, for the values.
     */
    static LayerHarness.Compiled compile(String sample, DType dtype, SimdMode simd) throws IOException {
        String source = Files.readString(SAMPLES.resolve(sample), StandardCharsets.UTF_8);
        LayerHarness.Compiled f32 = LayerHarness.compile(sample, source, DType.F32, simd);
        if (dtype == DType.F32) {
            return f32;
        }
        Lowering.Modes modes = Lowering.lowerModes(f32.model(), new GraphBuilder());
        CompiledClass cls = ModelCompiler.compileModes(modes.train(), modes.infer(),
                new ModelCompiler.Options("gen64." + f32.model().name(), f32.model().name(), dtype, f32.model().stateInit())
                        .withSimd(simd));
        return new LayerHarness.Compiled(f32.model(), f32.train(), f32.infer(), cls);
    }

    /**
     * Trains two instances of {@code c} from the same values and random seed for {@link #STEPS}
     * steps, one with the update after the step and one with it inside, and asserts the same
     * parameters, state, outputs and loss, bit for bit, after each step.
     */
    static void sameBitsAsTheSeparateUpdate(LayerHarness.Compiled c) {
        Map<String, Tensor> values = LayerHarness.values(c.train(), BATCH, 11, c.model().stateInit());
        Model apart = c.instantiate(BATCH + 1);
        Model inside = c.instantiate(BATCH + 1);
        for (Model m : List.of(apart, inside)) {
            LayerHarness.load(m, values);
            m.setSeed(5);
        }
        Signature s = apart.signature();
        Map<String, Object> hyper = Map.of("lr", 0.05, "weight_decay", 1e-3);
        Optimizer afterStep = Optimizers.create("sgd", hyper, s);
        Optimizer inStep = Optimizers.create("sgd", hyper, s);
        for (int step = 1; step <= STEPS; step++) {
            apart.trainStep(BATCH);
            afterStep.step(apart);
            inStep.trainStep(inside, BATCH);
            String at = s.modelName() + " after step " + step + ": ";
            assertThat(inStep.stepCount()).isEqualTo(step);
            assertThat(inside.loss()).as(at + "loss").isEqualTo(apart.loss());
            for (int i = 0; i < s.params().size(); i++) {
                assertSameBits(at + "parameter " + s.params().get(i).name(), inside.param(i), apart.param(i));
            }
            for (int i = 0; i < s.state().size(); i++) {
                assertSameBits(at + "state " + s.state().get(i).name(), inside.state(i), apart.state(i));
            }
            for (int i = 0; i < s.outputs().size(); i++) {
                assertSameBits(at + "output " + s.outputs().get(i).name(), inside.output(i), apart.output(i));
            }
        }
    }

    /** The parameters whose update the {@code trainStepSgd} program computes in a matmul's epilogue. */
    static List<String> updatedInProducts(LayerHarness.Compiled c) {
        return c.cls().report().program(Entry.TRAIN_SGD).orElseThrow().kernels().stream()
                .filter(k -> k instanceof Kernel.MatMul)
                .flatMap(k -> k.writes().stream())
                .filter(slot -> slot.role() == Slot.Role.PARAM)
                .map(Slot::name).toList();
    }

    private static void assertSameBits(String what, Object actual, Object expected) {
        if (expected instanceof float[] e) {
            assertThat((float[]) actual).as(what).containsExactly(e);
        } else {
            assertThat((double[]) actual).as(what).containsExactly((double[]) expected);
        }
    }
}

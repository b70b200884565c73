package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.tests.grad.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** dropout(x, p): inverted dropout in trainStep from the counter-based generator, the identity in inference. */
class DropoutTest {
    private static String source(String dtype, double p) {
        return """
                model Drop {
                  input  x: %1$s[batch, 6]
                  target y: %1$s[batch, 3]
                  param  W: %1$s[6, 3] = xavier
                  h = dropout(x, p = %2$s)
                  output out = h @ W
                  output kept = h
                  loss = mse(out, y)
                }
                """.formatted(dtype, p);
    }

    private static LayerHarness.Compiled compile(DType dtype, double p) {
        return LayerHarness.compile("drop.nn", source(dtype.sourceName(), p), dtype);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void theMaskOfEveryStepIsTheInterpretersAndInferenceIsTheIdentity(DType dtype) {
        LayerHarness.Compiled c = compile(dtype, 0.4);
        Model m = c.instantiate(8);
        m.setSeed(1234);
        double tol = LayerHarness.tolerance(dtype);
        for (int step = 0; step < 4; step++) {
            int batch = 3 + step;
            Map<String, Tensor> v = LayerHarness.values(c.train(), batch, 40 + step, Map.of());
            LayerHarness.load(m, v);
            LayerHarness.trainStepMatches(c, m, v, batch, 1234, tol);
            LayerHarness.inferenceMatches(c, m, v, batch, tol);
            m.infer(batch);
            LayerHarness.assertClose("inference kept", m.output(1), v.get("x"), 0);
        }
    }

    @Test
    void keptElementsAreScaledAndAboutAFractionPIsDropped() {
        LayerHarness.Compiled c = compile(DType.F64, 0.3);
        int batch = 2000;
        Model m = c.instantiate(batch);
        java.util.Arrays.fill((double[]) m.input(0), 2.0);
        m.trainStep(batch);
        double[] kept = (double[]) m.output(1);
        int zeros = 0;
        for (double k : kept) {
            assertThat(k == 0 || k == 2.0 / 0.7).as("element %s", k).isTrue();
            zeros += k == 0 ? 1 : 0;
        }
        assertThat(zeros / (double) kept.length).isBetween(0.28, 0.32);
    }

    @Test
    void stepsDrawDifferentMasksAndASeedRepeatsThem() {
        LayerHarness.Compiled c = compile(DType.F32, 0.5);
        Model a = c.instantiate(4);
        Model b = c.instantiate(4);
        java.util.Arrays.fill((float[]) a.input(0), 1f);
        java.util.Arrays.fill((float[]) b.input(0), 1f);
        a.setSeed(5);
        b.setSeed(5);
        a.trainStep(4);
        float[] first = ((float[]) a.output(1)).clone();
        a.trainStep(4);
        assertThat((float[]) a.output(1)).as("the second step's mask").isNotEqualTo(first);
        b.trainStep(4);
        assertThat((float[]) b.output(1)).as("same seed, same first step").isEqualTo(first);
        a.setSeed(5);
        a.trainStep(4);
        assertThat((float[]) a.output(1)).as("seeding again restarts the sequence").isEqualTo(first);
        b.setSeed(6);
        b.trainStep(4);
        assertThat((float[]) b.output(1)).as("another seed").isNotEqualTo(first);
    }

    @Test
    void withPZeroTrainingAndInferenceAgree() {
        LayerHarness.Compiled c = compile(DType.F64, 0);
        Model m = c.instantiate(5);
        Map<String, Tensor> v = LayerHarness.values(c.train(), 5, 9, Map.of());
        LayerHarness.load(m, v);
        m.trainStep(5);
        double[] trained = LayerHarness.read(m.output(0), 15);
        double loss = m.loss();
        m.evaluate(5);
        assertThat(LayerHarness.read(m.output(0), 15)).containsExactly(trained);
        assertThat(m.loss()).isEqualTo(loss);
    }

    @Test
    void gradientThroughTheFixedMaskMatchesCentralDifferences() {
        LayerHarness.Compiled c = compile(DType.F64, 0.4);
        Graph g = c.train();
        Map<String, Tensor> v = LayerHarness.values(g, 4, 17, Map.of());
        List<Node> wrt = List.of(g.inputs().get(0), g.params().get(0));
        GradCheck.check(g, g.loss().orElseThrow(), wrt, v, 4);
        assertThat(g.nodes()).anyMatch(n -> n.op() == Op.RANDOM_UNIFORM);
        assertThat(c.infer().nodes()).noneMatch(n -> n.op() == Op.RANDOM_UNIFORM);
    }

    @Test
    void theCompilerPipelineKeepsTheModesWhenItChangesThePrecision() {
        var checked = nnc.compiler.sema.FrontEnd.check(new nnc.compiler.source.SourceFile("drop.nn", source("f32", 0.5)))
                .program().orElseThrow().models().get(0);
        var modes = nnc.compiler.sema.Lowering.lowerModes(checked, new nnc.compiler.ir.GraphBuilder());
        var cls = nnc.compiler.codegen.ModelCompiler.compileModes(modes.train(), modes.infer(),
                new nnc.compiler.codegen.ModelCompiler.Options("gen.Drop64", "Drop", DType.F64));
        Model m = nnc.compiler.codegen.ModelLoader.instantiate(cls, 4);
        java.util.Arrays.fill((double[]) m.input(0), 1.0);
        m.infer(4);
        assertThat((double[]) m.output(1)).containsOnly(1.0);
        m.trainStep(4);
        assertThat((double[]) m.output(1)).contains(0.0, 2.0).containsOnly(0.0, 2.0);
    }

    @Test
    void noStepAllocates() {
        Model m = compile(DType.F32, 0.2).instantiate(8);
        assertThat(LayerHarness.allocated(10_000, i -> m.trainStep(1 + i % 8))).as("bytes allocated by trainStep").isZero();
        assertThat(LayerHarness.allocated(10_000, i -> m.infer(1 + i % 8))).as("bytes allocated by infer").isZero();
    }
}

package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Composites;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.compiler.pass.Passes;
import nnc.compiler.source.Span;
import nnc.runtime.CompiledModel;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.runtime.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two entry points of a generated class, on hand-built graphs that differ by mode: training
 * centers with the batch mean and updates a running mean (state); inference centers with the
 * running mean. trainStep runs the first, infer and evaluate the second.
 */
class ModesTest {
    private static final double MOMENTUM = 0.1;

    private record Graphs(Graph train, Graph infer) {
    }

    private static Graphs graphs(DType dtype) {
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("modes"));
        Composites c = new Composites(e);
        Node x = e.input("x", new Type(dtype, List.of(Dim.of("batch"), Dim.of(3))));
        Node y = e.target("y", new Type(dtype, List.of(Dim.of("batch"), Dim.of(3))));
        Node w = e.param("w", Type.of(dtype, 3));
        Node rm = e.state("rm", Type.of(dtype, 3));
        Node xw = e.mul(x, w);
        Node mu = c.mean(xw, List.of(0));
        Node trainOut = e.sub(xw, mu);
        Node update = e.add(e.mul(e.constant(1 - MOMENTUM, rm), rm), e.mul(e.constant(MOMENTUM, rm), mu));
        Graph train = Graph.of(b, List.of(x, y, w, rm)).withOutput("out", trainOut)
                .withLoss(c.mse(trainOut, y, Composites.Reduction.MEAN)).withStateUpdates(List.of(new Named("rm", update)));
        Node inferOut = e.sub(xw, rm);
        Graph infer = Graph.of(b, List.of(x, y, w, rm)).withOutput("out", inferOut)
                .withLoss(c.mse(inferOut, y, Composites.Reduction.MEAN));
        return new Graphs(Passes.optimize(Autodiff.differentiate(train, Set.of())), Passes.optimize(infer));
    }

    private static LayerHarness.Compiled compiled(DType dtype) {
        Graphs g = graphs(dtype);
        CompiledClass cls = LayerHarness.compile(g.train(), g.infer(), "Modes", dtype, Map.of("rm", 0.25));
        return new LayerHarness.Compiled(null, g.train(), g.infer(), cls);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void trainStepRunsTheTrainingGraphAndInferTheInferenceGraph(DType dtype) {
        LayerHarness.Compiled c = compiled(dtype);
        Model m = c.instantiate(8);
        assertThat(LayerHarness.read(m.state(0), 3)).containsOnly(0.25);
        Map<String, Tensor> v = LayerHarness.values(c.train(), 5, 3, Map.of("rm", 0.25));
        LayerHarness.load(m, v);
        double tol = LayerHarness.tolerance(dtype);
        LayerHarness.inferenceMatches(c, m, v, 5, tol);
        for (int step = 0; step < 6; step++) {
            int batch = 2 + step;
            Map<String, Tensor> fresh = LayerHarness.values(c.train(), batch, 100 + step, Map.of());
            fresh.put("rm", v.get("rm"));
            fresh.put("w", v.get("w"));
            LayerHarness.load(m, fresh);
            v = LayerHarness.trainStepMatches(c, m, fresh, batch, 0, tol);
            LayerHarness.inferenceMatches(c, m, v, batch, tol);
        }
    }

    @Test
    void runningStatisticsAfterSeveralStepsAreTheExponentialAverageOfBatchMeans() {
        LayerHarness.Compiled c = compiled(DType.F64);
        Model m = c.instantiate(4);
        double[] w = (double[]) m.param(0);
        java.util.Arrays.fill(w, 1);
        double expected = 0.25;
        for (int step = 0; step < 5; step++) {
            double[] x = (double[]) m.input(0);
            java.util.Arrays.fill(x, step);
            m.trainStep(4);
            expected = (1 - MOMENTUM) * expected + MOMENTUM * step;
        }
        assertThat(((double[]) m.state(0))[2]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-15));
        m.infer(4);
        assertThat(((double[]) m.output(0))[0]).as("inference subtracts the running mean")
                .isCloseTo(4 - expected, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void trainingAdvancesTheRandomStepAndSeedingRestartsIt() {
        Model m = compiled(DType.F32).instantiate(4);
        CompiledModel cm = (CompiledModel) m;
        m.trainStep(4);
        m.trainStep(4);
        m.infer(4);
        m.evaluate(4);
        assertThat(cm.randomStep()).isEqualTo(2);
        m.setSeed(7);
        assertThat(cm.randomStep()).isZero();
    }

    @Test
    void noStepAllocates() {
        Model m = compiled(DType.F32).instantiate(8);
        assertThat(LayerHarness.allocated(10_000, i -> m.trainStep(1 + i % 8))).as("bytes allocated by trainStep").isZero();
        assertThat(LayerHarness.allocated(10_000, i -> m.infer(1 + i % 8))).as("bytes allocated by infer").isZero();
    }

    @Test
    void graphsWithDifferentInterfacesAreRejected() {
        Graphs g = graphs(DType.F32);
        Graph other = g.infer().withOutputs(List.of());
        assertThatThrownBy(() -> LayerHarness.compile(g.train(), other, "Bad", DType.F32, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different leaves or outputs");
    }
}

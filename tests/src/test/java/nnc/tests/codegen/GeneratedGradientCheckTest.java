package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.ir.Graph;
import nnc.compiler.pass.Passes;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.tests.gen.RandomGraphs;
import nnc.tests.grad.Props;
import org.junit.jupiter.api.Test;

/**
 * The gradients a generated f64 class computes in {@code trainStep} against central differences
 * of the loss the same class computes in {@code evaluate}: no interpreter involved.
 */
class GeneratedGradientCheckTest {

    @Test
    void mlpGradientsMatchCentralDifferences() {
        Graphs.Case c = Graphs.mlp(DType.F64, 6, 5, 3, 5, 11);
        check(Harness.compile(c.graph(), "Mlp", DType.F64), c, c.batch());
    }

    @Test
    void randomGraphGradientsMatchCentralDifferences() {
        Props.forAllSeeds("codegen-fd", 40, seed -> {
            RandomGraphs.Generated gen = RandomGraphs.generate(seed, DType.F64);
            Graph g = Passes.optimize(Autodiff.differentiate(gen.graph(), Set.of()));
            check(Harness.compile(g, "Fd", DType.F64), new Graphs.Case(g, gen.values(), gen.batch()), gen.batch());
        });
    }

    private static void check(nnc.compiler.codegen.CompiledClass compiled, Graphs.Case c, int batch) {
        Model m = Harness.instantiate(compiled, batch);
        Harness.load(m, c.values());
        m.trainStep(batch);
        for (int p = 0; p < m.signature().params().size(); p++) {
            double[] w = (double[]) m.param(p);
            double[] grad = ((double[]) m.grad(p)).clone();
            for (int i = 0; i < w.length; i++) {
                double h = 1e-6 * Math.max(1, Math.abs(w[i]));
                double keep = w[i];
                w[i] = keep + h;
                m.evaluate(batch);
                double up = m.loss();
                w[i] = keep - h;
                m.evaluate(batch);
                double down = m.loss();
                w[i] = keep;
                double fd = (up - down) / (2 * h);
                assertThat(Math.abs(fd - grad[i]))
                        .as("d loss / d %s[%d]: trainStep %s, central difference %s", m.signature().params().get(p).name(), i, grad[i], fd)
                        .isLessThanOrEqualTo(1e-5 * Math.max(1, Math.abs(fd)));
            }
        }
    }
}

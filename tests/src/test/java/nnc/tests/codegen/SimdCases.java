package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.SimdMode;
import nnc.runtime.DType;
import nnc.runtime.Model;

/** What the {@code --simd} tests share: MLPs compiled with either kernels, and their results after a step. */
final class SimdCases {
    /** Widths whose matmuls leave tails in every blocking (6-row micro-kernel, 48-row calls, 32-column panels). */
    static final int[] SIZES = {40, 33, 20, 7};
    static final int MAX_BATCH = 64;

    private SimdCases() {
    }

    static CompiledClass compile(Graphs.Case c, SimdMode simd) {
        CompiledClass compiled = ModelCompiler.compile(c.graph(),
                new ModelCompiler.Options("gen.Deep" + simd.optionName(), "Deep", DType.F32).withSimd(simd));
        Harness.verify(compiled);
        return compiled;
    }

    /** A fresh instance of {@code compiled} with the case's values, after {@code infer} and one {@code trainStep}. */
    static Model stepped(CompiledClass compiled, Graphs.Case c) {
        Model m = Harness.instantiate(compiled, MAX_BATCH);
        Harness.load(m, c.values());
        m.infer(c.batch());
        m.trainStep(c.batch());
        return m;
    }

    /** Loss, outputs and every gradient, as doubles, in signature order. */
    static List<double[]> results(Model m, int batch) {
        List<double[]> out = new ArrayList<>();
        out.add(new double[] {m.loss()});
        for (int i = 0; i < m.signature().outputs().size(); i++) {
            out.add(Harness.read(m.output(i), ((float[]) m.output(i)).length));
        }
        for (int i = 0; i < m.signature().params().size(); i++) {
            out.add(Harness.read(m.grad(i), ((float[]) m.grad(i)).length));
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}

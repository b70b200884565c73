package nnc.tests.codegen;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.pass.Passes;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.tests.gen.RandomGraphs;
import nnc.tests.grad.Props;
import org.junit.jupiter.api.Test;

/**
 * Random well-typed graphs (broadcasting, fan-out, shared parameters, reductions, matmul,
 * transposes, reshapes, softmax, select, composites), differentiated and simplified: every
 * generated class passes the verifier, stays under the JIT size limit, and agrees with the
 * reference interpreter on the output, the loss and every gradient, f64 to 1e-10 and f32 to 1e-4.
 */
class RandomGraphCodegenTest {
    static final int EXAMPLES = 150;

    @Test
    void f64ClassesAgreeWithTheInterpreter() {
        Props.forAllSeeds("codegen-f64", EXAMPLES, seed -> check(seed, DType.F64));
    }

    @Test
    void f32ClassesAgreeWithTheInterpreter() {
        Props.forAllSeeds("codegen-f32", EXAMPLES, seed -> check(seed, DType.F32));
    }

    private static void check(long seed, DType dtype) {
        RandomGraphs.Generated gen = RandomGraphs.generate(seed, dtype);
        Graph g = Passes.optimize(Autodiff.differentiate(gen.graph(), Set.of()));
        CompiledClass c = Harness.compile(g, "Random" + Long.toHexString(seed).toUpperCase(java.util.Locale.ROOT), dtype);
        Harness.verify(c);
        Model m = Harness.instantiate(c, gen.batch() + 2);
        Harness.differential(g, rounded(gen.values(), dtype), gen.batch(), m, Harness.tolerance(dtype));
    }

    /** f32 models see float values: give the interpreter the same rounded inputs. */
    private static Map<String, Tensor> rounded(Map<String, Tensor> values, DType dtype) {
        if (dtype == DType.F64) {
            return values;
        }
        Map<String, Tensor> out = new HashMap<>();
        values.forEach((k, v) -> {
            double[] d = v.toArray();
            if (v.dtype() == DType.F32) {
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) d[i];
                }
            }
            out.put(k, Tensor.of(v.dtype(), v.shape(), d));
        });
        return out;
    }
}

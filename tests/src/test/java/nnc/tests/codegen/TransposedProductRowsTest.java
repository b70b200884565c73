package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.runtime.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code x @ Wᵀ} in the scalar back end: below 16 rows as dot products of stride-1 rows
 * ({@code DotEmitter}), from 16 rows on through the packed {@code Wᵀ}. Both sum over k in order
 * with one fma per step, so a row gives the same bits whichever way the batch's size sends it.
 */
class TransposedProductRowsTest {
    private static final int K = 37;
    private static final int N = 19;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void aRowHasTheSameBitsAtBatch3AndAtBatch20(DType dtype) {
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("x-wt"));
        Node x = e.input("x", new Type(dtype, List.of(Dim.of("batch"), Dim.of(K))));
        Node w = e.param("W", Type.of(dtype, N, K));
        Node y = e.matmul(x, e.transpose(w, List.of(1, 0)));
        Graph g = Graph.of(b, List.of(x, w)).withOutput("y", y);
        CompiledClass c = Harness.compile(g, "XWt" + dtype, dtype);
        Harness.verify(c);
        Model m = Harness.instantiate(c, 20);
        SplittableRandom r = new SplittableRandom(6);
        Map<String, Tensor> values = Map.of("x", Graphs.random(r, dtype, 20, K), "W", Graphs.random(r, dtype, N, K));
        Harness.load(m, values);
        m.infer(20);
        double[] wide = copy(m.output(0), 3 * N);
        m.infer(3);
        double[] narrow = copy(m.output(0), 3 * N);
        assertThat(narrow).containsExactly(wide);
        Tensor x3 = Tensor.of(dtype, new int[] {3, K}, Arrays.copyOf(values.get("x").toArray(), 3 * K));
        Harness.differential(g, Map.of("x", x3, "W", values.get("W")), 3, m, Harness.tolerance(dtype));
    }

    private static double[] copy(Object array, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = array instanceof float[] f ? f[i] : ((double[]) array)[i];
        }
        return out;
    }
}

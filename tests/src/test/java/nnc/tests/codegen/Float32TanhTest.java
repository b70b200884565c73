package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * The f32 hyperbolic tangent of generated code (a rational approximation in float, so that C2
 * vectorizes the loop around it) against {@link Math#tanh}: relative error at most 4.2e-7 over
 * every float in [-10, 10] in steps of 2^-12 and every power of two from 2^-149 to 2^7, and the
 * special values.
 */
class Float32TanhTest {
    private static final int COUNT = 4096;

    @Test
    void aTanhOfFloatsIsWithinRelative4point2eMinus7OfMathTanh() {
        Model m = compile();
        float[] x = (float[]) m.input(0);
        int n = 0;
        float[] all = new float[20 * 4096 + 1 + 2 * 157];
        for (int i = -20 * 2048; i <= 20 * 2048; i++) {
            all[n++] = i / 4096f;
        }
        for (int e = -149; e <= 7; e++) {
            all[n++] = Math.scalb(1f, e);
            all[n++] = -Math.scalb(1f, e);
        }
        double worst = 0;
        for (int from = 0; from < n; from += COUNT) {
            int rows = Math.min(COUNT, n - from);
            System.arraycopy(all, from, x, 0, rows);
            m.infer(rows);
            float[] y = (float[]) m.output(0);
            for (int i = 0; i < rows; i++) {
                double expected = Math.tanh(x[i]);
                double rel = expected == 0 ? Math.abs(y[i]) : Math.abs(y[i] - expected) / Math.abs(expected);
                worst = Math.max(worst, rel);
                assertThat(rel).as("tanh(%s) = %s, expected %s", x[i], y[i], expected).isLessThanOrEqualTo(4.2e-7);
            }
        }
        assertThat(worst).as("the worst relative error is the documented one").isGreaterThan(3e-7);
    }

    @Test
    void specialValues() {
        Model m = compile();
        float[] x = (float[]) m.input(0);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e30f, -1e30f};
        System.arraycopy(special, 0, x, 0, special.length);
        m.infer(special.length);
        float[] y = (float[]) m.output(0);
        assertThat(y[0]).isNaN();
        assertThat(y[3]).isEqualTo(0f);
        assertThat(y[4]).isEqualTo(-0f);
        for (int i : new int[] {1, 5}) {
            assertThat((double) y[i]).as("tanh(%s)", special[i]).isBetween(1 - 4e-7, 1.0);
            assertThat(y[i + 1]).as("tanh(%s)", special[i + 1]).isEqualTo(-y[i]);
        }
    }

    private static Model compile() {
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("tanh"));
        Node x = e.input("x", new Type(DType.F32, List.of(Dim.of("batch"))));
        Graph g = Graph.of(b, List.of(x)).withOutput("y", e.tanh(x));
        CompiledClass c = Harness.compile(g, "Tanh32", DType.F32);
        Harness.verify(c);
        return Harness.instantiate(c, COUNT);
    }
}

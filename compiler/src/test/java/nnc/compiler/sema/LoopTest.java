package nnc.compiler.sema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.pass.Verifier;
import nnc.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/** for loops: a loop lowers to exactly its unrolling; carried, local and collected names; shared block parameters. */
class LoopTest {
    private static Graph lower(String text) {
        FrontEnd.Result result = FrontEnd.check(new SourceFile("m.nn", text));
        assertThat(result.diagnostics()).noneMatch(d -> d.isError());
        return Verifier.verify(Lowering.lower(result.program().orElseThrow().models().get(0), new GraphBuilder()));
    }

    private static final String HEADER = """
            block cell(x: [n, i], h: [n, d]) {
              param Wx: [i, d] = xavier
              param Wh: [d, d] = xavier
              return tanh(x @ Wx + h @ Wh)
            }
            model M {
              input  x: [batch, 3, 2]
              target y: [batch, 4]
              h = zeros([batch, 4])
            """;

    private static final String LOOP = HEADER + """
              for t in range(3) {
                h = cell(at(x, t), h)
                back = at(x, 2 - t) * 2
                hs[t] = h
                bs[t] = back
              }
              output hs
              output bs
              loss = mse(h, y)
            }
            """;

    private static final String UNROLLED = HEADER + """
              h0 = cell(at(x, 0), h)
              h1 = cell(at(x, 1), h0)
              h2 = cell(at(x, 2), h1)
              output hs = concat(reshape(h0, [batch, 1, 4]), reshape(h1, [batch, 1, 4]), reshape(h2, [batch, 1, 4]), axis = 1)
              output bs = reshape(concat(at(x, 2) * 2, at(x, 1) * 2, at(x, 0) * 2, axis = 1), [batch, 3, 2])
              loss = mse(h2, y)
            }
            """;

    @Test
    void aLoopComputesWhatItsUnrollingComputes() {
        Graph loop = lower(LOOP);
        Graph unrolled = lower(UNROLLED);
        assertThat(loop.params()).extracting(Node::name).containsExactly("h.Wx", "h.Wh");
        assertThat(unrolled.params()).extracting(Node::name).containsExactly("h0.Wx", "h0.Wh", "h1.Wx", "h1.Wh", "h2.Wx", "h2.Wh");
        SplittableRandom r = new SplittableRandom(5);
        Map<String, Tensor> values = new HashMap<>();
        values.put("x", random(r, 2, 3, 2));
        values.put("y", random(r, 2, 4));
        Tensor wx = random(r, 2, 4);
        Tensor wh = random(r, 4, 4);
        values.put("h.Wx", wx);
        values.put("h.Wh", wh);
        for (int i = 0; i < 3; i++) {
            values.put("h" + i + ".Wx", wx);
            values.put("h" + i + ".Wh", wh);
        }
        Interpreter.Evaluation a = Interpreter.run(loop, values, 2);
        Interpreter.Evaluation b = Interpreter.run(unrolled, values, 2);
        assertThat(a.loss().item()).isEqualTo(b.loss().item());
        assertThat(a.output("hs").shape()).containsExactly(2, 3, 4);
        assertThat(a.output("hs").toArray()).containsExactly(b.output("hs").toArray());
        assertThat(a.output("bs").toArray()).containsExactly(b.output("bs").toArray());
    }

    @Test
    void eachStepSharesTheBlocksParametersAndTheLoopUnrolls() {
        Graph g = lower(LOOP);
        Node wx = g.params().get(0);
        long uses = g.nodes().stream().filter(n -> n.op() == Op.MATMUL && n.inputs().contains(wx)).count();
        assertThat(uses).as("one x_t @ Wx per step").isEqualTo(3);
    }

    @Test
    void nestedLoopsAndCarriedLocals() {
        Graph g = lower("""
                model M {
                  input x: [batch, 2, 3]
                  s = zeros([batch, 3])
                  for i in range(2) {
                    acc = at(x, i)
                    for j in range(3) {
                      acc = acc + at(x, 1 - i)
                    }
                    s = s + acc
                  }
                  loss = sum(s)
                }
                """);
        Map<String, Tensor> values = Map.of("x", Tensor.of(nnc.runtime.DType.F32, new int[] {1, 2, 3},
                new double[] {1, 2, 3, 10, 20, 30}));
        // i = 0: x0 + 3·x1; i = 1: x1 + 3·x0; total 4·(x0 + x1) = 4·66
        assertThat(Interpreter.run(g, values, 1).loss().item()).isEqualTo(264.0);
    }

    private static Tensor random(SplittableRandom r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Tensor.of(nnc.runtime.DType.F32, shape, v);
    }
}

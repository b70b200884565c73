package nnc.tests.grad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Attention;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Shapes;
import nnc.compiler.ir.Type;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.tests.gen.Rand;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attention, multi-head attention and embeddings (f64): the symbolic gradient of
 * {@code Σ w ⊙ layer(…)} with respect to every float operand (queries, keys, values, weights,
 * biases, the embedding table) equals central differences for random sequence lengths, widths,
 * head counts and values, with and without the causal mask; and the values equal the equations
 * written out by hand (the mask hides every later step, a repeated token gets both gradients).
 */
class AttentionGradientTest {
    static final int EXAMPLES = 40;
    private static final Dim BATCH = Dim.of(Rand.BATCH);

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void attentionGradientMatchesCentralDifferences(boolean causal) {
        Props.forAllSeeds("attention-" + causal, EXAMPLES, seed -> {
            Rand r = new Rand(seed);
            int tq = 1 + r.nextInt(4);
            int tk = causal ? tq : 1 + r.nextInt(4);
            int d = 1 + r.nextInt(3);
            int dv = 1 + r.nextInt(3);
            Case c = new Case("attention");
            Node q = c.input("q", BATCH, Dim.of(tq), Dim.of(d));
            Node k = c.input("k", BATCH, Dim.of(tk), Dim.of(d));
            Node v = c.input("v", BATCH, Dim.of(tk), Dim.of(dv));
            c.check(r, new Attention(c.e).attention(q, k, v, causal));
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void multiHeadGradientMatchesCentralDifferences(boolean causal) {
        Props.forAllSeeds("multi-head-" + causal, EXAMPLES / 2, seed -> {
            Rand r = new Rand(seed);
            int heads = 1 + r.nextInt(2);
            int width = heads * (1 + r.nextInt(2));
            int steps = 1 + r.nextInt(3);
            Case c = new Case("multi-head");
            Node x = c.input("x", BATCH, Dim.of(steps), Dim.of(width));
            List<Node> weights = new ArrayList<>();
            for (String name : List.of("q", "k", "v", "o")) {
                weights.add(c.input("W" + name, Dim.of(width), Dim.of(width)));
                weights.add(c.input("b" + name, Dim.of(width)));
            }
            c.check(r, new Attention(c.e).multiHead(x, weights, heads, causal));
        });
    }

    @Test
    void embeddingGradientMatchesCentralDifferences() {
        Props.forAllSeeds("embedding", EXAMPLES, seed -> {
            Rand r = new Rand(seed);
            int vocab = 1 + r.nextInt(5);
            int steps = 1 + r.nextInt(4);
            Case c = new Case("embedding");
            Node tokens = c.e.input("tokens", new Type(DType.I32, List.of(BATCH, Dim.of(steps))));
            c.values.put("tokens", r.tensor(tokens.type(), (g, i) -> g.nextInt(vocab)));
            c.declared.add(tokens);
            Node table = c.input("table", Dim.of(vocab), Dim.of(1 + r.nextInt(3)));
            c.check(r, new Attention(c.e).embedding(tokens, table));
        });
    }

    /** A graph under construction: its float leaves (all differentiated), their values, and the check. */
    private static final class Case {
        final GraphBuilder b = new GraphBuilder();
        final Emit e;
        final List<Node> declared = new ArrayList<>();
        final List<Node> wrt = new ArrayList<>();
        final Map<String, Tensor> values = new HashMap<>();

        Case(String name) {
            e = b.at(Span.synthetic(name));
        }

        Node input(String name, Dim... shape) {
            Node n = e.input(name, new Type(DType.F64, List.of(shape)));
            declared.add(n);
            wrt.add(n);
            return n;
        }

        void check(Rand r, Node y) {
            Node w = e.target("w", y.type());
            Node f = e.reduceSum(e.mul(w, y), Shapes.range(y.type().rank()));
            List<Node> leaves = new ArrayList<>(declared);
            leaves.add(w);
            for (Node leaf : leaves) {
                values.computeIfAbsent(leaf.name(), name -> r.tensor(leaf.type(), Rand.Domain.range(-1.5, 1.5)));
            }
            GradCheck.check(Graph.of(b, leaves), f, wrt, values, r.batch());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void attentionIsTheSoftmaxOfScaledScoresTimesValues(boolean causal) {
        int n = 2;
        int t = 4;
        int d = 3;
        Rand r = new Rand(7, n);
        Case c = new Case("oracle");
        Node q = c.input("q", BATCH, Dim.of(t), Dim.of(d));
        Node k = c.input("k", BATCH, Dim.of(t), Dim.of(d));
        Node v = c.input("v", BATCH, Dim.of(t), Dim.of(d));
        for (Node leaf : List.of(q, k, v)) {
            c.values.put(leaf.name(), r.tensor(leaf.type(), Rand.Domain.range(-2, 2)));
        }
        Node out = new Attention(c.e).attention(q, k, v, causal);
        double[] got = Interpreter.run(Graph.of(c.b, List.of(q, k, v)).withOutput("out", out), c.values, n)
                .output("out").toArray();
        double[] qs = c.values.get("q").toArray();
        double[] ks = c.values.get("k").toArray();
        double[] vs = c.values.get("v").toArray();
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < t; i++) {
                int keys = causal ? i + 1 : t;
                double[] p = new double[keys];
                double sum = 0;
                for (int j = 0; j < keys; j++) {
                    double s = 0;
                    for (int f = 0; f < d; f++) {
                        s += qs[(b * t + i) * d + f] * ks[(b * t + j) * d + f];
                    }
                    p[j] = Math.exp(s / Math.sqrt(d));
                    sum += p[j];
                }
                for (int f = 0; f < d; f++) {
                    double want = 0;
                    for (int j = 0; j < keys; j++) {
                        want += p[j] / sum * vs[(b * t + j) * d + f];
                    }
                    assertThat(got[(b * t + i) * d + f]).as("batch %d step %d feature %d", b, i, f)
                            .isCloseTo(want, Offset.offset(1e-12));
                }
            }
        }
    }

    @Test
    void aRepeatedTokenGetsTheSumOfItsRowsGradients() {
        Case c = new Case("scatter");
        Node tokens = c.e.input("tokens", new Type(DType.I32, List.of(BATCH, Dim.of(3))));
        Node table = c.input("table", Dim.of(4), Dim.of(2));
        Node w = c.e.target("w", new Type(DType.F64, List.of(BATCH, Dim.of(3), Dim.of(2))));
        Node f = c.e.reduceSum(c.e.mul(w, new Attention(c.e).embedding(tokens, table)), List.of(0, 1, 2));
        Node grad = nnc.compiler.autodiff.Autodiff.gradients(c.b, f, List.of(table)).get(0);
        Map<String, Tensor> v = Map.of(
                "tokens", Tensor.of(DType.I32, new int[] {1, 3}, new double[] {2, 0, 2}),
                "table", Tensor.of(DType.F64, new int[] {4, 2}, new double[8]),
                "w", Tensor.of(DType.F64, new int[] {1, 3, 2}, new double[] {1, 2, 3, 4, 5, 6}));
        double[] d = Interpreter.run(Graph.of(c.b, List.of(tokens, table, w)).withOutput("d", grad), v, 1)
                .output("d").toArray();
        assertThat(d).containsExactly(3, 4, 0, 0, 6, 8, 0, 0);
    }
}

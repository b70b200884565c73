package nnc.tests.grad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Composites;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every recurrent cell over several steps: the symbolic gradient of {@code Σ w ⊙ states}
 * (every step's state, so gradients flow back through time) with respect to the weights, the
 * biases, the inputs and the initial state equals central differences (f64), for random sizes,
 * step counts and values; and one step equals PyTorch's equations written out by hand.
 */
class RecurrentGradientTest {
    static final int EXAMPLES = 40;

    @ParameterizedTest
    @EnumSource(Composites.Cell.class)
    void gradientThroughTimeMatchesCentralDifferences(Composites.Cell cell) {
        Props.forAllSeeds("cell-" + cell, EXAMPLES, seed -> check(cell, seed));
    }

    private static void check(Composites.Cell cell, long seed) {
        Rand r = new Rand(seed);
        int in = 1 + r.nextInt(3);
        int hidden = 1 + r.nextInt(3);
        int steps = 2 + r.nextInt(3);
        int g = cell.gates() * hidden;
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("cell-" + cell));
        Composites c = new Composites(e);
        Dim batch = Dim.of(Rand.BATCH);
        List<Node> leaves = new ArrayList<>();
        Node x = leaf(e, leaves, "x", List.of(batch, Dim.of(steps), Dim.of(in)));
        Node s0 = leaf(e, leaves, "s0", List.of(batch, Dim.of(cell.stateWidth() * hidden)));
        Node wih = leaf(e, leaves, "W_ih", List.of(Dim.of(in), Dim.of(g)));
        Node whh = leaf(e, leaves, "W_hh", List.of(Dim.of(hidden), Dim.of(g)));
        Node bih = leaf(e, leaves, "b_ih", List.of(Dim.of(g)));
        Node bhh = leaf(e, leaves, "b_hh", List.of(Dim.of(g)));
        List<Node> states = new ArrayList<>();
        Node s = s0;
        for (int t = 0; t < steps; t++) {
            s = c.cell(cell, c.at(x, 1, t), s, wih, whh, bih, bhh);
            states.add(s);
        }
        Node all = c.stack(states, 1);
        Node w = e.target("w", all.type());
        Node f = e.reduceSum(e.mul(w, all), Shapes.range(all.type().rank()));
        List<Node> declared = new ArrayList<>(leaves);
        declared.add(w);
        Map<String, Tensor> values = new HashMap<>();
        for (Node leaf : declared) {
            values.put(leaf.name(), r.tensor(leaf.type(), Rand.Domain.range(-1, 1)));
        }
        GradCheck.check(Graph.of(b, declared), f, leaves, values, r.batch());
    }

    private static Node leaf(Emit e, List<Node> leaves, String name, List<Dim> shape) {
        Node n = e.input(name, new Type(DType.F64, shape));
        leaves.add(n);
        return n;
    }

    @ParameterizedTest
    @EnumSource(Composites.Cell.class)
    void oneStepIsPyTorchsEquations(Composites.Cell cell) {
        int in = 2;
        int hidden = 3;
        int g = cell.gates() * hidden;
        Rand r = new Rand(42, 2);
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("oracle"));
        Map<String, Tensor> v = new HashMap<>();
        Node x = e.input("x", Type.of(DType.F64, 2, in));
        Node s = e.input("s", Type.of(DType.F64, 2, cell.stateWidth() * hidden));
        Node wih = e.input("W_ih", Type.of(DType.F64, in, g));
        Node whh = e.input("W_hh", Type.of(DType.F64, hidden, g));
        Node bih = e.input("b_ih", Type.of(DType.F64, g));
        Node bhh = e.input("b_hh", Type.of(DType.F64, g));
        for (Node n : List.of(x, s, wih, whh, bih, bhh)) {
            v.put(n.name(), r.tensor(n.type(), Rand.Domain.range(-1.5, 1.5)));
        }
        Node out = new Composites(e).cell(cell, x, s, wih, whh, bih, bhh);
        Graph graph = Graph.of(b, List.of(x, s, wih, whh, bih, bhh)).withOutput("out", out);
        double[] got = Interpreter.run(graph, v, 2).output("out").toArray();
        double[] want = PyTorchCells.step(cell, v.get("x"), v.get("s"), v.get("W_ih"), v.get("W_hh"),
                v.get("b_ih"), v.get("b_hh"), hidden);
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}

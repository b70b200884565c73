package nnc.tests.grad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.ir.Shapes;
import nnc.compiler.source.Span;
import nnc.tests.gen.Rand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One property per op: the symbolic gradient of {@code Σ w ⊙ op(operands)} (random weights w)
 * equals central differences, for random shapes (broadcasting, the symbolic batch) and values
 * drawn from the op's domain in {@link OpDomains}.
 */
class OpGradientPropertiesTest {
    static final int EXAMPLES = 100;

    @Test
    void everyOpHasADomainEntry() {
        assertThat(OpDomains.TABLE.keySet()).containsExactlyInAnyOrder(Op.values());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void gradientMatchesCentralDifferences(Op op) {
        Props.forAllSeeds("op-" + op, EXAMPLES, seed -> check(op, seed));
    }

    private static void check(Op op, long seed) {
        Rand r = new Rand(seed);
        OpDomains.Sample sample = OpDomains.TABLE.get(op).draw(r);
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic(op.textName()));
        List<Node> leaves = new ArrayList<>();
        List<Node> wrt = new ArrayList<>();
        Map<String, Tensor> values = new HashMap<>();
        for (OpDomains.Operand o : sample.operands()) {
            Node leaf = e.apply(o.kind(), new Attr.Leaf(o.name(), o.type()));
            leaves.add(leaf);
            values.put(o.name(), r.tensor(o.type(), o.domain()));
            if (o.wrt()) {
                wrt.add(leaf);
            }
        }
        Node y = sample.build().apply(e, leaves);
        assertThat(uses(y, op)).as("the case exercises %s", op).isTrue();
        Node w = e.target("w", y.type());
        values.put("w", r.tensor(y.type(), Rand.Domain.range(-1, 1)));
        Node f = e.reduceSum(e.mul(w, y), Shapes.range(y.type().rank()));
        List<Node> declared = new ArrayList<>(leaves);
        declared.add(w);
        Graph graph = Graph.of(b, declared);
        if (sample.zeroByDefinition()) {
            assertZeroGradient(graph, f, wrt, values, r.batch());
        } else {
            GradCheck.check(graph, f, wrt, values, r.batch());
        }
    }

    private static void assertZeroGradient(Graph graph, Node f, List<Node> wrt, Map<String, Tensor> values, int batch) {
        List<Node> grads = Autodiff.gradients(graph.builder(), f, wrt);
        Graph g = graph.withOutput("d", grads.get(0));
        Tensor d = Interpreter.run(g, values, batch).output("d");
        for (int i = 0; i < d.size(); i++) {
            assertThat(d.at(i)).isZero();
        }
    }

    private static boolean uses(Node y, Op op) {
        return y.op() == op || y.inputs().stream().anyMatch(i -> uses(i, op));
    }
}

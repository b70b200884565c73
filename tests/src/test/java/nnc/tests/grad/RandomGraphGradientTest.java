package nnc.tests.grad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Shapes;
import nnc.runtime.DType;
import nnc.tests.gen.Rand;
import nnc.tests.gen.RandomGraphs;
import org.junit.jupiter.api.Test;

/**
 * Random well-typed graphs (broadcasting, fan-out, shared parameters, depth ≤ 6): the loss
 * gradient for every parameter and the input against central differences, and the dot-product
 * identity ⟨u, vjp(v)⟩ = ⟨jvp(u), v⟩ with the JVP from finite differences.
 */
class RandomGraphGradientTest {
    static final int EXAMPLES = 200;

    @Test
    void lossGradientsMatchCentralDifferences() {
        Props.forAllSeeds("random-graphs", EXAMPLES, seed -> {
            RandomGraphs.Generated gen = RandomGraphs.generate(seed, DType.F64);
            Graph g = gen.graph();
            List<Node> wrt = new ArrayList<>(g.params());
            wrt.addAll(g.inputs());
            GradCheck.check(g, g.loss().orElseThrow(), wrt, gen.values(), gen.batch());
        });
    }

    @Test
    void vjpAgreesWithFiniteDifferenceJvpInTheDotProductIdentity() {
        Props.forAllSeeds("dot-product", EXAMPLES, seed -> {
            RandomGraphs.Generated gen = RandomGraphs.generate(seed, DType.F64);
            Rand r = new Rand(~seed, gen.batch());
            Graph g = gen.graph();
            GraphBuilder b = g.builder();
            Emit e = b.at(gen.output().span());
            Node seedNode = e.target("cotangent", gen.output().type());
            Map<String, Tensor> values = new HashMap<>(gen.values());
            values.put("cotangent", r.tensor(seedNode.type(), Rand.Domain.range(-1, 1)));
            List<Node> wrt = new ArrayList<>(g.params());
            wrt.addAll(g.inputs());
            Map<String, Tensor> direction = new HashMap<>();
            wrt.forEach(w -> direction.put(w.name(), r.tensor(w.type(), Rand.Domain.range(-1, 1))));

            List<Node> vjp = Autodiff.vjp(b, gen.output(), seedNode, wrt);
            Graph withVjp = withLeaf(g, seedNode);
            for (int i = 0; i < wrt.size(); i++) {
                withVjp = withVjp.withOutput("vjp" + i, vjp.get(i));
            }
            var run = Interpreter.run(withVjp, values, gen.batch());
            double lhs = 0;
            for (int i = 0; i < wrt.size(); i++) {
                lhs += dot(direction.get(wrt.get(i).name()), run.output("vjp" + i));
            }
            double rhs = dot(jvpByDifferences(withVjp, values, direction, gen.batch()), values.get("cotangent"));
            assertThat(Math.abs(lhs - rhs)).as("<u, vjp(v)> = %s, <jvp(u), v> = %s", lhs, rhs)
                    .isLessThanOrEqualTo(1e-6 + 1e-6 * Math.max(Math.abs(lhs), Math.abs(rhs)));
        });
    }

    private static Tensor jvpByDifferences(Graph g, Map<String, Tensor> values, Map<String, Tensor> u, int batch) {
        double h = 1e-6;
        Tensor plus = Interpreter.run(g, shifted(values, u, h), batch).output("out");
        Tensor minus = Interpreter.run(g, shifted(values, u, -h), batch).output("out");
        double[] d = new double[plus.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (plus.at(i) - minus.at(i)) / (2 * h);
        }
        return Tensor.of(DType.F64, plus.shape(), d);
    }

    private static Map<String, Tensor> shifted(Map<String, Tensor> values, Map<String, Tensor> u, double h) {
        Map<String, Tensor> out = new HashMap<>(values);
        u.forEach((name, dir) -> {
            Tensor x = values.get(name);
            double[] moved = x.toArray();
            for (int i = 0; i < moved.length; i++) {
                moved[i] += h * dir.at(i);
            }
            out.put(name, Tensor.of(x.dtype(), x.shape(), moved));
        });
        return out;
    }

    static Graph withLeaf(Graph g, Node leaf) {
        List<Node> leaves = new ArrayList<>(g.leaves());
        leaves.add(leaf);
        Graph out = Graph.of(g.builder(), leaves).withOutputs(g.outputs());
        return g.loss().map(out::withLoss).orElse(out);
    }

    static double dot(Tensor a, Tensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.at(i) * b.at(i);
        }
        return s;
    }

    static List<Integer> all(Node n) {
        return Shapes.range(n.type().rank());
    }
}

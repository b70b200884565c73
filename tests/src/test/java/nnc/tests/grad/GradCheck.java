package nnc.tests.grad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.pass.Passes;
import nnc.compiler.pass.Verifier;

/**
 * Compares symbolic gradients with central differences in f64. The loss is evaluated by the
 * reference interpreter; the symbolic gradient is checked both as built and after the
 * simplifier ran (with the verifier between passes), so every case also tests that
 * simplification keeps values.
 */
public final class GradCheck {
    /** Central-difference step. */
    static final double H = 1e-6;
    /** Absolute and relative tolerance of a gradient element. */
    static final double ATOL = 1e-6;
    static final double RTOL = 1e-5;

    private GradCheck() {
    }

    /**
     * Checks the gradient of scalar {@code f} with respect to each leaf in {@code wrt}.
     *
     * @param graph  any graph whose builder made {@code f} (its leaves declare the names)
     * @param values a value for every leaf
     */
    public static void check(Graph graph, Node f, List<Node> wrt, Map<String, Tensor> values, int batch) {
        check(graph, f, wrt, values, batch, Integer.MAX_VALUE, 0);
    }

    /**
     * As {@link #check(Graph, Node, List, Map, int)}, comparing at most {@code perLeaf} elements
     * of each gradient (chosen with {@code seed}): for models with large parameters.
     */
    public static void check(Graph graph, Node f, List<Node> wrt, Map<String, Tensor> values, int batch,
            int perLeaf, long seed) {
        Graph forward = Verifier.verify(graph.withOutputs(List.of(new Named("f", f))));
        List<Node> grads = Autodiff.gradients(graph.builder(), f, wrt);
        List<Named> named = new ArrayList<>();
        for (int i = 0; i < wrt.size(); i++) {
            named.add(new Named("d" + i, grads.get(i)));
        }
        Graph backward = Verifier.verify(graph.withOutputs(named));
        Graph simplified = Passes.optimize(backward, Verifier::verify);
        var raw = Interpreter.run(backward, values, batch);
        var opt = Interpreter.run(simplified, values, batch);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < wrt.size(); i++) {
            String name = wrt.get(i).name();
            int size = values.get(name).size();
            int[] indices = size <= perLeaf ? java.util.stream.IntStream.range(0, size).toArray()
                    : random.ints(perLeaf, 0, size).toArray();
            for (int k : indices) {
                double numeric = numeric(forward, name, values, batch, k);
                assertClose(raw.output("d" + i).at(k), numeric, "d/d" + name + "[" + k + "]");
                assertClose(opt.output("d" + i).at(k), numeric, "simplified d/d" + name + "[" + k + "]");
            }
        }
    }

    private static double numeric(Graph forward, String name, Map<String, Tensor> values, int batch, int i) {
        Tensor x = values.get(name);
        double plus = eval(forward, values, name, x.with(i, x.at(i) + H), batch);
        double minus = eval(forward, values, name, x.with(i, x.at(i) - H), batch);
        return (plus - minus) / (2 * H);
    }

    private static void assertClose(double a, double b, String what) {
        double tol = ATOL + RTOL * Math.max(Math.abs(a), Math.abs(b));
        assertThat(Math.abs(a - b)).as("%s: symbolic %s, numeric %s", what, a, b).isLessThanOrEqualTo(tol);
    }

    static double eval(Graph forward, Map<String, Tensor> values, String name, Tensor value, int batch) {
        Map<String, Tensor> changed = new HashMap<>(values);
        changed.put(name, value);
        return Interpreter.run(forward, changed, batch).output("f").item();
    }
}

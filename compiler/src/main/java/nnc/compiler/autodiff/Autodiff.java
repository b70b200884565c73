package nnc.compiler.autodiff;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.IrException;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.ir.Shapes;
import nnc.compiler.ir.Type;

/**
 * Symbolic reverse-mode differentiation on the IR. The result is more IR in the same builder,
 * so it can be simplified, interpreted, compiled and differentiated again (second order).
 *
 * <p>The driver walks the nodes between the differentiated value and the variables in reverse
 * topological order, asks {@link VjpRules} for each node's operand contributions, un-broadcasts
 * them to the operand's shape, and sums them where a value fans out. Nodes that no variable
 * reaches get no cotangent (symbolic zero), and nothing flows through {@code stop_gradient}.
 * Backward nodes take the span of the forward node they come from.
 */
public final class Autodiff {
    private Autodiff() {
    }

    /**
     * The training graph: {@code graph} plus the gradient of its loss for every parameter and
     * for the inputs named in {@code inputs}.
     *
     * @throws IllegalArgumentException when the graph has no scalar float loss or an input name is unknown
     */
    public static Graph differentiate(Graph graph, Set<String> inputs) {
        Node loss = graph.loss().orElseThrow(() -> new IllegalArgumentException("the graph has no loss"));
        List<Node> wrtInputs = new ArrayList<>();
        for (String name : new LinkedHashSet<>(inputs)) {
            wrtInputs.add(graph.inputs().stream().filter(n -> n.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no input named '" + name + "'")));
        }
        List<Node> wrt = new ArrayList<>(graph.params());
        wrt.addAll(wrtInputs);
        List<Node> grads = gradients(graph.builder(), loss, wrt);
        int p = graph.params().size();
        return graph.withParamGrads(named(graph.params(), grads.subList(0, p)))
                .withInputGrads(named(wrtInputs, grads.subList(p, grads.size())));
    }

    /**
     * The inputs the command line differentiates when none are named: every float input of a
     * graph without parameters (such as the seed example, f(x, y)), none otherwise.
     */
    public static Set<String> defaultInputs(Graph graph) {
        if (!graph.params().isEmpty()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        graph.inputs().stream().filter(n -> n.type().dtype().isFloat()).forEach(n -> names.add(n.name()));
        return names;
    }

    /** The gradient of scalar {@code f} with respect to each of {@code wrt} (same types as {@code wrt}). */
    public static List<Node> gradients(GraphBuilder b, Node f, List<Node> wrt) {
        if (!f.type().isScalar() || !f.type().dtype().isFloat()) {
            throw new IrException(f.span(), "can only differentiate a float scalar, got " + f.type());
        }
        return vjp(b, f, b.at(f.span()).constant(1, f), wrt);
    }

    /**
     * The vector-Jacobian product: for each of {@code wrt}, {@code seedᵀ · ∂f/∂w}, where
     * {@code seed} has {@code f}'s type (or broadcasts to it).
     */
    public static List<Node> vjp(GraphBuilder b, Node f, Node seed, List<Node> wrt) {
        for (Node w : wrt) {
            if (!w.type().dtype().isFloat()) {
                throw new IrException(w.span(), "cannot differentiate with respect to " + w + " of type " + w.type());
            }
        }
        int n = f.id() + 1;
        BitSet active = active(f, wrt);
        List<List<Node>> contributions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            contributions.add(new ArrayList<>());
        }
        contributions.get(f.id()).add(unbroadcast(b.at(f.span()), seed, f.type()));
        for (int id = f.id(); id >= 0; id--) {
            if (active.get(id) && !contributions.get(id).isEmpty()) {
                propagate(b, b.get(id), sum(b, b.get(id), contributions.get(id)), active, contributions);
            }
        }
        List<Node> result = new ArrayList<>();
        for (Node w : wrt) {
            result.add(w.id() < n && !contributions.get(w.id()).isEmpty()
                    ? sum(b, w, contributions.get(w.id()))
                    : b.at(w.span()).broadcastTo(b.at(w.span()).constant(0, w), w.type().shape()));
        }
        return result;
    }

    private static void propagate(GraphBuilder b, Node y, Node g, BitSet active, List<List<Node>> contributions) {
        Emit e = b.at(y.span());
        List<Optional<Node>> parts = VjpRules.vjp(y, g, e);
        for (int i = 0; i < parts.size(); i++) {
            Node x = y.input(i);
            if (active.get(x.id()) && parts.get(i).isPresent()) {
                contributions.get(x.id()).add(unbroadcast(e, parts.get(i).get(), x.type()));
            }
        }
    }

    /**
     * Nodes through which a gradient can flow from {@code f} to a variable: those that some
     * variable reaches (not through stop_gradient) and that reach {@code f}.
     */
    private static BitSet active(Node f, List<Node> wrt) {
        BitSet fromWrt = new BitSet();
        wrt.forEach(w -> fromWrt.set(w.id()));
        List<Node> cone = cone(f);
        for (Node n : cone) {
            if (n.op() != Op.STOP_GRADIENT && n.inputs().stream().anyMatch(i -> fromWrt.get(i.id()))) {
                fromWrt.set(n.id());
            }
        }
        BitSet active = new BitSet();
        cone.forEach(n -> active.set(n.id(), fromWrt.get(n.id())));
        return active;
    }

    /** {@code f} and everything it depends on, in id order. */
    private static List<Node> cone(Node f) {
        BitSet seen = new BitSet();
        List<Node> stack = new ArrayList<>(List.of(f));
        List<Node> out = new ArrayList<>();
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (!seen.get(n.id())) {
                seen.set(n.id());
                out.add(n);
                stack.addAll(n.inputs());
            }
        }
        out.sort((a, c) -> Integer.compare(a.id(), c.id()));
        return out;
    }

    private static Node sum(GraphBuilder b, Node at, List<Node> parts) {
        Emit e = b.at(at.span());
        Node total = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            total = e.add(total, parts.get(i));
        }
        parts.clear();
        parts.add(total);
        return total;
    }

    /** {@code c} summed over the axes a broadcast to its shape stretched, reshaped to {@code to}. */
    static Node unbroadcast(Emit e, Node c, Type to) {
        if (c.type().dtype() != to.dtype()) {
            throw new IrException(e.span(), "cotangent " + c.type() + " does not match " + to);
        }
        if (c.type().shape().equals(to.shape())) {
            return c;
        }
        if (!Shapes.broadcastsTo(to.shape(), c.type().shape())) {
            Node wide = e.broadcastTo(c, Shapes.broadcast(c.type().shape(), to.shape()).orElseThrow(
                    () -> new IrException(e.span(), "cotangent " + c.type() + " does not fit " + to)));
            return unbroadcast(e, wide, to);
        }
        Node r = e.reduceSum(c, Shapes.stretchedAxes(to.shape(), c.type().shape()));
        return r.type().shape().equals(to.shape()) ? r : e.reshape(r, to.shape());
    }

    private static List<Named> named(List<Node> leaves, List<Node> grads) {
        List<Named> out = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            out.add(new Named(leaves.get(i).name(), grads.get(i)));
        }
        return out;
    }
}

package nnc.compiler.pass;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.IrException;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.ir.Type;
import nnc.compiler.ir.TypeRules;

/**
 * Checks a graph's invariants; run between passes in tests. Every node's type is what its
 * op's rule gives, operands come before users and belong to the graph, leaf names are unique,
 * and the roles fit: a float scalar loss, one gradient of the parameter's type per parameter
 * (when there are gradients), input gradients and state updates naming declared leaves.
 */
public final class Verifier {
    private Verifier() {
    }

    /** {@code graph} when it is well formed. @throws IrException naming the first violation */
    public static Graph verify(Graph graph) {
        checkNodes(graph);
        checkLeaves(graph);
        checkRoles(graph);
        return graph;
    }

    private static void checkNodes(Graph graph) {
        int previous = -1;
        for (Node n : graph.nodes()) {
            check(n.id() > previous, n, "nodes out of order");
            check(graph.builder().get(n.id()) == n, n, "not created by the graph's builder");
            previous = n.id();
            for (Node in : n.inputs()) {
                check(in.id() < n.id(), n, "operand " + in + " does not come first");
            }
            Type expected = TypeRules.infer(n.op(), n.inputs().stream().map(Node::type).toList(), n.attr(), n.span());
            check(expected.equals(n.type()), n, "type " + n.type() + " but the rule gives " + expected);
        }
    }

    private static void checkLeaves(Graph graph) {
        Set<String> names = new HashSet<>();
        for (Node leaf : graph.leaves()) {
            check(leaf.op().isNamedLeaf(), leaf, "declared leaf is a " + leaf.op().textName());
            check(names.add(leaf.op() + " " + leaf.name()), leaf, "duplicate " + leaf.op().textName() + " " + leaf.name());
        }
        for (Node n : graph.nodes()) {
            if (n.op().isNamedLeaf()) {
                check(graph.leaves().contains(n), n, "leaf " + n.name() + " is not declared");
            }
        }
    }

    private static void checkRoles(Graph graph) {
        graph.loss().ifPresent(l -> check(l.type().isScalar() && l.type().dtype().isFloat(), l, "loss must be a float scalar, is " + l.type()));
        uniqueNames(graph.outputs(), "output");
        if (!graph.paramGrads().isEmpty()) {
            check(graph.paramGrads().size() == graph.params().size(), graph.paramGrads().get(0).node(), "gradient count differs from parameter count");
            matchLeaves(graph.paramGrads(), graph.params(), "param");
        }
        matchLeaves(graph.inputGrads(), graph.inputs(), "input");
        matchLeaves(graph.stateUpdates(), graph.states(), "state");
    }

    private static void matchLeaves(List<Named> roles, List<Node> leaves, String kind) {
        uniqueNames(roles, kind);
        for (Named r : roles) {
            Node leaf = leaves.stream().filter(l -> l.name().equals(r.name())).findFirst()
                    .orElseThrow(() -> new IrException(r.node().span(), "no " + kind + " named " + r.name()));
            check(leaf.type().equals(r.node().type()), r.node(), kind + " " + r.name() + " is " + leaf.type() + " but its role node is " + r.node().type());
        }
    }

    private static void uniqueNames(List<Named> roles, String kind) {
        List<String> seen = new ArrayList<>();
        for (Named r : roles) {
            check(!seen.contains(r.name()), r.node(), "duplicate " + kind + " role " + r.name());
            seen.add(r.name());
        }
    }

    private static void check(boolean ok, Node n, String message) {
        if (!ok) {
            throw new IrException(n.span(), n + " (" + n.op().textName() + "): " + message);
        }
    }
}

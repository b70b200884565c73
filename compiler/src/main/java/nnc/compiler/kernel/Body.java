package nnc.compiler.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scalar expression DAG: nodes in topological order, operands referring to earlier nodes by
 * index. Identical nodes are shared ({@link Builder#add} interns), so a value used twice in a
 * fused loop is computed once.
 *
 * @param nodes the nodes
 */
public record Body(List<Expr> nodes) {
    public Body {
        nodes = List.copyOf(nodes);
    }

    /** Node {@code i}. */
    public Expr node(int i) {
        return nodes.get(i);
    }

    /** The number of nodes. */
    public int size() {
        return nodes.size();
    }

    /** The distinct loads, in order of first appearance. */
    public List<Expr.Load> loads() {
        return nodes.stream().filter(e -> e instanceof Expr.Load).map(e -> (Expr.Load) e).toList();
    }

    /** The number of arithmetic operations per element. */
    public int opCount() {
        return (int) nodes.stream().filter(e -> e instanceof Expr.Apply).count();
    }

    /** Builds a body, sharing identical nodes. */
    public static final class Builder {
        private final List<Expr> nodes = new ArrayList<>();
        private final Map<Expr, Integer> index = new HashMap<>();

        /** The index of {@code e}, adding it if it is new. */
        public int add(Expr e) {
            Integer existing = index.get(e);
            if (existing != null) {
                return existing;
            }
            nodes.add(e);
            index.put(e, nodes.size() - 1);
            return nodes.size() - 1;
        }

        /** The body built so far. */
        public Body build() {
            return new Body(nodes);
        }
    }
}

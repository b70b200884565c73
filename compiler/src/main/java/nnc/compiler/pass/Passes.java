package nnc.compiler.pass;

import java.util.function.UnaryOperator;
import nnc.compiler.ir.Graph;

/**
 * The standard optimization pipeline. Common subexpressions merge when nodes are built (the
 * builder interns them), and dead code never enters a graph ({@link Graph#nodes()} lists only
 * nodes reachable from its roles), so the pipeline is simplification to a fixed point.
 */
public final class Passes {
    private static final int MAX_ROUNDS = 32;

    private Passes() {
    }

    /** Simplifies until nothing changes. */
    public static Graph optimize(Graph graph) {
        return optimize(graph, g -> g);
    }

    /** Simplifies until nothing changes, handing every intermediate graph to {@code check} (tests: the verifier). */
    public static Graph optimize(Graph graph, UnaryOperator<Graph> check) {
        Graph current = check.apply(graph);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Graph next = check.apply(Simplify.run(current));
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
        return current;
    }
}

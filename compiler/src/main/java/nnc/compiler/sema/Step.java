package nnc.compiler.sema;

import java.util.List;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Stmt;

/**
 * One step of a body in the order lowering performs it: a {@link Binding}, or a for loop with
 * the steps of its body. Inside a loop, a binding to a name bound before the loop is an
 * {@link Update} of that (carried) binding, and {@code hs[t] = v} is a {@link Collect}.
 */
public sealed interface Step permits Binding, Step.Loop, Step.Update, Step.Collect {

    /**
     * {@code for var in range(count) { body }}: the body once for each {@code var} = 0 …
     * count-1, unrolled by lowering.
     */
    record Loop(Stmt.For stmt, String var, int count, List<Step> body) implements Step {
        public Loop {
            body = List.copyOf(body);
        }
    }

    /** {@code name = value} in a loop, where {@code target} is the binding of {@code name} before the loop. */
    record Update(Binding target, Expr value, Stmt.Bind stmt) implements Step {
    }

    /**
     * {@code name[var] = value}: {@code target} (a binding named {@code name}, visible after the
     * loop) is the stack of the values of every step, along a new axis after the batch axis
     * when the value's first axis is the symbolic batch, else along a new first axis.
     */
    record Collect(Binding target, Expr value, Stmt.Collect stmt) implements Step {
    }
}

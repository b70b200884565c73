package nnc.compiler.sema;

import java.util.List;
import java.util.Map;
import nnc.compiler.ast.Expr;

/** What a call expression calls. */
public sealed interface CallTarget {
    /**
     * A builtin. {@code operands} are the tensor arguments in the builtin's parameter order (for
     * l1/l2, all of them); {@code attrs} holds every other parameter by name, evaluated,
     * checked and with defaults filled in (see {@link Attr}).
     */
    record BuiltinCall(Builtin builtin, List<Expr> operands, Map<String, Attr> attrs)
            implements CallTarget {
        public BuiltinCall {
            operands = List.copyOf(operands);
            attrs = Map.copyOf(attrs);
        }
    }

    /** A block, instantiated for this call. */
    record BlockCall(BlockInstance instance) implements CallTarget {
    }
}

package nnc.compiler.sema;

import java.util.List;
import java.util.Map;
import nnc.compiler.ast.Expr;

/** What a call expression calls. */
public sealed interface CallTarget {
    /**
     * A builtin. {@code operands} are the tensor arguments in the builtin's parameter order (for
     * l1/l2, all of them); {@code attrs} holds every other parameter by name, evaluated,
     * checked and with defaults filled in (see {@link Attr}); {@code weights} are the parameters
     * a layer builtin created for this call ({@link Builtin#weights()}), in the builtin's order.
     */
    record BuiltinCall(Builtin builtin, List<Expr> operands, Map<String, Attr> attrs, List<ModelParam> weights)
            implements CallTarget {
        public BuiltinCall {
            operands = List.copyOf(operands);
            attrs = Map.copyOf(attrs);
            weights = List.copyOf(weights);
        }

        /** A call of a builtin that creates no parameters. */
        public BuiltinCall(Builtin builtin, List<Expr> operands, Map<String, Attr> attrs) {
            this(builtin, operands, attrs, List.of());
        }
    }

    /** A block, instantiated for this call. */
    record BlockCall(BlockInstance instance) implements CallTarget {
    }
}

package nnc.compiler.sema;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Expr;

/**
 * The side tables of one checked body: a model, or one instance of a block (a block's body has
 * different shapes at each call, so each call gets its own scope). Keys are AST nodes compared
 * by identity.
 */
public final class Scope {
    private final Map<Expr, Type> types = new IdentityHashMap<>();
    private final Map<Expr.Path, Symbol> symbols = new IdentityHashMap<>();
    private final Map<Expr.Call, CallTarget> calls = new IdentityHashMap<>();

    /**
     * The type of a value expression of this body. Constant arguments (an axis, a string, a
     * list, an initializer) are not values and have no type; see {@link CallTarget.BuiltinCall}.
     */
    public Type type(Expr e) {
        Type t = types.get(e);
        if (t == null) {
            throw new IllegalArgumentException("not a value expression of this scope: " + e.span());
        }
        return t;
    }

    /** The type, if {@code e} is a value expression of this body. */
    public Optional<Type> typeIfValue(Expr e) {
        return Optional.ofNullable(types.get(e));
    }

    /** What a name or path refers to. */
    public Symbol symbol(Expr.Path path) {
        Symbol s = symbols.get(path);
        if (s == null) {
            throw new IllegalArgumentException("not a resolved name of this scope: " + path.span());
        }
        return s;
    }

    /** What a call calls. */
    public CallTarget target(Expr.Call call) {
        CallTarget t = calls.get(call);
        if (t == null) {
            throw new IllegalArgumentException("not a resolved call of this scope: " + call.span());
        }
        return t;
    }

    Type record(Expr e, Type t) {
        types.put(e, t);
        return t;
    }

    void resolve(Expr.Path path, Symbol symbol) {
        symbols.put(path, symbol);
    }

    void resolve(Expr.Call call, CallTarget target) {
        calls.put(call, target);
    }
}

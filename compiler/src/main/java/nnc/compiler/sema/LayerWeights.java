package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Ident;
import nnc.compiler.ast.Stmt;
import nnc.compiler.ast.TensorType;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.Span;
import nnc.runtime.Dim;

/**
 * The parameters of layer builtins ({@link Builtin#weights()}): like a block call, such a call
 * must be the only parameter-creating call of its binding, and its parameters are named after
 * the binding ({@code att.Wq}), reachable by path, and shared by every step of a loop.
 */
final class LayerWeights {
    private LayerWeights() {
    }

    /** Whether the call is the one call of its binding that creates parameters; reports E0810 if not. */
    static boolean ownsBinding(Expr.Call call, Builtin b, Optional<ExprChecker.BindingSite> site, BodyChecker body) {
        String names = String.join(", ", b.weights().stream().map(Builtin.Weight::name).toList());
        if (site.isEmpty()) {
            body.m.sink.report(ErrorCode.E0810, call.span(), b.name() + " creates parameters (" + names
                    + ") but is called outside a binding, so they would have no name",
                    "bind the call first: h = " + b.name() + "(...), then use h");
            return false;
        }
        if (site.get().call().isPresent()) {
            body.m.sink.report(ErrorCode.E0810, call.callee().span(), b.name() + " creates parameters, and the binding '"
                            + site.get().name + "' already has a call that does; both would be named "
                            + body.prefix + site.get().name + ".…",
                    "give each such call its own binding, e.g. a = " + b.name() + "(...) and then use a",
                    "the first call is at " + site.get().call().get().span());
            return false;
        }
        site.get().called(call, Optional.empty());
        return true;
    }

    /** Creates the call's parameters, registers them with the model, and makes {@code binding.W} resolve. */
    static List<ModelParam> create(Expr.Call call, Builtin b, CallSite s, Type result,
                                   Optional<ExprChecker.BindingSite> site, BodyChecker body) {
        if (b.weights().isEmpty()) {
            return List.of();
        }
        String prefix = body.prefix + site.orElseThrow().name;
        Span span = call.span();
        List<ModelParam> params = new ArrayList<>();
        for (Builtin.Weight w : b.weights()) {
            Type.Tensor type = w.type().apply(s);
            List<TensorType.DimExpr> dims = type.shape().stream()
                    .<TensorType.DimExpr>map(d -> new TensorType.DimExpr.Fixed(((Dim.Fixed) d).size(), span)).toList();
            Stmt.Param decl = new Stmt.Param(new Ident(w.name(), span), new TensorType(Optional.empty(), dims, span),
                    Optional.empty(), span);
            ModelParam p = new ModelParam(prefix + "." + w.name(), decl, type, w.init().apply(type));
            params.add(p);
            body.params.add(p);
            body.m.params.add(p);
            body.m.used.add(p);
        }
        Decl.Block layer = new Decl.Block(call.callee(), List.of(), List.of(), span);
        BlockInstance instance = new BlockInstance(layer, prefix, Map.of(), Map.of(), params, List.of(), List.of(),
                List.of(), Map.of(), call, result, body.scope);
        site.get().called(call, Optional.of(instance));
        return List.copyOf(params);
    }
}

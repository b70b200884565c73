package nnc.compiler.sema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Expr;
import nnc.runtime.Dim;

/**
 * One call of a block, checked with the shapes of that call. Lowering inlines it: the block's
 * tensor parameters take the values of {@code arguments} (caller expressions, typed in the
 * caller's scope), its statements are typed by {@code scope}, and {@code result} (the return
 * expression, in {@code scope}) is the call's value.
 *
 * @param prefix    the path of the binding that called the block: {@code h1}, or {@code r1.a} nested
 * @param dims      what each pattern variable and size parameter stands for in this call
 * @param arguments the caller's expression for each tensor parameter, by parameter name
 * @param params    the parameters this call created ({@code h1.W}, {@code h1.b}), not nested ones
 * @param states    the state tensors this call created ({@code bn1.running_mean}), not nested ones
 * @param bindings  the block's bindings in order (not those inside for loops)
 * @param steps     the bindings and for loops in the order lowering performs them
 * @param nested    the block instances of this block's bindings, by binding name
 */
public record BlockInstance(Decl.Block decl, String prefix, Map<String, Dim> dims,
                            Map<String, Expr> arguments, List<ModelParam> params, List<ModelState> states,
                            List<Binding> bindings,
                            List<Step> steps, Map<String, BlockInstance> nested, Expr result, Type type, Scope scope) {
    public BlockInstance {
        dims = Map.copyOf(dims);
        arguments = Map.copyOf(arguments);
        params = List.copyOf(params);
        states = List.copyOf(states);
        bindings = List.copyOf(bindings);
        steps = List.copyOf(steps);
        nested = Map.copyOf(nested);
    }

    /** The state tensor this call created whose name in the block is {@code localName}. */
    public Optional<ModelState> state(String localName) {
        return states.stream().filter(s -> s.decl().name().text().equals(localName)).findFirst();
    }

    /** The parameter this call created whose name in the block is {@code localName}. */
    public Optional<ModelParam> param(String localName) {
        return params.stream().filter(p -> p.decl().name().text().equals(localName)).findFirst();
    }
}

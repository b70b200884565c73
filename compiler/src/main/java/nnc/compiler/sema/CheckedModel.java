package nnc.compiler.sema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Decl;

/**
 * A model that passed the checker: everything lowering needs, with types in {@link #scope()}.
 *
 * @param symbolicDim the model's symbolic dimension ({@code batch}), if an input has one
 * @param inputs      the {@code input} declarations in order
 * @param targets     the {@code target} declarations in order
 * @param params      every parameter: the model's own in declaration order, then those created
 *                    by block calls in the order of the calls (a call's own parameters before
 *                    those of the calls nested in it)
 * @param states      every state tensor, in the same order as {@code params}
 * @param bindings    the model's bindings in source order (output bindings and the loss too),
 *                    not those inside for loops
 * @param steps       the bindings and for loops in the order lowering performs them
 * @param instances   the block instance called by each binding that calls a block, by binding name
 * @param outputs     the outputs in source order
 * @param loss        the binding named {@code loss}: a floating-point scalar
 * @param train       the train section, if the file has one for this model
 * @param scope       types, names and calls of the model's own expressions
 */
public record CheckedModel(Decl.Model decl, Optional<String> symbolicDim, List<ModelInput> inputs,
                           List<ModelInput> targets, List<ModelParam> params, List<ModelState> states,
                           List<Binding> bindings,
                           List<Step> steps, Map<String, BlockInstance> instances, List<ModelOutput> outputs, Binding loss,
                           Optional<TrainConfig> train, Scope scope) {
    public CheckedModel {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        params = List.copyOf(params);
        states = List.copyOf(states);
        bindings = List.copyOf(bindings);
        steps = List.copyOf(steps);
        instances = Map.copyOf(instances);
        outputs = List.copyOf(outputs);
    }

    public String name() {
        return decl.name().text();
    }

    /** The initial value of every state tensor, by path (for the code generator). */
    public Map<String, Double> stateInit() {
        Map<String, Double> init = new java.util.LinkedHashMap<>();
        states.forEach(s -> init.put(s.path(), s.init()));
        return java.util.Collections.unmodifiableMap(init);
    }

    /** The parameter with the full path {@code path} ({@code W1}, {@code h1.W}). */
    public Optional<ModelParam> param(String path) {
        return params.stream().filter(p -> p.path().equals(path)).findFirst();
    }
}

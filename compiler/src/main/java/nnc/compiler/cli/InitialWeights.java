package nnc.compiler.cli;

import java.util.List;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.ModelParam;
import nnc.runtime.Model;
import nnc.runtime.TensorSpec;
import nnc.runtime.init.Init;

/**
 * The initial weights of a model: each parameter drawn from the initializer its declaration
 * names ({@code = xavier}), resolved by the checker to a distribution, with the runtime's
 * counter-based generator keyed by (seed, parameter name) — the same seed gives bit-identical
 * weights, and one parameter's values do not depend on the others.
 */
final class InitialWeights {
    private InitialWeights() {
    }

    static void fill(Model model, CheckedModel source, long seed) {
        List<TensorSpec> params = model.signature().params();
        for (int i = 0; i < params.size(); i++) {
            TensorSpec p = params.get(i);
            ModelParam declared = source.param(p.name()).orElseThrow(() -> new IllegalStateException(
                    "generated parameter " + p.name() + " is not a parameter of " + source.name()));
            runtimeInit(declared.init()).fill(model.param(i), p.dims(1), seed, p.name());
        }
    }

    private static Init runtimeInit(nnc.compiler.sema.Init init) {
        if (init instanceof nnc.compiler.sema.Init.Constant c) {
            return new Init.Constant(c.value());
        } else if (init instanceof nnc.compiler.sema.Init.Normal n) {
            return new Init.Normal(n.mean(), n.std());
        }
        nnc.compiler.sema.Init.Uniform u = (nnc.compiler.sema.Init.Uniform) init;
        return new Init.Uniform(u.lo(), u.hi());
    }
}

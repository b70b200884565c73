package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.ir.Graph;
import nnc.compiler.pass.Passes;
import nnc.compiler.sema.CheckedModel;
import nnc.runtime.DType;
import nnc.runtime.Model;

/**
 * A {@code .nn} model compiled in-process, for {@code train}, {@code eval} and {@code predict}:
 * check, lower, retype to {@code --dtype}, differentiate, optimize, generate the class; then
 * {@link #instantiate} loads it and creates an instance.
 *
 * @param source   the checked model (its train section and initializers)
 * @param compiled the generated class
 */
record Build(CheckedModel source, CompiledClass compiled) {

    /** Compiles {@code file} (model {@code name}, or its first) in {@code dtype} (default: as declared). */
    static Build of(Session s, Path file, Optional<String> name, Optional<DType> dtype) {
        ModelLoader.Loaded loaded = ModelLoader.load(s, file, name);
        if (loaded.forward().isEmpty()) {
            throw new CliFailure(loaded.exitCode(), "");
        }
        CheckedModel checked = loaded.model().orElseThrow();
        Graph forward = loaded.forward().get();
        DType type = dtype.orElse(Precision.of(forward));
        s.doing("differentiating model " + checked.name() + " of " + file);
        Graph graph = Passes.optimize(Autodiff.differentiate(Precision.retype(forward, type), Set.of()));
        s.doing("generating code for model " + checked.name() + " of " + file);
        CompiledClass compiled = ModelCompiler.compile(graph,
                new ModelCompiler.Options("nnc.generated." + checked.name(), checked.name(), type));
        return new Build(checked, compiled);
    }

    /** A new instance of the generated class for batches of up to {@code maxBatch} rows. */
    Model instantiate(int maxBatch) {
        return nnc.compiler.codegen.ModelLoader.instantiate(compiled, maxBatch);
    }

    /** The {@code --dtype} value {@code text} ({@code f32} or {@code f64}). */
    static Optional<DType> dtype(Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32" -> Optional.of(DType.F32);
            case "f64", "float64" -> Optional.of(DType.F64);
            default -> throw CliFailure.usage("--dtype " + text.get() + ": expected f32 or f64");
        };
    }
}

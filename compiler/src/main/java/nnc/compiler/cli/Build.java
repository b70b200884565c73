package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.SimdMode;
import nnc.compiler.codegen.Precision;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.IrException;
import nnc.compiler.pass.Passes;
import nnc.compiler.sema.CheckedModel;
import nnc.runtime.DType;
import nnc.runtime.Model;

/**
 * A {@code .nn} model compiled in-process, for {@code train}, {@code eval} and {@code predict}:
 * check, lower, convert to {@code --dtype}, differentiate, optimize, generate the class; then
 * {@link #instantiate} loads it and creates an instance.
 *
 * @param source   the checked model (its train section and initializers)
 * @param compiled the generated class
 */
record Build(CheckedModel source, CompiledClass compiled) {

    /** Compiles {@code file} (model {@code name}, or its first) in {@code dtype} (default: as declared). */
    static Build of(Session s, Path file, Optional<String> name, Optional<DType> dtype) {
        return of(s, file, name, dtype, SimdMode.SCALAR);
    }

    /** As {@link #of(Session, Path, Optional, Optional)}, with the matmul kernels of {@code simd}. */
    static Build of(Session s, Path file, Optional<String> name, Optional<DType> dtype, SimdMode simd) {
        ModelLoader.Loaded loaded = ModelLoader.load(s, file, name);
        if (loaded.forward().isEmpty()) {
            throw new CliFailure(loaded.exitCode(), "");
        }
        CheckedModel checked = loaded.model().orElseThrow();
        Graph forward = loaded.forward().get();
        DType type = dtype.orElse(declared(forward));
        s.doing("differentiating model " + checked.name() + " of " + file);
        Graph typed = type == declared(forward) ? forward : Precision.convert(forward, type);
        Graph graph = Passes.optimize(Autodiff.differentiate(typed, Set.of()));
        s.doing("generating code for model " + checked.name() + " of " + file);
        try {
            return new Build(checked, ModelCompiler.compile(graph,
                    new ModelCompiler.Options("nnc.generated." + checked.name(), checked.name(), type).withSimd(simd)));
        } catch (IrException e) {
            s.err().println(e.getMessage().replaceFirst(": ", ": error: "));
            throw new CliFailure(ExitCodes.DATA_ERROR, "");
        }
    }

    /** The float type the model declares: that of its first float leaf (f32 when it has none). */
    static DType declared(Graph g) {
        return g.leaves().stream().map(n -> n.type().dtype()).filter(DType::isFloat).findFirst().orElse(DType.F32);
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

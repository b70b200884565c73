package nnc.compiler.sema;

import java.util.List;
import java.util.Optional;
import nnc.compiler.ast.Program;

/** A file whose models all passed the checker. */
public record CheckedProgram(Program ast, List<CheckedModel> models) {
    public CheckedProgram {
        models = List.copyOf(models);
    }

    /** The model called {@code name}. */
    public Optional<CheckedModel> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}

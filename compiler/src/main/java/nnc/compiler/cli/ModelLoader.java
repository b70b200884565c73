package nnc.compiler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.CheckedProgram;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.Lowering;
import nnc.compiler.source.Diagnostic;
import nnc.compiler.source.DiagnosticRenderer;

/**
 * Reads, checks and lowers one model for the commands that work on IR ({@code ir}, {@code grad}):
 * diagnostics go to the session's error stream, and a failure is an exit code.
 */
final class ModelLoader {
    /** A lowered model, or the exit code of why there is none. */
    record Loaded(Optional<CheckedModel> model, Optional<Graph> forward, int exitCode) {
        static Loaded failed(int code) {
            return new Loaded(Optional.empty(), Optional.empty(), code);
        }
    }

    private ModelLoader() {
    }

    static Loaded load(Session s, Path file, Optional<String> modelName) {
        s.doing("reading " + file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            s.err().println("nnc: cannot read '" + file + "': no such file");
            return Loaded.failed(ExitCodes.NO_INPUT);
        } catch (IOException e) {
            s.err().println("nnc: cannot read '" + file + "': " + e.getMessage());
            return Loaded.failed(ExitCodes.NO_INPUT);
        }
        s.doing("checking " + file);
        FrontEnd.Result result = FrontEnd.check(file.toString(), bytes);
        DiagnosticRenderer renderer = new DiagnosticRenderer();
        for (Diagnostic d : result.diagnostics()) {
            s.err().print(renderer.render(d));
        }
        if (result.hasErrors()) {
            return Loaded.failed(ExitCodes.DATA_ERROR);
        }
        Optional<CheckedModel> model = pick(s, file, result.program().orElseThrow(), modelName);
        if (model.isEmpty()) {
            return Loaded.failed(modelName.isPresent() ? ExitCodes.USAGE : ExitCodes.DATA_ERROR);
        }
        s.doing("lowering model " + model.get().name() + " of " + file);
        Graph graph = Lowering.lower(model.get(), new GraphBuilder());
        return new Loaded(model, Optional.of(graph), ExitCodes.OK);
    }

    private static Optional<CheckedModel> pick(Session s, Path file, CheckedProgram program, Optional<String> name) {
        if (name.isPresent()) {
            Optional<CheckedModel> m = program.model(name.get());
            if (m.isEmpty()) {
                s.err().println("nnc: " + file + " has no model named '" + name.get() + "'; it has "
                        + String.join(", ", program.models().stream().map(CheckedModel::name).toList()));
            }
            return m;
        }
        if (program.models().isEmpty()) {
            s.err().println("nnc: " + file + " defines no model");
            return Optional.empty();
        }
        if (program.models().size() > 1) {
            s.err().println("nnc: " + file + " defines several models; using " + program.models().get(0).name()
                    + " (choose with --model)");
        }
        return Optional.of(program.models().get(0));
    }
}

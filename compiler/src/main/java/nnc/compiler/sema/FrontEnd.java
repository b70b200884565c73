package nnc.compiler.sema;

import java.util.List;
import java.util.Optional;
import nnc.compiler.ast.Program;
import nnc.compiler.source.Diagnostic;
import nnc.compiler.source.Diagnostics;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.SourceDecoder;
import nnc.compiler.source.SourceFile;
import nnc.compiler.source.Span;
import nnc.compiler.syntax.Parsing;

/** Bytes of a {@code .nn} file to a checked program: decode, parse, check. */
public final class FrontEnd {
    private FrontEnd() {
    }

    /**
     * The outcome for one file: its diagnostics in source order, and the checked program when
     * there was no error.
     */
    public record Result(SourceFile file, List<Diagnostic> diagnostics, Optional<CheckedProgram> program) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    /** Decodes, parses and checks the file {@code name} whose content is {@code bytes}. */
    public static Result check(String name, byte[] bytes) {
        Diagnostics sink = new Diagnostics();
        SourceFile file = SourceDecoder.decode(name, bytes, sink);
        if (sink.hasErrors()) {
            return new Result(file, sink.sorted(), Optional.empty());
        }
        return check(file, sink);
    }

    /** Parses and checks text already decoded. */
    public static Result check(SourceFile file) {
        return check(file, new Diagnostics());
    }

    private static Result check(SourceFile file, Diagnostics sink) {
        Optional<CheckedProgram> checked = Optional.empty();
        try {
            Optional<Program> ast = Parsing.parse(file, sink);
            if (ast.isPresent()) {
                checked = Checker.check(ast.get(), sink);
            }
        } catch (StackOverflowError tooDeep) {
            sink.report(ErrorCode.E0004, new Span(file, 0, 0), "this file nests too deeply for nnc to check",
                    "split long or deeply nested expressions into several bindings");
            checked = Optional.empty();
        }
        return new Result(file, sink.sorted(), checked);
    }
}

package nnc.compiler.ast;

import java.util.List;
import nnc.compiler.source.SourceFile;

/** A whole {@code .nn} file: its models, blocks and train sections in source order. */
public record Program(SourceFile file, List<Decl> decls) {
    public Program {
        decls = List.copyOf(decls);
    }
}

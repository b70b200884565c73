package nnc.compiler.syntax;

import nnc.compiler.source.Span;

/** Abandons a parse or an AST build that nests too deeply; becomes diagnostic E0004. */
final class NestingTooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Span where;

    NestingTooDeep(Span where) {
        super("nesting too deep", null, false, false);
        this.where = where;
    }

    Span where() {
        return where;
    }
}

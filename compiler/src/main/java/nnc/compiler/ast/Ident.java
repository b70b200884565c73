package nnc.compiler.ast;

import nnc.compiler.source.Span;

/** A name as written in the source, with its position. */
public record Ident(String text, Span span) {
    @Override
    public String toString() {
        return text;
    }
}

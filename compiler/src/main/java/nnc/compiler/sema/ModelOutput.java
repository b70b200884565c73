package nnc.compiler.sema;

import nnc.compiler.ast.Stmt;

/** An output of a model: the binding (or input) named by {@code output name}. */
public record ModelOutput(String name, Stmt.Output stmt, Symbol value) {
}

package nnc.compiler.sema;

import nnc.compiler.ast.Stmt;

/** An input or target of a model ({@code decl.kind()} says which) with its checked type. */
public record ModelInput(String name, Stmt.Input decl, Type.Tensor type) {
}

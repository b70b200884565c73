package nnc.compiler.sema;

import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Stmt;

/**
 * {@code name = value} in a model or block, in source order (or, for a {@link Step.Collect},
 * the stacked values of a loop). {@code stmt} is the
 * {@link Stmt.Bind} or the {@link Stmt.Output} ({@code output name = value}) it came from.
 * Its type is {@code scope.type(value)} in the scope of the model or block instance it is in.
 */
public record Binding(String name, Stmt stmt, Expr value) implements Step {
}

package nnc.compiler.sema;

import nnc.compiler.ast.Stmt;

/**
 * A trainable parameter. {@code path} is its full name: {@code W1} for a model's own parameter,
 * {@code h1.W} for one a block call created, {@code r1.a.W} for nested block calls. The shape
 * is fixed (no symbolic dimensions).
 */
public record ModelParam(String path, Stmt.Param decl, Type.Tensor type, Init init) {
}

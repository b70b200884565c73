package nnc.compiler.sema;

import nnc.compiler.ast.Stmt;

/**
 * A state tensor: non-trainable, updated by training steps (batch-norm running statistics),
 * saved with checkpoints, never touched by an optimizer. {@code path} is its full name, as for
 * parameters: {@code running_mean} in a model, {@code bn1.running_mean} when a block call
 * created it. The shape is fixed and every element starts at {@code init}.
 */
public record ModelState(String path, Stmt.State decl, Type.Tensor type, double init) {
}

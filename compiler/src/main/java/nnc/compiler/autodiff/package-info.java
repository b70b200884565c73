/**
 * Symbolic reverse-mode differentiation on the graph IR.
 *
 * <p>{@link nnc.compiler.autodiff.Autodiff#differentiate} adds the gradient of a graph's loss
 * for every parameter (and requested inputs) as ordinary nodes;
 * {@link nnc.compiler.autodiff.Autodiff#gradients} and {@link nnc.compiler.autodiff.Autodiff#vjp}
 * work on any node, so lowering uses them for the language's {@code grad(expr, wrt)} and the
 * result can be differentiated again. The per-op rules are one exhaustive switch in
 * {@code VjpRules}; the driver owns order, fan-out sums, un-broadcasting, symbolic zeros and
 * stop-gradient.
 */
package nnc.compiler.autodiff;

/**
 * The graph IR: a typed, immutable DAG of primitive operations in SSA form.
 *
 * <ul>
 *   <li>{@link nnc.compiler.ir.Op}: the closed set of primitives (leaves, elementwise unary,
 *       binary with numpy broadcasting, select, and structural ops: broadcast, reductions,
 *       reshape, transpose, matmul, one-hot, log-softmax). Every rule table elsewhere is an
 *       exhaustive {@code switch} over it without {@code default}.</li>
 *   <li>{@link nnc.compiler.ir.Type}: dtype ({@code nnc.runtime.DType}) and shape (list of
 *       {@code nnc.runtime.Dim}, fixed or the symbolic batch); scalars have the empty shape.</li>
 *   <li>{@link nnc.compiler.ir.Attr}: the sealed family of attributes (leaf name and type,
 *       scalar value, axes, permutation, shape, …), values usable as interning keys.</li>
 *   <li>{@link nnc.compiler.ir.Node}: op, operands, attr, type, span and id; compared by
 *       identity. Created only by a {@link nnc.compiler.ir.GraphBuilder}, one per compilation,
 *       which interns nodes (CSE for free) and type-checks each with
 *       {@link nnc.compiler.ir.TypeRules}. Ids are creation order, hence topological.
 *       {@code builder.at(span)} gives an {@link nnc.compiler.ir.Emit} with one typed method
 *       per op: {@code e.matmul(x, w)}, {@code e.reduceSum(x, List.of(0))}.</li>
 *   <li>{@link nnc.compiler.ir.Graph}: the reachable nodes in topological order plus named
 *       roles (declared inputs, targets, params, state; outputs; loss; parameter and input
 *       gradients; state updates). Immutable; {@code with…} methods return new graphs.</li>
 *   <li>{@link nnc.compiler.ir.IrPrinter} / {@link nnc.compiler.ir.IrParser}: the textual IR,
 *       {@code %12 = matmul %3, %7 : f32[batch, 256]  @ mlp.nn:9:12}.</li>
 *   <li>{@link nnc.compiler.ir.Shapes}: broadcasting and axis arithmetic.</li>
 * </ul>
 *
 * <p>Typical use: {@code var b = new GraphBuilder(); var e = b.at(span);
 * var x = e.input("x", type); … Graph g = Graph.of(b, List.of(x, w)).withOutput("y", y)
 * .withLoss(l);} then {@code nnc.compiler.autodiff.Autodiff.differentiate(g, …)}, the passes
 * in {@code nnc.compiler.pass}, and {@code nnc.compiler.interp.Interpreter} to run it.
 */
package nnc.compiler.ir;

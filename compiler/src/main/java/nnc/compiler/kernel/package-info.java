/**
 * Kernel IR: the loops a model runs, between the graph IR and bytecode.
 *
 * <ul>
 *   <li>{@link nnc.compiler.kernel.Kernel}: a few sealed kernel kinds over
 *       {@link nnc.compiler.kernel.Slot}s: a fused elementwise loop whose body is a scalar
 *       expression DAG ({@link nnc.compiler.kernel.Body} of {@link nnc.compiler.kernel.Expr}),
 *       possibly writing several results; a matmul with transposed operands and a fused
 *       elementwise epilogue (bias, activation, the activation's derivative, weight decay); a
 *       reduction of a fused body; log-softmax per row with an epilogue (softmax); one-hot.
 *       Loads carry index maps, so broadcasts, transposes and reshapes cost nothing.</li>
 *   <li>{@link nnc.compiler.kernel.Scheduler}: graph IR to the kernels of one entry method
 *       ({@link nnc.compiler.kernel.Entry}), deterministically; the fusion rules are on the
 *       class. {@link nnc.compiler.kernel.Form} is its table over the IR's ops.</li>
 *   <li>{@link nnc.compiler.kernel.MemoryPlan}: slots to {@link nnc.compiler.kernel.Buffer}s,
 *       reusing workspace arrays between temporaries whose lifetimes do not overlap and between
 *       entry methods; sizes are {@link nnc.compiler.kernel.Extent}s, polynomials in the batch.</li>
 * </ul>
 */
package nnc.compiler.kernel;

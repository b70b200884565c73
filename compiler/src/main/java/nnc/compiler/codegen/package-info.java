/**
 * The bytecode back end: kernel IR ({@link nnc.compiler.kernel}) to one JVM class per model.
 *
 * <p>{@link nnc.compiler.codegen.ModelCompiler#compile} schedules the entry methods
 * ({@code infer}, {@code evaluate}, {@code trainStep}), plans memory and hands the kernels to
 * {@link nnc.compiler.codegen.ClassEmitter}, which writes a final subclass of
 * {@link nnc.runtime.CompiledModel}: one array field per buffer, one private method per kernel
 * (each with the {@code .nn} line of the node it computes in its LineNumberTable), the
 * accessors and a static {@code SIGNATURE}. One emitter per kernel kind
 * ({@link nnc.compiler.codegen.LoopNest} for elementwise and reduce loops,
 * {@link nnc.compiler.codegen.MatMulEmitter}, {@link nnc.compiler.codegen.RowEmitters} for
 * log-softmax and one-hot), and one shared scalar-op table,
 * {@link nnc.compiler.codegen.ScalarOps}, an exhaustive switch over {@code Op}.
 * {@link nnc.compiler.codegen.ModelLoader} defines classes in-process;
 * {@link nnc.compiler.codegen.ModelJar} packs them with their signature.
 *
 * <h2>What C2 vectorizes (JDK 17 and 25, measured on the project's machine)</h2>
 *
 * <ul>
 *   <li>A loop vectorizes only when every array access in it has the same loop-invariant
 *       offset, or none: {@code c[co + j] += a * b[bo + j]} with two different row offsets ran
 *       at 6 GFLOP/s (scalar), the same loop with one shared offset at 20, and over zero-offset
 *       arrays at 37 (axpy over 256 floats in L1). SuperWord treats two float arrays as possibly
 *       the same array and can only prove independence when the offsets are comparable. Hence:
 *       every buffer is its own array (two slots in one arena would be two offsets of one
 *       array), elementwise loops over same-shaped operands collapse to one zero-offset loop,
 *       and a matmul packs its right operand into an array of rows and accumulates rows of C in
 *       zero-offset scratch rows (4 rows at a time: 32–44 GFLOP/s; 1 row with k unrolled by 4:
 *       37–45).</li>
 *   <li>C2 inlines hot methods up to 325 bytes of bytecode ({@code FreqInlineSize}); inlined
 *       into the matmul's driver (with its packing copies and the epilogues), the
 *       accumulation loop compiled to scalar code: W1's first layer at batch 32 took 1.8 ms,
 *       0.3 ms when the block was compiled on its own. So block methods stay above 325 bytes.</li>
 *   <li>Methods over 8000 bytes of bytecode are never compiled: every generated method stays
 *       far below (tests check).</li>
 * </ul>
 *
 * <p>Figures from {@code tests/…/codegen/W1Bench} and {@code KernelBench} on a shared 2-core
 * machine (±30% between runs): W1 (784-256-128-10) train step 106 µs at batch 1 and 0.83 ms at
 * batch 32, about the hand-written 4-row blocked baseline of issue 6 (97 µs, 0.83 ms).
 */
package nnc.compiler.codegen;

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
 *       a matmul reads rows of B from zero-offset rows (packed, or streamed through scratch
 *       rows) and accumulates rows of C in zero-offset scratch rows, and an epilogue copies the
 *       rows it loads to zero-offset rows first.</li>
 *   <li>The matmul micro-kernel ({@link nnc.compiler.codegen.BlockEmitter}) folds two steps of
 *       k into each pass over four accumulator rows as {@code Math.fma} chains (50–66 GFLOP/s
 *       against 32–34 for the 4-row axpy); longer chains, more rows per pass, and
 *       {@code a·b + c·d + acc} without fma all fell back to scalar code.</li>
 *   <li>C2 inlines hot methods up to 325 bytes of bytecode ({@code FreqInlineSize}); the
 *       unrolled k loop ran at half speed when its method also held the remainder loop (47 vs
 *       64 GFLOP/s) or the epilogue calls (32), and in an early version inlined into the driver
 *       it compiled to scalar code. So it has a method of its own ({@code name$blockR}) above
 *       325 bytes (a test checks), the remainder steps another ({@code name$startR}), and the
 *       rows method calls the epilogues.</li>
 *   <li>A comparison yields an int diamond converted to a float: C2 turns it into a conditional
 *       move, while a diamond of float constants stays a branch (x86 has no float cmov) that
 *       mispredicts on ReLU masks (3.4 ns against 0.6 ns per element).</li>
 *   <li>Methods over 8000 bytes of bytecode are never compiled: every generated method stays
 *       far below (tests check).</li>
 * </ul>
 *
 * <h2>Row ranges</h2>
 *
 * <p>Each matmul has a method {@code name$rows(n, batch, lo, hi, work)} computing rows
 * {@code [lo, hi)} of one product with its epilogue, writing only those rows of its results and
 * using only the scratch rows {@code work} (a {@code [rows][n]} array shaped like the
 * {@code mmWork} field); with {@code --simd vector} also {@code name$vrows(n, batch, lo, hi,
 * product rows, work)}. The right operand is packed before either runs (once per call, by
 * {@code name(n)}), so disjoint row ranges with their own scratch rows can run in parallel and
 * give the same bits as one call over {@code [0, m)}.
 *
 * <p>The Vector API back end ({@code --simd vector}) is {@link nnc.compiler.codegen.VectorKernels}
 * on the generated side and {@code nnc.runtime.simd} in the runtime; see
 * {@code docs/performance.md}, "The kernels".
 */
package nnc.compiler.codegen;

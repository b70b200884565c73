package nnc.compiler.codegen;

import nnc.compiler.kernel.MemoryPlan;
import nnc.runtime.DType;
import org.objectweb.asm.Type;

/**
 * What every emitter of one generated class needs to know: the class, where each slot lives,
 * and the model's float type.
 *
 * @param owner the generated class
 * @param plan  the memory plan (slot to field)
 * @param dtype the model's float type
 * @param vector whether matmuls call the runtime's Vector API kernels when they are available
 */
record ClassLayout(Type owner, MemoryPlan plan, DType dtype, boolean vector) {
    /** The static field holding the {@code nnc.runtime.simd.Gemm} kernels, or null (vector classes). */
    static final String GEMM = "GEMM";
    /** The packed right operand of the Vector API kernels ({@code float[]}, vector classes). */
    static final String PANEL = "mmPanel";
    /** The product rows the Vector API kernels write for the epilogue ({@code [maxRows][row length]}). */
    static final String VEC = "mmVec";
    /** Scratch rows a matmul packs its right operand into ({@code [k][n]}). */
    static final String PACK = "mmPack";
    /**
     * A matmul's work rows ({@code [rows][n]}): the accumulator rows of a row block, the rows of
     * B a block streams, and the rows an epilogue stages its results in (see
     * {@link BlockEmitter} and {@link EpilogueEmitter#STAGE}). Passed to the rows method as an
     * argument, so a caller running row ranges in parallel can give each its own.
     */
    static final String WORK = "mmWork";
    /** Rows of C a matmul computes together. */
    static final int ROWS = 8;

    /** The JVM type of float values. */
    Type value() {
        return Jvm.element(dtype);
    }
}

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
 */
record ClassLayout(Type owner, MemoryPlan plan, DType dtype) {
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
    static final int ROWS = 4;

    /** The JVM type of float values. */
    Type value() {
        return Jvm.element(dtype);
    }
}

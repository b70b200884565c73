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
    /** Scratch accumulator rows of a matmul's row block ({@code [ROWS][n]}). */
    static final String ACC = "mmAcc";
    /** Scratch rows an epilogue writes its results to before copying them out ({@code [outs][n]}). */
    static final String STAGE = "mmStage";
    /** Rows of C a matmul computes together. */
    static final int ROWS = 4;

    /** The JVM type of float values. */
    Type value() {
        return Jvm.element(dtype);
    }
}

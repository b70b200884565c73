package nnc.compiler.codegen;

import nnc.runtime.DType;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/** JVM types of nnc dtypes. */
final class Jvm {
    private Jvm() {
    }

    /** The element type of an array of {@code dtype}. */
    static Type element(DType dtype) {
        return switch (dtype) {
            case F32 -> Type.FLOAT_TYPE;
            case F64 -> Type.DOUBLE_TYPE;
            case I32 -> Type.INT_TYPE;
        };
    }

    /** The array type holding {@code dtype}. */
    static Type array(DType dtype) {
        return Type.getType("[" + element(dtype).getDescriptor());
    }

    /** The array-of-rows type holding {@code dtype} (scratch rows). */
    static Type rows(DType dtype) {
        return Type.getType("[[" + element(dtype).getDescriptor());
    }

    /** Pushes 0 of the value type {@code t} (float or double). */
    static void pushZero(GeneratorAdapter g, Type t) {
        if (t.equals(Type.FLOAT_TYPE)) {
            g.push(0f);
        } else {
            g.push(0d);
        }
    }
}

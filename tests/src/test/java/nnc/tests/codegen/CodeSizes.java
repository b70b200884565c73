package nnc.tests.codegen;

import java.util.Map;
import nnc.compiler.codegen.CompiledClass;

/** The bytecode size of every generated method, for tests outside this package. */
public final class CodeSizes {
    /** Bytecode bytes HotSpot still JIT-compiles a method of (it never compiles a larger one). */
    public static final int HUGE_METHOD = Harness.HUGE_METHOD;

    private CodeSizes() {
    }

    /** The bytecode length of every method of {@code c}, by name and descriptor. */
    public static Map<String, Integer> of(CompiledClass c) {
        return Harness.codeSizes(c);
    }
}

package nnc.compiler.codegen;

import java.util.Locale;
import java.util.Optional;

/**
 * Which matrix-product kernels a generated class runs ({@code --simd}).
 */
public enum SimdMode {
    /** Scalar loops that C2 vectorizes: runs on every JVM (the default). */
    SCALAR,
    /**
     * The runtime's Vector API kernels ({@code nnc.runtime.simd}) for f32 matmuls of 16 rows or
     * more, when the JVM runs with {@code --add-modules jdk.incubator.vector} and not
     * {@code -Dnnc.simd=scalar}; otherwise the same class runs its scalar loops.
     */
    VECTOR;

    /** The option's spelling: {@code scalar} or {@code vector}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode spelled {@code text} ({@code scalar} or {@code vector}). */
    public static Optional<SimdMode> parse(String text) {
        for (SimdMode m : values()) {
            if (m.optionName().equals(text)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}

package nnc.runtime;

/** The element types a model's arrays can hold: {@code float[]}, {@code double[]} or {@code int[]}. */
public enum DType {
    /** 32-bit IEEE float, stored in {@code float[]}; the default for speed. */
    F32(4, "F32"),
    /** 64-bit IEEE float, stored in {@code double[]}; used to gradient-check the very same model. */
    F64(8, "F64"),
    /** 32-bit signed integer, stored in {@code int[]}; class labels and token indices. */
    I32(4, "I32");

    private final int bytes;
    private final String safetensorsName;

    DType(int bytes, String safetensorsName) {
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype string safetensors uses for this type ({@code "F32"}, {@code "F64"}, {@code "I32"}). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The name used in {@code .nn} source and in messages: {@code f32}, {@code f64}, {@code i32}. */
    public String sourceName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether values of this type are floating point. */
    public boolean isFloat() {
        return this != I32;
    }
}

package nnc.compiler.sema;

import java.util.List;
import java.util.stream.Collectors;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * The type of a value expression: a tensor with a dtype and a shape, or {@link #ERROR} for an
 * expression whose checking failed. Operations on {@code ERROR} yield {@code ERROR} silently,
 * so one mistake is reported once, not once per use.
 */
public sealed interface Type {
    /** The type of expressions that already have an error reported. */
    Error ERROR = new Error();

    /** A tensor of {@code dtype} with {@code shape}; the empty shape is a scalar. */
    record Tensor(DType dtype, List<Dim> shape) implements Type {
        public Tensor {
            shape = List.copyOf(shape);
        }

        /** An f32 tensor with the given shape. */
        public static Tensor f32(List<Dim> shape) {
            return new Tensor(DType.F32, shape);
        }

        /** A scalar of {@code dtype}. */
        public static Tensor scalar(DType dtype) {
            return new Tensor(dtype, List.of());
        }

        public int rank() {
            return shape.size();
        }

        public boolean isScalar() {
            return shape.isEmpty();
        }

        public Tensor withShape(List<Dim> newShape) {
            return new Tensor(dtype, newShape);
        }

        public Tensor withDType(DType newDType) {
            return new Tensor(newDType, shape);
        }

        /** As written in source: {@code [batch, 784]} for f32, {@code i32[batch]} otherwise. */
        @Override
        public String toString() {
            String dims = shape.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
            return dtype == DType.F32 ? dims : dtype.sourceName() + dims;
        }
    }

    /** The error type; see {@link Type#ERROR}. */
    record Error() implements Type {
        @Override
        public String toString() {
            return "<error>";
        }
    }
}

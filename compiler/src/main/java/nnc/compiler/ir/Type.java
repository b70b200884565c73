package nnc.compiler.ir;

import java.util.List;
import java.util.stream.Collectors;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * The static type of an IR value: element type and shape, outermost dimension first. A scalar
 * has the empty shape. At most one dimension name (the batch) occurs in a model.
 *
 * @param dtype the element type
 * @param shape the dimensions
 */
public record Type(DType dtype, List<Dim> shape) {
    public Type {
        shape = List.copyOf(shape);
    }

    /** A scalar of the given dtype. */
    public static Type scalar(DType dtype) {
        return new Type(dtype, List.of());
    }

    /** A type with fixed dimensions only. */
    public static Type of(DType dtype, int... dims) {
        return new Type(dtype, java.util.Arrays.stream(dims).mapToObj(Dim::of).toList());
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.size();
    }

    /** Whether this is a scalar (rank 0). */
    public boolean isScalar() {
        return shape.isEmpty();
    }

    /** Dimension {@code i}. */
    public Dim dim(int i) {
        return shape.get(i);
    }

    /** The same dtype with another shape. */
    public Type withShape(List<Dim> newShape) {
        return new Type(dtype, newShape);
    }

    /** The same shape with another dtype. */
    public Type withDtype(DType newDtype) {
        return new Type(newDtype, shape);
    }

    /** The number of elements when every symbolic dimension has size {@code batch}. */
    public long elements(int batch) {
        long n = 1;
        for (Dim d : shape) {
            n *= d.size(batch);
        }
        return n;
    }

    /** The sizes of the dimensions when every symbolic dimension has size {@code batch}. */
    public int[] dims(int batch) {
        return shape.stream().mapToInt(d -> d.size(batch)).toArray();
    }

    /** {@code f32[batch, 256]}; a scalar prints as {@code f32[]}. */
    @Override
    public String toString() {
        return dtype.sourceName() + shapeText(shape);
    }

    /** {@code [batch, 256]}. */
    public static String shapeText(List<Dim> shape) {
        return shape.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}

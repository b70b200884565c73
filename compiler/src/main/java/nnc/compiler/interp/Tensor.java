package nnc.compiler.interp;

import java.util.Arrays;
import nnc.runtime.DType;

/**
 * A value of the reference interpreter: a dtype, a shape and the elements, row-major, as doubles
 * (i32 values hold exact integers). Immutable: factories and accessors copy.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final double[] data;

    private Tensor(DType dtype, int[] shape, double[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** A tensor with a copy of {@code data}; its length must be the product of {@code shape}. */
    public static Tensor of(DType dtype, int[] shape, double[] data) {
        if (count(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
                    + count(shape) + " elements, got " + data.length);
        }
        return new Tensor(dtype, shape.clone(), data.clone());
    }

    /** A scalar. */
    public static Tensor scalar(DType dtype, double value) {
        return new Tensor(dtype, new int[0], new double[] {value});
    }

    /** Takes ownership of {@code data} (interpreter-internal). */
    static Tensor wrap(DType dtype, int[] shape, double[] data) {
        return new Tensor(dtype, shape, data);
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the elements. */
    public double[] toArray() {
        return data.clone();
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** Element {@code i} in row-major order. */
    public double at(int i) {
        return data[i];
    }

    /** The only element of a one-element tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("not a single element: shape " + Arrays.toString(shape));
        }
        return data[0];
    }

    /** The same elements with element {@code i} replaced. */
    public Tensor with(int i, double value) {
        double[] copy = data.clone();
        copy[i] = value;
        return new Tensor(dtype, shape, copy);
    }

    int[] rawShape() {
        return shape;
    }

    double[] raw() {
        return data;
    }

    static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return dtype.sourceName() + Arrays.toString(shape) + Arrays.toString(data);
    }
}

package nnc.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The name, element type and shape of one array a model exposes (an input, target, output,
 * parameter, gradient or state tensor). Arrays are flat and row-major.
 *
 * @param name  the name in the model source, e.g. {@code x} or {@code h1.W}
 * @param dtype the element type
 * @param shape the dimensions, outermost first; at most the first may be symbolic (the batch)
 */
public record TensorSpec(String name, DType dtype, List<Dim> shape) {
    public TensorSpec {
        shape = List.copyOf(shape);
    }

    /** Whether the first dimension is the symbolic batch dimension. */
    public boolean isBatched() {
        return !shape.isEmpty() && shape.get(0) instanceof Dim.Symbolic;
    }

    /** The number of elements when the batch dimension (if any) has size {@code batch}. */
    public long elements(int batch) {
        long n = 1;
        for (Dim d : shape) {
            n *= d.size(batch);
        }
        return n;
    }

    /** The number of elements per batch row: the product of every dimension after the batch. */
    public int rowElements() {
        long n = 1;
        for (int i = isBatched() ? 1 : 0; i < shape.size(); i++) {
            n *= shape.get(i).size(1);
        }
        return Math.toIntExact(n);
    }

    /** The shape as the sizes it has when the batch dimension has size {@code batch}. */
    public int[] dims(int batch) {
        int[] out = new int[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i).size(batch);
        }
        return out;
    }

    /** Renders like the source: {@code x: f32[batch, 784]}. */
    @Override
    public String toString() {
        return name + ": " + dtype.sourceName()
                + shape.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}

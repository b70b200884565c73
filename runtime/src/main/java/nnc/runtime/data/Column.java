package nnc.runtime.data;

import nnc.runtime.DType;

/**
 * One column of a dataset: {@code rows × width} values of one dtype, row-major, in a
 * {@code float[]}, {@code double[]} or {@code int[]} — the layout of the model array it feeds,
 * so a batch is copied with {@link System#arraycopy} and nothing is converted during training.
 *
 * @param name  the model tensor it feeds (e.g. {@code x}, {@code y})
 * @param dtype the element type
 * @param width values per row
 * @param data  the values
 */
public record Column(String name, DType dtype, int width, Object data) {
    public Column {
        Class<?> want = switch (dtype) {
            case F32 -> float[].class;
            case F64 -> double[].class;
            case I32 -> int[].class;
        };
        if (data.getClass() != want || width <= 0 || java.lang.reflect.Array.getLength(data) % width != 0) {
            throw new IllegalArgumentException("column " + name + ": data must be a " + want.getSimpleName()
                    + " holding whole rows of " + width);
        }
    }

    /** The number of rows. */
    public int rows() {
        return java.lang.reflect.Array.getLength(data) / width;
    }

    /** Value {@code j} of row {@code row}, as a double. */
    public double get(int row, int j) {
        int i = row * width + j;
        return switch (dtype) {
            case F32 -> ((float[]) data)[i];
            case F64 -> ((double[]) data)[i];
            case I32 -> ((int[]) data)[i];
        };
    }

    /** A column of {@code dtype} holding {@code values} (rows × width, row-major), converted. */
    public static Column of(String name, DType dtype, int width, double[] values) {
        Object data = switch (dtype) {
            case F32 -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                yield f;
            }
            case F64 -> values.clone();
            case I32 -> {
                int[] n = new int[values.length];
                for (int i = 0; i < n.length; i++) {
                    n[i] = (int) values[i];
                }
                yield n;
            }
        };
        return new Column(name, dtype, width, data);
    }

    /** The rows listed in {@code rows}, in that order, as a new column. */
    public Column select(int[] rows) {
        Object out = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), rows.length * width);
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(data, rows[k] * width, out, k * width, width);
        }
        return new Column(name, dtype, width, out);
    }
}

package nnc.compiler.interp;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import nnc.runtime.DType;

/** Straightforward loops over {@link Tensor}s: the array side of the interpreter's semantics. */
final class Kernels {
    private Kernels() {
    }

    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        double[] in = x.raw();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = f.applyAsDouble(in[i]);
        }
        return Tensor.wrap(x.dtype(), x.rawShape(), out);
    }

    static Tensor map(Tensor x, DType dtype, DoubleUnaryOperator f) {
        Tensor y = map(x, f);
        return Tensor.wrap(dtype, y.rawShape(), y.raw());
    }

    static Tensor zip(Tensor a, Tensor b, int[] shape, DoubleBinaryOperator f) {
        double[] x = gather(a, shape);
        double[] y = gather(b, shape);
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(x[i], y[i]);
        }
        return Tensor.wrap(b.dtype(), shape, out);
    }

    static Tensor select(Tensor c, Tensor a, Tensor b, int[] shape) {
        double[] cond = gather(c, shape);
        double[] x = gather(a, shape);
        double[] y = gather(b, shape);
        double[] out = new double[cond.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = cond[i] != 0 ? x[i] : y[i];
        }
        return Tensor.wrap(a.dtype(), shape, out);
    }

    static Tensor broadcast(Tensor x, int[] shape) {
        return Tensor.wrap(x.dtype(), shape, gather(x, shape));
    }

    /** Sum (or max) over {@code axes}, dropping them. */
    static Tensor reduce(Tensor x, List<Integer> axes, boolean max, int[] outShape) {
        int[] keep = x.shape();
        for (int axis : axes) {
            keep[axis] = 1;
        }
        int[] target = offsets(x.rawShape(), strides(keep, x.rawShape()));
        double[] out = new double[Tensor.count(outShape)];
        java.util.Arrays.fill(out, max ? Double.NEGATIVE_INFINITY : 0.0);
        double[] in = x.raw();
        for (int i = 0; i < in.length; i++) {
            int o = target[i];
            out[o] = max ? Math.max(out[o], in[i]) : out[o] + in[i];
        }
        return Tensor.wrap(x.dtype(), outShape, out);
    }

    static Tensor transpose(Tensor x, List<Integer> perm, int[] outShape) {
        int[] inStrides = strides(x.rawShape(), x.rawShape());
        int[] s = new int[perm.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = inStrides[perm.get(i)];
        }
        int[] from = offsets(outShape, s);
        double[] out = new double[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.raw()[from[i]];
        }
        return Tensor.wrap(x.dtype(), outShape, out);
    }

    /**
     * A slice ({@code pad} false: result index j reads operand index start + j along the axis)
     * or a zero pad (operand index j lands at result index start + j).
     */
    static Tensor window(Tensor x, nnc.compiler.ir.Attr.Window w, boolean pad, int[] outShape) {
        int[] in = x.rawShape();
        int inner = 1;
        for (int i = w.axis() + 1; i < in.length; i++) {
            inner *= in[i];
        }
        int outer = x.size() / (in[w.axis()] * inner);
        int inLen = in[w.axis()];
        int outLen = outShape[w.axis()];
        int len = pad ? inLen : outLen;
        double[] out = new double[outer * outLen * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < len; j++) {
                int from = (o * inLen + (pad ? j : w.start() + j)) * inner;
                int to = (o * outLen + (pad ? w.start() + j : j)) * inner;
                System.arraycopy(x.raw(), from, out, to, inner);
            }
        }
        return Tensor.wrap(x.dtype(), outShape, out);
    }

    /** The index along {@code axis} at every element of {@code shape}. */
    static Tensor iota(DType dtype, int[] shape, int axis) {
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        double[] out = new double[Tensor.count(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (i / inner) % shape[axis];
        }
        return Tensor.wrap(dtype, shape, out);
    }

    /** {@code [m,k] @ [k,n]} or {@code [b,m,k] @ [b,k,n]}. */
    static Tensor matmul(Tensor a, Tensor b, int[] outShape) {
        int r = outShape.length;
        int batches = r == 3 ? outShape[0] : 1;
        int m = outShape[r - 2];
        int n = outShape[r - 1];
        int k = a.rawShape()[r - 1];
        int bStride = b.rawShape().length == r ? k * n : 0;
        double[] out = new double[batches * m * n];
        for (int t = 0; t < batches; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        acc += a.raw()[(t * m + i) * k + p] * b.raw()[t * bStride + p * n + j];
                    }
                    out[(t * m + i) * n + j] = acc;
                }
            }
        }
        return Tensor.wrap(a.dtype(), outShape, out);
    }

    /**
     * {@code IM2COL} ({@code adjoint} false): {@code cols[n][(c·kh + i)·kw + j][y·OW + x] =
     * img[n][c][y·s - p + i][x·s - p + j]}, zero outside the image; {@code COL2IM} ({@code adjoint}
     * true) adds each column element back to that image element instead.
     */
    static Tensor patches(Tensor x, nnc.compiler.ir.Attr.Patches p, boolean adjoint, int[] outShape) {
        int[] img = adjoint ? outShape : x.rawShape();
        int n = img[0];
        int channels = img[1];
        int oh = p.outH();
        int ow = p.outW();
        double[] in = x.raw();
        double[] out = new double[Tensor.count(outShape)];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < p.kh(); i++) {
                    for (int j = 0; j < p.kw(); j++) {
                        int row = (b * channels + c) * p.kh() * p.kw() + i * p.kw() + j;
                        for (int y = 0; y < oh; y++) {
                            for (int xx = 0; xx < ow; xx++) {
                                int iy = y * p.stride() - p.padding() + i;
                                int ix = xx * p.stride() - p.padding() + j;
                                if (iy < 0 || iy >= p.h() || ix < 0 || ix >= p.w()) {
                                    continue;
                                }
                                int col = (row * oh + y) * ow + xx;
                                int pixel = ((b * channels + c) * p.h() + iy) * p.w() + ix;
                                if (adjoint) {
                                    out[pixel] += in[col];
                                } else {
                                    out[col] = in[pixel];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.wrap(x.dtype(), outShape, out);
    }

    /** Element {@code i} is {@code RandomStream.uniform(key(seed, stream, step), i)}. */
    static Tensor random(nnc.compiler.ir.Attr.Random attr, int[] shape, long seed, long step) {
        long key = nnc.runtime.RandomStream.key(seed, attr.stream(), step);
        double[] out = new double[Tensor.count(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = nnc.runtime.RandomStream.uniform(key, i);
        }
        return Tensor.wrap(attr.dtype(), shape, out);
    }

    static Tensor oneHot(Tensor labels, int classes, DType dtype) {
        int[] shape = java.util.Arrays.copyOf(labels.rawShape(), labels.rawShape().length + 1);
        shape[shape.length - 1] = classes;
        double[] out = new double[labels.size() * classes];
        for (int i = 0; i < labels.size(); i++) {
            double label = labels.raw()[i];
            if (label < 0 || label >= classes || label != Math.rint(label)) {
                throw new IllegalArgumentException("label " + label + " at index " + i
                        + " is not a class index in [0, " + classes + ")");
            }
            out[i * classes + (int) label] = 1.0;
        }
        return Tensor.wrap(dtype, shape, out);
    }

    /** Row {@code indices[i]} of {@code table} as row i of the result. */
    static Tensor gather(Tensor table, Tensor indices, int[] outShape) {
        int rows = table.rawShape()[0];
        int d = table.rawShape()[1];
        double[] out = new double[indices.size() * d];
        for (int i = 0; i < indices.size(); i++) {
            int row = rowIndex(indices, i, rows);
            System.arraycopy(table.raw(), row * d, out, i * d, d);
        }
        return Tensor.wrap(table.dtype(), outShape, out);
    }

    /** Row i of {@code values} added to row {@code indices[i]} of a zero table. */
    static Tensor scatterAdd(Tensor values, Tensor indices, int[] outShape) {
        int rows = outShape[0];
        int d = outShape[1];
        double[] out = new double[rows * d];
        for (int i = 0; i < indices.size(); i++) {
            int row = rowIndex(indices, i, rows);
            for (int j = 0; j < d; j++) {
                out[row * d + j] += values.raw()[i * d + j];
            }
        }
        return Tensor.wrap(values.dtype(), outShape, out);
    }

    private static int rowIndex(Tensor indices, int i, int rows) {
        double index = indices.raw()[i];
        if (index < 0 || index >= rows || index != Math.rint(index)) {
            throw new IllegalArgumentException("index " + index + " at position " + i
                    + " is not a row of a table of " + rows + " rows");
        }
        return (int) index;
    }

    /** {@code x - max - log Σ exp(x - max)} along {@code axis}. */
    static Tensor logSoftmax(Tensor x, int axis) {
        int[] shape = x.rawShape();
        int n = shape[axis];
        int post = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            post *= shape[i];
        }
        int pre = x.size() / Math.max(1, n * post);
        double[] in = x.raw();
        double[] out = new double[in.length];
        for (int p = 0; p < pre; p++) {
            for (int q = 0; q < post; q++) {
                int base = p * n * post + q;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    m = Math.max(m, in[base + j * post]);
                }
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += Math.exp(in[base + j * post] - m);
                }
                double lse = m + Math.log(s);
                for (int j = 0; j < n; j++) {
                    out[base + j * post] = in[base + j * post] - lse;
                }
            }
        }
        return Tensor.wrap(x.dtype(), shape, out);
    }

    /** {@code x}'s elements laid out in the (broadcast) shape {@code shape}. */
    private static double[] gather(Tensor x, int[] shape) {
        int[] from = offsets(shape, strides(x.rawShape(), shape));
        double[] out = new double[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.raw()[from[i]];
        }
        return out;
    }

    /** Strides of {@code from} aligned right to {@code to}, 0 where {@code from} broadcasts. */
    private static int[] strides(int[] from, int[] to) {
        int[] s = new int[to.length];
        int stride = 1;
        for (int i = from.length - 1; i >= 0; i--) {
            s[i + to.length - from.length] = from[i] == 1 ? 0 : stride;
            stride *= from[i];
        }
        return s;
    }

    /** For each row-major index of {@code shape}, the offset {@code Σ index_i · strides_i}. */
    private static int[] offsets(int[] shape, int[] strides) {
        int[] out = new int[Tensor.count(shape)];
        int[] idx = new int[shape.length];
        int offset = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = offset;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d]++;
                offset += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                offset -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
        return out;
    }
}

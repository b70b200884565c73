package nnc.compiler.ir;

import java.util.List;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * The static attribute of a node: what, besides its operands, determines its value. Part of the
 * interning key, so every attribute is a value with structural equality (lists, never arrays).
 * Which attribute an op takes is stated in the op's documentation and checked by the type rules.
 */
public sealed interface Attr {
    /** The attribute of ops that have none. */
    None NONE = new None();

    /** No attribute. */
    record None() implements Attr {
        @Override
        public String toString() {
            return "";
        }
    }

    /** A named leaf (input, target, param, state) and its declared type. */
    record Leaf(String name, Type type) implements Attr {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The value of a scalar constant and its dtype. */
    record Scalar(double value, DType dtype) implements Attr {
        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** The symbolic dimension whose run-time size a {@code DIM_SIZE} node yields, as {@code dtype}. */
    record DimSize(String dim, DType dtype) implements Attr {
        @Override
        public String toString() {
            return dim;
        }
    }

    /** The target dtype of a cast. */
    record ToType(DType dtype) implements Attr {
        @Override
        public String toString() {
            return "to=" + dtype.sourceName();
        }
    }

    /** A result shape (broadcast, reshape). */
    record Shape(List<Dim> dims) implements Attr {
        public Shape {
            dims = List.copyOf(dims);
        }

        @Override
        public String toString() {
            return "shape=" + Type.shapeText(dims);
        }
    }

    /** Sorted, distinct axes of a reduction. */
    record Axes(List<Integer> axes) implements Attr {
        public Axes {
            axes = List.copyOf(axes);
        }

        @Override
        public String toString() {
            return "axes=" + axes.toString().replace(" ", "");
        }
    }

    /** An axis permutation: result axis {@code i} is operand axis {@code perm.get(i)}. */
    record Perm(List<Integer> perm) implements Attr {
        public Perm {
            perm = List.copyOf(perm);
        }

        @Override
        public String toString() {
            return "perm=" + perm.toString().replace(" ", "");
        }
    }

    /** One non-negative axis. */
    record Axis(int axis) implements Attr {
        @Override
        public String toString() {
            return "axis=" + axis;
        }
    }

    /**
     * A random tensor: its stream (distinct for every random layer of a model), shape and float
     * dtype.
     */
    record Random(long stream, List<Dim> shape, DType dtype) implements Attr {
        public Random {
            shape = List.copyOf(shape);
        }

        @Override
        public String toString() {
            return "stream=" + stream + " shape=" + Type.shapeText(shape);
        }
    }

    /** The number of classes of a one-hot encoding and its float dtype. */
    record OneHot(int classes, DType dtype) implements Attr {
        @Override
        public String toString() {
            return "classes=" + classes;
        }
    }

    /**
     * A window along one fixed axis, {@code size} being the length of the result's axis. For
     * {@code SLICE} the result is the operand's elements {@code start .. start+size}; for
     * {@code PAD} the operand lands at {@code start} of the result's axis and zeros fill the
     * rest. So the pad that undoes a slice has the slice's start and the operand's length.
     */
    record Window(int axis, int start, int size) implements Attr {
        @Override
        public String toString() {
            return "axis=" + axis + " start=" + start + " size=" + size;
        }
    }

    /** The number of rows of a {@code SCATTER_ADD}'s table. */
    record Rows(int rows) implements Attr {
        @Override
        public String toString() {
            return "rows=" + rows;
        }
    }

    /** The shape, counting axis and float dtype of an {@code IOTA}. */
    record Iota(List<Dim> shape, int axis, DType dtype) implements Attr {
        public Iota {
            shape = List.copyOf(shape);
        }

        @Override
        public String toString() {
            return "shape=" + Type.shapeText(shape) + " axis=" + axis;
        }
    }

    /**
     * The geometry of {@code IM2COL}/{@code COL2IM}: a {@code kh × kw} window moved by
     * {@code stride} over an {@code h × w} image padded by {@code padding} zeros on each side.
     */
    record Patches(int kh, int kw, int stride, int padding, int h, int w) implements Attr {
        /** The number of window positions down. */
        public int outH() {
            return (h + 2 * padding - kh) / stride + 1;
        }

        /** The number of window positions across. */
        public int outW() {
            return (w + 2 * padding - kw) / stride + 1;
        }

        @Override
        public String toString() {
            return "kernel=" + kh + "x" + kw + " stride=" + stride + " padding=" + padding + " image=" + h + "x" + w;
        }
    }
}

package nnc.runtime;

/**
 * One dimension of a tensor's shape: a fixed size, or a named symbolic size (the batch) that is
 * bound when a model instance is created (maximum) and when a step runs (actual).
 */
public sealed interface Dim {
    /** A dimension whose size is known when the model is compiled. */
    record Fixed(int size) implements Dim {
        public Fixed {
            if (size < 0) {
                throw new IllegalArgumentException("negative dimension " + size);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(size);
        }
    }

    /** A dimension named in the model, such as {@code batch}, whose size is given at run time. */
    record Symbolic(String name) implements Dim {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A fixed dimension of the given size. */
    static Dim of(int size) {
        return new Fixed(size);
    }

    /** A symbolic dimension with the given name. */
    static Dim of(String name) {
        return new Symbolic(name);
    }

    /** The size of this dimension when the symbolic dimension (if any) has size {@code batch}. */
    default int size(int batch) {
        return this instanceof Fixed f ? f.size() : batch;
    }
}

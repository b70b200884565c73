package nnc.runtime;

/**
 * The base class of every class {@code nnc} generates: it holds the signature and the maximum
 * batch, and gives generated code its argument checks and error messages, so that those live in
 * plain Java rather than in bytecode. Applications use the {@link Model} interface (or the
 * generated class's typed accessors) and never need this class directly.
 *
 * <p>It also holds the random layers' generator state: the seed ({@link #setSeed(long)}, 0 until
 * set) and the number of training steps run since, which generated code turns into one
 * {@link RandomStream#key} per random tensor and step.
 */
public abstract class CompiledModel implements Model {
    private final Signature signature;
    private final int maxBatch;
    private long seed;
    private long step;

    /**
     * Records the signature and the maximum batch of a new instance.
     *
     * @throws BatchSizeException if {@code maxBatch} is below 1
     */
    protected CompiledModel(Signature signature, int maxBatch) {
        if (maxBatch < 1) {
            throw new BatchSizeException(signature.modelName(), maxBatch, Integer.MAX_VALUE);
        }
        this.signature = signature;
        this.maxBatch = maxBatch;
    }

    @Override
    public final Signature signature() {
        return signature;
    }

    @Override
    public final int maxBatch() {
        return maxBatch;
    }

    /** Sets the seed of the random layers and restarts their step count, so a run repeats exactly. */
    @Override
    public void setSeed(long seed) {
        this.seed = seed;
        this.step = 0;
    }

    /** The number of training steps since the seed was set: the step the next {@code trainStep} draws for. */
    public final long randomStep() {
        return step;
    }

    /** The key of random tensor {@code stream} in the current step (see {@link RandomStream}). */
    protected final long randomKey(long stream) {
        return RandomStream.key(seed, stream, step);
    }

    /** Called at the end of each training step: the next step draws different numbers. */
    protected final void advanceStep() {
        step++;
    }

    /**
     * Checks that a step of {@code n} rows fits this instance.
     *
     * @throws BatchSizeException if {@code n} is not in {@code 1..maxBatch()}
     */
    protected final void checkBatch(int n) {
        if (n < 1 || n > maxBatch) {
            throw new BatchSizeException(signature.modelName(), n, maxBatch);
        }
    }

    /**
     * Checks that {@code array} can stand for parameter {@code i}: the array type of the
     * parameter's dtype and exactly its number of elements.
     *
     * @return the array, for the caller to store
     * @throws ShapeMismatchException if it cannot
     */
    protected final Object checkParam(int i, Object array) {
        TensorSpec spec = signature.params().get(checkIndex("parameter", i, signature.params().size()));
        long expected = spec.elements(maxBatch);
        long length = array == null ? -1 : lengthOf(array, spec.dtype());
        if (length != expected) {
            throw new ShapeMismatchException(signature.modelName() + ": parameter " + spec
                    + " needs a " + arrayName(spec.dtype()) + " of " + expected + " elements, got "
                    + describe(array));
        }
        return array;
    }

    /**
     * Checks an index into one of the signature's lists.
     *
     * @throws IndexOutOfBoundsException naming the list when {@code i} is outside it
     */
    protected final int checkIndex(String what, int i, int count) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(signature.modelName() + " has " + count + " "
                    + what + (count == 1 ? "" : "s") + ", no " + what + " " + i);
        }
        return i;
    }

    /** The exception for a step the model cannot run, such as training a model without a loss. */
    protected final NncRuntimeException unsupported(String what) {
        return new NncRuntimeException(signature.modelName() + ": " + what);
    }

    /**
     * The exception generated code throws when a class label is not a valid index.
     *
     * @param tensor  the name of the label tensor
     * @param index   the flat index of the bad label
     * @param label   the label found
     * @param classes the number of classes
     */
    protected final NncRuntimeException badLabel(String tensor, int index, int label, int classes) {
        return new NncRuntimeException(signature.modelName() + ": label " + label + " at index "
                + index + " of '" + tensor + "' is not a class index in [0, " + classes
                + "); fix the data or the number of classes");
    }

    /** The exception of generated code when an embedding index is not a row of its table. */
    protected final NncRuntimeException badIndex(String tensor, int index, int value, int rows) {
        return new NncRuntimeException(signature.modelName() + ": index " + value + " at position "
                + index + " of '" + tensor + "' is not a row of a table of " + rows
                + " rows (tokens must lie in [0, " + rows + ")); fix the data or the vocabulary size");
    }

    private static long lengthOf(Object array, DType dtype) {
        return switch (dtype) {
            case F32 -> array instanceof float[] a ? a.length : -1;
            case F64 -> array instanceof double[] a ? a.length : -1;
            case I32 -> array instanceof int[] a ? a.length : -1;
        };
    }

    private static String arrayName(DType dtype) {
        return switch (dtype) {
            case F32 -> "float[]";
            case F64 -> "double[]";
            case I32 -> "int[]";
        };
    }

    private static String describe(Object array) {
        if (array == null) {
            return "null";
        }
        if (array.getClass().isArray()) {
            return array.getClass().getComponentType().getName() + "[" + java.lang.reflect.Array.getLength(array) + "]";
        }
        return array.getClass().getName();
    }
}

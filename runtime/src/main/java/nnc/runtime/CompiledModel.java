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
public abstract class CompiledModel implements Model, AutoCloseable {
    /**
     * The default of {@link #setMinParallelWork(long)}: kernels with less work than this (in
     * multiply-adds or elementwise operations) run on the calling thread.
     */
    public static final long DEFAULT_MIN_PARALLEL_WORK = 1L << 18;

    private final Signature signature;
    private final int maxBatch;
    private long seed;
    private long step;
    private WorkerPool pool;
    private java.lang.ref.Cleaner.Cleanable poolCleanup;
    private long minParallelWork = DEFAULT_MIN_PARALLEL_WORK;
    private final WorkerPool.Task parts = this::runPart;

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

    /**
     * Splits each step's large kernels over {@code threads} threads: this one and
     * {@code threads - 1} daemon workers started now (and stopped by {@link #close()}, by the next
     * call, or when this instance becomes unreachable). 1, the default, runs every step on the
     * calling thread. Results do not depend on the thread count: every output element is computed
     * by one thread in the same order (see docs/performance.md, "Threads"). The instance is
     * still used from one thread at a time.
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public final void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(signature.modelName() + ": the thread count must be at least 1, got "
                    + threads);
        }
        close();
        if (threads > 1) {
            allocateParts(threads);
            WorkerPool p = new WorkerPool(threads);
            pool = p;
            poolCleanup = Cleanup.CLEANER.register(this, p::close);
        }
    }

    /** The number of threads a step runs on (1 unless {@link #setThreads(int)} said otherwise). */
    public final int threads() {
        return pool == null ? 1 : pool.threads();
    }

    /**
     * Sets the least work (multiply-adds of a matrix product, or elementwise operations) a kernel
     * must have to be split over the threads; smaller kernels run on the calling thread, where
     * waking the workers would cost more than it saves. Default {@link #DEFAULT_MIN_PARALLEL_WORK}.
     *
     * @throws IllegalArgumentException if {@code work} is negative
     */
    public final void setMinParallelWork(long work) {
        if (work < 0) {
            throw new IllegalArgumentException("the least parallel work cannot be negative, got " + work);
        }
        this.minParallelWork = work;
    }

    /** The ids of the worker threads (empty with one thread), e.g. to count their allocations. */
    public final long[] workerThreadIds() {
        return pool == null ? new long[0] : pool.workerThreadIds();
    }

    /** Stops the worker threads, if any; the instance then runs on one thread. Closing twice is harmless. */
    @Override
    public final void close() {
        if (pool != null) {
            poolCleanup.clean();
            pool = null;
            poolCleanup = null;
        }
    }

    /**
     * Generated code, at a kernel that can be split: when this instance has threads,
     * {@code work} is at least the least parallel work and the {@code range} the kernel splits
     * holds at least two blocks of {@code align}, runs the parts of kernel {@code job} on every
     * thread ({@link #runPart}) and returns true; otherwise returns false and the caller runs the
     * kernel whole (so a batch of 1, whose matmuls have one row, never wakes the workers for them).
     */
    protected final boolean parallel(int job, int n, int batch, long work, int range, int align) {
        WorkerPool p = pool;
        if (p == null || work < minParallelWork || range < 2 * align) {
            return false;
        }
        p.run(parts, job, n, batch);
        return true;
    }

    /** Generated code: part {@code part} of {@code parts} of kernel {@code job}, for a step of {@code n} rows. */
    protected void runPart(int job, int n, int batch, int part, int parts) {
        throw new IllegalStateException(signature.modelName() + " has no kernel " + job + " to split");
    }

    /** Generated code: allocates the per-thread scratch of {@code parts} threads. */
    protected void allocateParts(int parts) {
    }

    /**
     * The start of part {@code part} of {@code parts} of {@code [0, bound)}: about
     * {@code bound·part/parts}, rounded to a multiple of {@code align} (so every thread's range
     * starts where the whole loop would start a block); {@code bound} for the last part.
     */
    protected static int split(int bound, int part, int parts, int align) {
        if (part >= parts) {
            return bound;
        }
        long at = (long) bound * part / parts;
        long aligned = (at + align / 2) / align * align;
        return (int) Math.min(bound, aligned);
    }

    /**
     * Generated code, in {@link #allocateParts}: {@code parts} sets of scratch rows, the first
     * {@code first} itself, the others new arrays of its shape.
     */
    protected static float[][][] perPart(float[][] first, int parts) {
        float[][][] all = new float[parts][][];
        all[0] = first;
        for (int p = 1; p < parts; p++) {
            all[p] = new float[first.length][];
            for (int r = 0; r < first.length; r++) {
                all[p][r] = new float[first[r].length];
            }
        }
        return all;
    }

    /** {@link #perPart(float[][], int)} for f64 models. */
    protected static double[][][] perPart(double[][] first, int parts) {
        double[][][] all = new double[parts][][];
        all[0] = first;
        for (int p = 1; p < parts; p++) {
            all[p] = new double[first.length][];
            for (int r = 0; r < first.length; r++) {
                all[p][r] = new double[first[r].length];
            }
        }
        return all;
    }

    /** The cleaner that stops the workers of an instance nobody closed. */
    private static final class Cleanup {
        static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
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

package nnc.runtime;

/**
 * A compiled model: the interface every class {@code nnc} generates implements.
 *
 * <p>All arrays are allocated once, when the instance is created, sized for {@link #maxBatch()}
 * rows; after that no step allocates. Arrays are flat and row-major; batched arrays hold their
 * first {@code n} rows for a step of {@code n} samples. Array accessors return {@code float[]},
 * {@code double[]} or {@code int[]} as the tensor's {@link TensorSpec#dtype()} and the model's
 * compiled {@link Signature#dtype()} say; generated classes also have typed accessors named after
 * each tensor ({@code x()}, {@code probs()}, {@code h1_W()}).
 *
 * <p>An instance is used from one thread at a time. Several instances may share parameters (see
 * {@link #setParam(int, Object)}): use one instance per thread. Within a step, a generated
 * model can split its large kernels over worker threads of its own
 * ({@link CompiledModel#setThreads(int)}); that does not change its results.
 *
 * <p>The mode is a property of the method called: {@link #trainStep(int)} runs the training
 * forward pass (dropout active, batch statistics, running statistics updated), while
 * {@link #infer(int)} and {@link #evaluate(int)} run the inference forward pass.
 */
public interface Model {

    /** Names, dtypes and shapes of everything this model exposes. */
    Signature signature();

    /** The largest batch a step may run, fixed when the instance was created. */
    int maxBatch();

    /**
     * Inference: runs the forward pass in inference mode over the first {@code n} rows of the
     * inputs and fills the outputs. Touches no target, loss or gradient buffer.
     *
     * @throws BatchSizeException if {@code n} is not in {@code 1..maxBatch()}
     */
    void infer(int n);

    /**
     * Evaluation: the inference-mode forward pass plus the loss against the targets, without
     * gradients. The loss is then available from {@link #loss()}.
     *
     * @throws BatchSizeException if {@code n} is not in {@code 1..maxBatch()}
     */
    void evaluate(int n);

    /**
     * One training step without the optimizer: the training-mode forward pass, the loss, and the
     * gradient of the loss with respect to every parameter, written (not accumulated) into the
     * gradient arrays. State such as running statistics is updated.
     *
     * @throws BatchSizeException if {@code n} is not in {@code 1..maxBatch()}
     */
    void trainStep(int n);

    /**
     * One training step with plain SGD inside it: what {@link #trainStep(int)} computes, then
     * every parameter updated as {@code θ ← θ - lr·(g + weightDecay·θ)} ({@code torch.optim.SGD}
     * without momentum), with the same result, bit for bit, as {@code trainStep(n)} followed by
     * that update in the model's float type. {@link nnc.runtime.optim.Optimizer#trainStep} calls
     * this for SGD without momentum.
     *
     * <p>Classes generated with {@code --simd vector} fold the update of a weight into the
     * product that computes its gradient, so the gradient never goes through memory (at batch 1
     * it is as large as the weight); the scalar back end updates in passes after the gradients.
     * Either way, do not read the gradient arrays after this call: some hold this step's
     * gradients, others older values. This default runs {@code trainStep(n)} and then the update.
     *
     * @throws BatchSizeException if {@code n} is not in {@code 1..maxBatch()}
     */
    default void trainStepSgd(int n, double lr, double weightDecay) {
        trainStep(n);
        for (int i = 0; i < signature().params().size(); i++) {
            if (param(i) instanceof float[] p) {
                float[] g = (float[]) grad(i);
                float r = (float) lr, wd = (float) weightDecay;
                for (int j = 0; j < p.length; j++) {
                    p[j] -= r * (g[j] + wd * p[j]);
                }
            } else {
                double[] p = (double[]) param(i);
                double[] g = (double[]) grad(i);
                for (int j = 0; j < p.length; j++) {
                    p[j] -= lr * (g[j] + weightDecay * p[j]);
                }
            }
        }
    }

    /** The loss computed by the last {@link #trainStep(int)} or {@link #evaluate(int)}. */
    double loss();

    /** The array behind input {@code i} of {@link Signature#inputs()}. */
    Object input(int i);

    /** The array behind target {@code i} of {@link Signature#targets()}. */
    Object target(int i);

    /** The array behind output {@code i} of {@link Signature#outputs()}. */
    Object output(int i);

    /** The array behind parameter {@code i} of {@link Signature#params()}. */
    Object param(int i);

    /** The gradient of the loss with respect to parameter {@code i}, filled by a training step. */
    Object grad(int i);

    /** The array behind state tensor {@code i} of {@link Signature#state()}. */
    Object state(int i);

    /**
     * Replaces the array behind parameter {@code i}, e.g. to share parameters between instances
     * running on different threads.
     *
     * @throws ShapeMismatchException if the array's type or length does not match the parameter
     */
    void setParam(int i, Object array);

    /**
     * Seeds the counter-based generator used by random layers (dropout), so runs are
     * reproducible. Models without random layers ignore it.
     */
    void setSeed(long seed);
}

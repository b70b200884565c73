package nnc.runtime.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.ShapeMismatchException;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;

/**
 * An optimizer over a model's parameter and gradient arrays whose update equations are those of
 * {@code torch.optim} (PyTorch 2.x). Create one with {@link OptimizerConfig#create(Signature)} or
 * {@link Optimizers#create}; call {@link #step(Model)} after each {@link Model#trainStep(int)}.
 *
 * <p>A step allocates nothing: per-parameter state (e.g. {@code exp_avg}) is allocated once, at
 * construction, in the model's dtype. The state is inspectable and restorable through
 * {@link #stateTensors()}, {@link #scalars()} and {@link #restore(long, Map)}, which is how
 * checkpoints save and resume it. The learning rate is the only hyperparameter that may change
 * between steps ({@link #setLr(double)}, used by schedules).
 */
public abstract sealed class Optimizer permits Sgd, Adagrad, RmsProp, Adam, NAdam {
    private final OptimizerConfig config;
    private final Signature signature;
    private final List<StateTensor> stateTensors;
    /** {@code buffers[kind][param]}: a {@code float[]} or {@code double[]} per state kind and parameter. */
    private final Object[][] buffers;
    private final boolean f32;
    private double lr;
    private long step;
    private Model checked;

    Optimizer(OptimizerConfig config, Signature signature, List<String> stateKinds) {
        if (!signature.dtype().isFloat()) {
            throw new ShapeMismatchException(signature.modelName() + ": an optimizer needs a f32 or f64 model");
        }
        this.config = config;
        this.signature = signature;
        this.f32 = signature.dtype() == DType.F32;
        this.lr = config.lr();
        this.buffers = new Object[stateKinds.size()][signature.params().size()];
        List<StateTensor> tensors = new ArrayList<>();
        for (int k = 0; k < stateKinds.size(); k++) {
            for (int i = 0; i < signature.params().size(); i++) {
                TensorSpec p = signature.params().get(i);
                int n = Math.toIntExact(p.elements(1));
                buffers[k][i] = f32 ? new float[n] : new double[n];
                String name = stateKinds.get(k) + "." + p.name();
                tensors.add(new StateTensor(name, new TensorSpec(name, signature.dtype(), p.shape()), buffers[k][i]));
            }
        }
        this.stateTensors = List.copyOf(tensors);
    }

    /**
     * Applies one update to every parameter of {@code model} from its gradient arrays, as
     * {@code optimizer.step()} does in PyTorch. The step counter advances first (the first
     * step is step 1).
     *
     * @throws ShapeMismatchException if the model's parameters are not those this optimizer was created for
     */
    public final void step(Model model) {
        if (model != checked) {
            check(model);
        }
        step++;
        prepare(step);
        int count = signature.params().size();
        for (int i = 0; i < count; i++) {
            if (f32) {
                update(i, (float[]) model.param(i), (float[]) model.grad(i));
            } else {
                update(i, (double[]) model.param(i), (double[]) model.grad(i));
            }
        }
    }

    /**
     * One training step on the first {@code n} rows with this optimizer's update:
     * {@code model.trainStep(n)} then {@link #step(Model)}, except for SGD without momentum,
     * which makes it one call of {@link Model#trainStepSgd}: the same parameters, bit for bit,
     * without the gradients going through memory, and the gradient arrays left meaningless. Call
     * the two methods yourself when something needs the gradients between them (clipping,
     * inspection).
     *
     * @throws ShapeMismatchException if the model's parameters are not those this optimizer was created for
     * @throws nnc.runtime.BatchSizeException if {@code n} is not in {@code 1..model.maxBatch()}
     */
    public final void trainStep(Model model, int n) {
        if (!updatesInStep()) {
            model.trainStep(n);
            step(model);
            return;
        }
        if (model != checked) {
            check(model);
        }
        prepare(step + 1);
        stepInModel(model, n);
        step++;
    }

    /**
     * Whether {@link #trainStep(Model, int)} runs the update inside the model's step
     * ({@link Model#trainStepSgd}; SGD without momentum) rather than after it.
     */
    public boolean updatesInStep() {
        return false;
    }

    /** The model's training step with this optimizer's update inside it (when {@link #updatesInStep()}). */
    void stepInModel(Model model, int n) {
        throw new IllegalStateException(name() + " does not update inside the model's step");
    }

    /** Computes the coefficients every element of step {@code t} shares (bias corrections, decays). */
    abstract void prepare(long t);

    /** Updates parameter {@code i} of an f32 model. */
    abstract void update(int i, float[] p, float[] g);

    /** Updates parameter {@code i} of an f64 model. */
    abstract void update(int i, double[] p, double[] g);

    /** The state buffer of kind {@code kind} for parameter {@code i}, as {@code float[]}. */
    final float[] f(int kind, int i) {
        return (float[]) buffers[kind][i];
    }

    /** The state buffer of kind {@code kind} for parameter {@code i}, as {@code double[]}. */
    final double[] d(int kind, int i) {
        return (double[]) buffers[kind][i];
    }

    /** Sets every element of every buffer of one state kind to {@code value}. */
    final void fill(int kind, double value) {
        for (Object b : buffers[kind]) {
            if (b instanceof float[] fb) {
                java.util.Arrays.fill(fb, (float) value);
            } else {
                java.util.Arrays.fill((double[]) b, value);
            }
        }
    }

    /** The name used in checkpoints and on the command line: {@code sgd}, {@code adam}, {@code adamw}, ... */
    public final String name() {
        return config.name();
    }

    /** The hyperparameters this optimizer was created with. */
    public final OptimizerConfig config() {
        return config;
    }

    /** The learning rate the next step uses. */
    public final double lr() {
        return lr;
    }

    /** Changes the learning rate of the following steps (schedules call this). */
    public final void setLr(double lr) {
        this.lr = lr;
    }

    /** The number of steps taken so far (PyTorch's {@code state['step']}). */
    public final long stepCount() {
        return step;
    }

    /**
     * The per-parameter state tensors, named {@code kind.param} as in PyTorch's state dict
     * (e.g. {@code exp_avg.h1.W}). Each holds the live array: reading it inspects the state,
     * writing it (e.g. from a checkpoint) changes it.
     */
    public final List<StateTensor> stateTensors() {
        return stateTensors;
    }

    /** Scalar state besides the step counter (NAdam's {@code mu_product}); empty for most optimizers. */
    public Map<String, Double> scalars() {
        return Map.of();
    }

    /**
     * Restores the step counter and scalar state, e.g. from a checkpoint, after the state
     * tensors' arrays were filled.
     *
     * @throws nnc.runtime.ConfigException if a scalar this optimizer keeps is missing or an unknown one is given
     */
    public void restore(long step, Map<String, Double> scalars) {
        if (!scalars.isEmpty()) {
            throw new nnc.runtime.ConfigException(name() + " keeps no scalar state, got " + scalars.keySet());
        }
        this.step = step;
    }

    /** Sets the step counter only; subclasses with scalar state call this from {@link #restore}. */
    final void restoreStep(long step) {
        if (step < 0) {
            throw new nnc.runtime.ConfigException(name() + ": negative step " + step);
        }
        this.step = step;
    }

    /** The hyperparameters as a name-to-value map, in PyTorch's names. */
    public final Map<String, Object> hyperparameters() {
        return new LinkedHashMap<>(config.hyperparameters());
    }

    private void check(Model model) {
        Signature s = model.signature();
        if (!s.params().equals(signature.params()) || s.dtype() != signature.dtype()) {
            throw new ShapeMismatchException(name() + " optimizer was created for the parameters of "
                    + signature.modelName() + " (" + signature.dtype().sourceName() + "), not those of "
                    + s.modelName() + " (" + s.dtype().sourceName() + ")");
        }
        checked = model;
    }
}

package nnc.runtime.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.StateTensor;

/**
 * Saves and loads a model (and optionally its optimizer) as a safetensors checkpoint:
 * parameters under their model names ({@code h1.W}), model state under its names
 * ({@code bn1.running_mean}), optimizer state under {@code optim.} ({@code optim.exp_avg.h1.W}),
 * and {@code __metadata__} with {@code format}, {@code model}, {@code signature}
 * ({@link Signature#hash()}), {@code dtype}, {@code epoch}, and when an optimizer is saved
 * {@code optimizer}, {@code optimizer.step}, {@code optimizer.lr}, its hyperparameters
 * ({@code optimizer.hp.*}) and scalar state ({@code optimizer.scalar.*}).
 *
 * <p>Saving is atomic. Loading validates the file ({@link SafeTensors#readHeader}) and then
 * every name, dtype and shape against the model's signature; only when all of it fits are the
 * model's (and optimizer's) arrays overwritten, so a failed load changes nothing. Files written
 * with the same contents are byte-identical: nothing time- or machine-dependent is stored.
 */
public final class Checkpoint {
    /** The {@code format} metadata value this version writes. */
    public static final String FORMAT = "nnc-checkpoint/1";
    /** The prefix of optimizer state tensors. */
    public static final String OPTIM_PREFIX = "optim.";

    private Checkpoint() {
    }

    /** Saves the model's parameters and state, with {@code epoch} and {@code extra} metadata. */
    public static void save(Path file, Model model, long epoch, Map<String, String> extra) {
        write(file, model, null, epoch, extra);
    }

    /** Saves the model's parameters and state and the optimizer's state, for resuming training. */
    public static void save(Path file, Model model, Optimizer optimizer, long epoch, Map<String, String> extra) {
        write(file, model, optimizer, epoch, extra);
    }

    /**
     * Loads parameters and state into {@code model}; optimizer tensors in the file are ignored.
     *
     * @throws CheckpointException if the file is invalid or does not match the model
     */
    public static CheckpointInfo load(Path file, Model model) {
        return read(file, model, null);
    }

    /**
     * Loads parameters, state and — if the file has any — optimizer state (tensors, step count,
     * scalars) into {@code model} and {@code optimizer}. A file without optimizer state leaves the
     * optimizer as it is ({@link CheckpointInfo#optimizerRestored()} is false).
     *
     * @throws CheckpointException if the file is invalid, does not match the model, or holds the
     *     state of a different optimizer
     */
    public static CheckpointInfo load(Path file, Model model, Optimizer optimizer) {
        return read(file, model, optimizer);
    }

    private static void write(Path file, Model model, Optimizer optimizer, long epoch, Map<String, String> extra) {
        Signature sig = model.signature();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("model", sig.modelName());
        meta.put("signature", sig.hash());
        meta.put("dtype", sig.dtype().sourceName());
        meta.put("epoch", Long.toString(epoch));
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < sig.params().size(); i++) {
            tensors.add(tensor(sig.params().get(i), sig.params().get(i).name(), model.param(i)));
        }
        for (int i = 0; i < sig.state().size(); i++) {
            tensors.add(tensor(sig.state().get(i), sig.state().get(i).name(), model.state(i)));
        }
        if (optimizer != null) {
            meta.put("optimizer", optimizer.name());
            meta.put("optimizer.step", Long.toString(optimizer.stepCount()));
            meta.put("optimizer.lr", Double.toString(optimizer.lr()));
            optimizer.hyperparameters().forEach((k, v) -> meta.put("optimizer.hp." + k, v.toString()));
            optimizer.scalars().forEach((k, v) -> meta.put("optimizer.scalar." + k, Double.toString(v)));
            for (StateTensor s : optimizer.stateTensors()) {
                tensors.add(tensor(s.spec(), OPTIM_PREFIX + s.name(), s.array()));
            }
        }
        extra.forEach((k, v) -> {
            if (meta.containsKey(k)) {
                throw new IllegalArgumentException("metadata key " + k + " is reserved");
            }
            meta.put(k, v);
        });
        SafeTensors.write(file, meta, tensors);
    }

    private static SafeTensors.Tensor tensor(TensorSpec spec, String name, Object array) {
        return new SafeTensors.Tensor(name, spec.dtype(), spec.dims(1), array);
    }

    private static CheckpointInfo read(Path file, Model model, Optimizer optimizer) {
        SafeTensors.Header header = SafeTensors.readHeader(file);
        CheckpointPlan plan = CheckpointPlan.match(file, header, model, optimizer);
        List<Object> staged = new ArrayList<>();
        for (CheckpointPlan.Target t : plan.targets()) {
            Object fresh = java.lang.reflect.Array.newInstance(t.array().getClass().getComponentType(),
                    java.lang.reflect.Array.getLength(t.array()));
            SafeTensors.readData(file, header, t.entry(), fresh);
            staged.add(fresh);
        }
        for (int i = 0; i < staged.size(); i++) {
            Object dest = plan.targets().get(i).array();
            System.arraycopy(staged.get(i), 0, dest, 0, java.lang.reflect.Array.getLength(dest));
        }
        if (plan.optimizerRestored()) {
            optimizer.restore(plan.optimizerStep(), plan.optimizerScalars());
            optimizer.setLr(plan.optimizerLr());
        }
        return new CheckpointInfo(header.metadata(), plan.optimizerRestored());
    }
}

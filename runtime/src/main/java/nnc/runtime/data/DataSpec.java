package nnc.runtime.data;

import java.util.Optional;
import nnc.runtime.ConfigException;
import nnc.runtime.DType;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;

/**
 * What a data file must provide for a model with one input and at most one target: the
 * feature count and dtype, and the target's form.
 *
 * @param input  the model's input (its row width is the feature count)
 * @param target the model's target, if it has one
 * @param classes for integer-label targets, the number of classes (the width of the model's first
 *                output, or 2 when that output is a single sigmoid); for one-hot targets, their width;
 *                0 for real-valued targets
 */
public record DataSpec(TensorSpec input, Optional<TensorSpec> target, int classes) {

    /**
     * The spec for a model's signature.
     *
     * @throws ConfigException if the model has several inputs or targets (file readers feed one of each)
     */
    public static DataSpec of(Signature s) {
        if (s.inputs().size() != 1 || s.targets().size() > 1) {
            throw new ConfigException(s.modelName() + " has " + s.inputs().size() + " inputs and " + s.targets().size()
                    + " targets; CSV and IDX files feed models with one input and at most one target");
        }
        Optional<TensorSpec> target = s.targets().stream().findFirst();
        int classes = 0;
        if (target.isPresent() && target.get().dtype() == DType.I32) {
            classes = s.outputs().isEmpty() ? 0 : Math.max(2, s.outputs().get(0).rowElements());
            if (classes == 0) {
                throw new ConfigException(s.modelName() + ": integer labels need an output to count the classes");
            }
        } else if (target.isPresent()) {
            classes = target.get().rowElements() > 1 ? target.get().rowElements() : 0;
        }
        return new DataSpec(s.inputs().get(0), target, classes);
    }

    /** The number of features per row. */
    public int features() {
        return input.rowElements();
    }

    /** Whether the target is integer class labels. */
    public boolean intLabels() {
        return target.isPresent() && target.get().dtype() == DType.I32;
    }

    /** The number of target values per row in the model (1 for integer labels). */
    public int targetWidth() {
        return target.map(t -> t.dtype() == DType.I32 ? 1 : t.rowElements()).orElse(0);
    }
}

package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import nnc.runtime.ConfigException;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.data.Scaler;
import nnc.runtime.io.Checkpoint;
import nnc.runtime.io.CheckpointException;
import nnc.runtime.io.CheckpointInfo;
import nnc.runtime.io.SafeTensors;
import nnc.runtime.optim.Optimizer;

/**
 * Reading checkpoints for {@code train --resume}, {@code eval} and {@code predict}, with the
 * command line's exit codes: a missing file 66; a file that is not valid safetensors, was saved
 * from another model or does not fit this one 65. Nothing is loaded into the model unless the
 * whole file fits, and the file is only read.
 */
final class Checkpoints {
    private Checkpoints() {
    }

    /** The {@code __metadata__} of {@code file}, after validating its header. */
    static Map<String, String> metadata(Path file, String option) {
        CliFailure.requireReadable(file, option);
        try {
            return SafeTensors.readHeader(file).metadata();
        } catch (CheckpointException e) {
            throw CliFailure.data(e.getMessage());
        }
    }

    /** The dtype the checkpoint was saved from, if it says. */
    static Optional<DType> dtype(Map<String, String> metadata) {
        String d = metadata.getOrDefault("dtype", "");
        return d.equals("f32") ? Optional.of(DType.F32) : d.equals("f64") ? Optional.of(DType.F64) : Optional.empty();
    }

    /**
     * Loads {@code file} into {@code model} (and {@code optimizer}, if given and the file has its
     * state), after checking that the file names this model, if it names one.
     */
    static CheckpointInfo load(Path file, Map<String, String> metadata, Model model, Optional<Optimizer> optimizer) {
        Signature sig = model.signature();
        String saved = metadata.get("model");
        if (saved != null && !saved.equals(sig.modelName())) {
            throw CliFailure.data(file + ": was saved from model " + saved + ", not " + sig.modelName()
                    + "; give the checkpoint of this model, or the .nn file of " + saved);
        }
        try {
            return optimizer.isPresent() ? Checkpoint.load(file, model, optimizer.get()) : Checkpoint.load(file, model);
        } catch (CheckpointException e) {
            throw CliFailure.data(e.getMessage());
        }
    }

    /** The feature scaling stored with the checkpoint (none if it has none). */
    static Scaler scaler(Path file, Map<String, String> metadata, int features) {
        try {
            return Scaler.fromMetadata(metadata, features);
        } catch (ConfigException e) {
            throw CliFailure.data(file + ": " + e.getMessage());
        }
    }
}

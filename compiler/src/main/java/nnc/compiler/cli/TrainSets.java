package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.Optional;
import nnc.runtime.Signature;
import nnc.runtime.data.Dataset;
import nnc.runtime.data.Scaler;

/**
 * The rows {@code nnc train} learns from and validates on: {@code --data}, and {@code --val} or
 * else a seeded {@code val_split} of {@code --data} (none if neither is given).
 *
 * @param train       the training rows
 * @param validation  the validation rows, if any
 * @param description where the rows came from, for the start line
 */
record TrainSets(Dataset train, Optional<Dataset> validation, String description) {

    static TrainSets read(Session s, Signature sig, Path data, Optional<Path> val, TrainPlan plan, String label) {
        s.doing("reading " + data);
        Dataset all = DataFiles.labelled(data, sig, label, "--data");
        if (val.isPresent()) {
            s.doing("reading " + val.get());
            Dataset v = DataFiles.labelled(val.get(), sig, label, "--val");
            return new TrainSets(all, Optional.of(v), all.rows() + " rows of " + data + ", validating on " + v.rows()
                    + " rows of " + val.get());
        }
        if (plan.valSplit().isEmpty()) {
            return new TrainSets(all, Optional.empty(), all.rows() + " rows of " + data + ", no validation");
        }
        double fraction = plan.valSplit().getAsDouble();
        Dataset.Split split;
        try {
            split = all.split(fraction, plan.seed());
        } catch (IllegalArgumentException e) {
            throw CliFailure.data(data + ": " + e.getMessage() + "; give more rows or a separate --val file");
        }
        return new TrainSets(split.train(), Optional.of(split.validation()), split.train().rows() + " rows of " + data
                + ", validating on the other " + split.validation().rows() + " (val_split " + fraction + ")");
    }

    /** Both sets scaled with {@code scaler} (fitted on the training rows, or stored with a checkpoint). */
    TrainSets scaled(Scaler scaler) {
        String how = scaler.kind() == Scaler.Kind.NONE ? "" : "; features scaled (" + scaler.kind().name()
                .toLowerCase(java.util.Locale.ROOT) + ")";
        return new TrainSets(scaler.apply(train), validation.map(scaler::apply), description + how);
    }
}

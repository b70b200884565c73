package nnc.compiler.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.io.Checkpoint;
import nnc.runtime.io.CheckpointException;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.train.EpochMetrics;
import nnc.runtime.train.Evaluation;
import nnc.runtime.train.History;
import nnc.runtime.train.Trainer;

/** What {@code nnc train} says before and after training, and the history file it writes. */
final class TrainReport {
    private TrainReport() {
    }

    /** The line printed (to stderr) before the first epoch. */
    static String start(Signature sig, TrainPlan plan, Optimizer optimizer, TrainSets sets, int startEpoch) {
        String hyper = optimizer.hyperparameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "training %s (%s, %,d parameters) on %s%nwith %s(%s), batch %d, epochs %d..%d,"
                + " seed %d%s", sig.modelName(), sig.dtype().sourceName(), sig.parameterCount(), sets.description(),
                optimizer.name(), hyper, plan.batch(), startEpoch + 1, plan.epochs(), plan.seed(),
                startEpoch > 0 ? " (resumed after epoch " + startEpoch + ")" : "");
    }

    /**
     * Prints the final model's loss and accuracy on each set (inference mode) to stdout and where
     * it was saved; returns whether the run was interrupted.
     */
    static boolean finish(Session s, Trainer trainer, History h, TrainSets sets, Path checkpoint) {
        s.out().println(line("train", trainer.evaluate(sets.train())));
        sets.validation().ifPresent(v -> s.out().println(line("val", trainer.evaluate(v))));
        if (h.interrupted()) {
            int epoch = h.epochs().isEmpty() ? 0 : h.epochs().get(h.epochs().size() - 1).epoch() + 1;
            s.err().println("interrupted: saved " + checkpoint + " after epoch " + epoch + "; continue with --resume "
                    + checkpoint);
        } else {
            int epoch = h.stoppedEarly() ? h.bestEpoch() + 1 : h.epochs().get(h.epochs().size() - 1).epoch() + 1;
            s.out().println("saved " + checkpoint + " (epoch " + epoch + (h.stoppedEarly() ? ", the best" : "") + ")");
        }
        return h.interrupted();
    }

    private static String line(String set, Evaluation e) {
        String acc = Double.isNaN(e.accuracy()) ? "" : String.format(Locale.ROOT, "  accuracy %.2f%%", 100 * e.accuracy());
        return String.format(Locale.ROOT, "%-5s loss %.6f%s  (%d rows)", set, e.loss(), acc, e.rows());
    }

    /**
     * Saves the model and optimizer after {@code h}: the epoch is the last one completed (the best
     * one when early stopping restored its weights); an interrupted run is marked as such.
     */
    static void save(Path file, Model model, Optimizer optimizer, History h, int start, Map<String, String> meta) {
        List<EpochMetrics> done = h.epochs();
        int epoch = done.isEmpty() ? start : h.stoppedEarly() ? h.bestEpoch() + 1 : done.get(done.size() - 1).epoch() + 1;
        Map<String, String> all = new LinkedHashMap<>(meta);
        if (h.interrupted()) {
            all.put("interrupted", "true");
        }
        try {
            Checkpoint.save(file, model, optimizer, epoch, all);
        } catch (CheckpointException e) {
            throw new CliFailure(CliFailure.CANNOT_WRITE, e.getMessage());
        }
    }

    /** Writes the history CSV atomically (a temporary file renamed over {@code file}). */
    static void writeHistory(Path file, History h) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, h.toCsv(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliFailure(CliFailure.CANNOT_WRITE, "--history " + file + ": cannot write (" + e.getMessage() + ")");
        }
    }
}

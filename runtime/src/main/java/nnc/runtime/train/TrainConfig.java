package nnc.runtime.train;

import java.nio.file.Path;
import java.util.Optional;
import nnc.runtime.ConfigException;
import nnc.runtime.schedule.Schedule;

/**
 * How to train. Build from {@link #defaults()} and the {@code with*} methods.
 *
 * @param epochs         the epoch count to reach (training runs epochs {@code startEpoch..epochs-1})
 * @param batchSize      rows per step (at most the model instance's maximum batch)
 * @param seed           seeds shuffling (per epoch) — weights are seeded where the model is created
 * @param shuffle        whether to shuffle the training rows every epoch
 * @param clipNorm       clip gradients to this global 2-norm before each step; 0 = off
 * @param clipValue      clamp gradient elements to ±this before each step; 0 = off
 * @param schedule       the learning-rate schedule
 * @param scheduleUnit   whether the schedule advances per epoch or per optimizer step
 * @param patience       stop when the monitored loss has not improved for this many epochs, and
 *                       restore the best weights; 0 = no early stopping
 * @param accuracy       how accuracy is computed
 * @param accuracyOutput the output used for accuracy; empty = the model's first output
 * @param checkpoint     if present: saved (model + optimizer) after every epoch, when interrupted,
 *                       and at the end (with the restored best weights under early stopping)
 * @param progress       how progress is shown
 * @param startEpoch     the first epoch to run (after resuming from a checkpoint of that epoch)
 */
public record TrainConfig(int epochs, int batchSize, long seed, boolean shuffle, double clipNorm, double clipValue,
        Schedule schedule, ScheduleUnit scheduleUnit, int patience, Accuracy accuracy, String accuracyOutput,
        Optional<Path> checkpoint, ProgressStyle progress, int startEpoch) {

    /** When the learning-rate schedule advances. */
    public enum ScheduleUnit {
        /** Once per epoch (PyTorch's usual {@code scheduler.step()} after each epoch). */
        EPOCH,
        /** Once per optimizer step. */
        STEP
    }

    /** How progress is shown. */
    public enum ProgressStyle {
        /** A bar on a terminal ({@code System.console() != null}), else one line per epoch. */
        AUTO,
        /** A bar with throughput and ETA, redrawn at most 10 times a second. */
        BAR,
        /** One plain line per epoch. */
        LINES,
        /** Nothing. */
        NONE
    }

    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || patience < 0 || startEpoch < 0) {
            throw new ConfigException("epochs and batch must be >= 1, patience and start epoch >= 0; got epochs "
                    + epochs + ", batch " + batchSize + ", patience " + patience + ", start " + startEpoch);
        }
        if (!(clipNorm >= 0) || !(clipValue >= 0)) {
            throw new ConfigException("clip_norm and clip_value must be >= 0 (0 = off)");
        }
    }

    /** 10 epochs, batch 32, seed 0, shuffled, no clipping, constant rate, no early stopping, automatic accuracy and progress. */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 32, 0, true, 0, 0, new Schedule.Constant(), ScheduleUnit.EPOCH, 0, Accuracy.AUTO,
                "", Optional.empty(), ProgressStyle.AUTO, 0);
    }

    /** With another epoch count. */
    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, seed, shuffle, clipNorm, clipValue, schedule, scheduleUnit, patience,
                accuracy, accuracyOutput, checkpoint, progress, startEpoch);
    }

    /** With another batch size. */
    public TrainConfig withBatchSize(int n) {
        return new TrainConfig(epochs, n, seed, shuffle, clipNorm, clipValue, schedule, scheduleUnit, patience,
                accuracy, accuracyOutput, checkpoint, progress, startEpoch);
    }

    /** With another shuffling seed. */
    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, s, shuffle, clipNorm, clipValue, schedule, scheduleUnit, patience,
                accuracy, accuracyOutput, checkpoint, progress, startEpoch);
    }

    /** With gradient clipping by global norm ({@code norm}) and by value ({@code value}); 0 = off. */
    public TrainConfig withClipping(double norm, double value) {
        return new TrainConfig(epochs, batchSize, seed, shuffle, norm, value, schedule, scheduleUnit, patience,
                accuracy, accuracyOutput, checkpoint, progress, startEpoch);
    }

    /** With a learning-rate schedule advancing per {@code unit}. */
    public TrainConfig withSchedule(Schedule s, ScheduleUnit unit) {
        return new TrainConfig(epochs, batchSize, seed, shuffle, clipNorm, clipValue, s, unit, patience,
                accuracy, accuracyOutput, checkpoint, progress, startEpoch);
    }

    /** With early stopping after {@code p} epochs without improvement (0 = off). */
    public TrainConfig withPatience(int p) {
        return new TrainConfig(epochs, batchSize, seed, shuffle, clipNorm, clipValue, schedule, scheduleUnit, p,
                accuracy, accuracyOutput, checkpoint, progress, startEpoch);
    }

    /** With an accuracy mode and the output it reads (empty = first output). */
    public TrainConfig withAccuracy(Accuracy a, String output) {
        return new TrainConfig(epochs, batchSize, seed, shuffle, clipNorm, clipValue, schedule, scheduleUnit, patience,
                a, output, checkpoint, progress, startEpoch);
    }

    /** With a checkpoint file. */
    public TrainConfig withCheckpoint(Path file) {
        return new TrainConfig(epochs, batchSize, seed, shuffle, clipNorm, clipValue, schedule, scheduleUnit, patience,
                accuracy, accuracyOutput, Optional.of(file), progress, startEpoch);
    }

    /** With a progress style. */
    public TrainConfig withProgress(ProgressStyle p) {
        return new TrainConfig(epochs, batchSize, seed, shuffle, clipNorm, clipValue, schedule, scheduleUnit, patience,
                accuracy, accuracyOutput, checkpoint, p, startEpoch);
    }

    /** Starting at epoch {@code e}, e.g. after resuming from a checkpoint saved after epoch {@code e}. */
    public TrainConfig withStartEpoch(int e) {
        return new TrainConfig(epochs, batchSize, seed, shuffle, clipNorm, clipValue, schedule, scheduleUnit, patience,
                accuracy, accuracyOutput, checkpoint, progress, e);
    }
}

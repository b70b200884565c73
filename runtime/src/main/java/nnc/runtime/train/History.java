package nnc.runtime.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a training run did, epoch by epoch.
 *
 * @param epochs       metrics of every epoch run, in order
 * @param bestEpoch    the epoch with the lowest monitored loss (-1 if none completed)
 * @param stoppedEarly whether early stopping ended the run
 * @param interrupted  whether {@link Trainer#requestStop()} ended the run
 */
public record History(List<EpochMetrics> epochs, int bestEpoch, boolean stoppedEarly, boolean interrupted) {
    public History {
        epochs = List.copyOf(epochs);
    }

    /** The metrics as CSV: a header, then one row per epoch; unmeasured values are empty cells. */
    public String toCsv() {
        StringBuilder out = new StringBuilder("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,samples\n");
        for (EpochMetrics m : epochs) {
            out.append(m.epoch() + 1).append(',').append(cell(m.trainLoss())).append(',').append(cell(m.trainAccuracy()))
                    .append(',').append(cell(m.valLoss())).append(',').append(cell(m.valAccuracy())).append(',')
                    .append(cell(m.lr())).append(',').append(String.format(Locale.ROOT, "%.3f", m.seconds()))
                    .append(',').append(m.samples()).append('\n');
        }
        return out.toString();
    }

    /** Writes {@link #toCsv()} to {@code file}. */
    public void writeCsv(Path file) throws IOException {
        Files.writeString(file, toCsv());
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}

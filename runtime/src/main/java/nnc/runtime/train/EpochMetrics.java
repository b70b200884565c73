package nnc.runtime.train;

/**
 * The metrics of one epoch. Losses are means over rows (the per-batch loss weighted by the batch's
 * rows); accuracies are fractions in [0, 1]; NaN means not measured.
 *
 * @param epoch         0-based epoch number
 * @param trainLoss     mean training loss over the epoch's steps
 * @param trainAccuracy accuracy of the training steps' outputs (training-mode forward pass)
 * @param valLoss       validation loss after the epoch (inference mode)
 * @param valAccuracy   validation accuracy after the epoch
 * @param lr            the learning rate of the epoch's last step
 * @param seconds       wall time of the epoch
 * @param samples       training rows processed
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
        double lr, double seconds, long samples) {

    /** The loss early stopping and best-checkpoint selection watch: validation loss if measured, else training loss. */
    public double monitored() {
        return Double.isNaN(valLoss) ? trainLoss : valLoss;
    }
}

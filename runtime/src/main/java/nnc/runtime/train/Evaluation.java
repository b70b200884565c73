package nnc.runtime.train;

/**
 * The loss and accuracy of a model on a dataset, in inference mode.
 *
 * @param loss     mean loss over rows
 * @param accuracy fraction correct, NaN when the model is not a classifier
 * @param rows     rows evaluated
 */
public record Evaluation(double loss, double accuracy, long rows) {
}

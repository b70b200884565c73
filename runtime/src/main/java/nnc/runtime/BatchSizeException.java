package nnc.runtime;

/** A step was asked to run a batch that is empty or larger than the instance's maximum batch. */
public final class BatchSizeException extends NncRuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception for a step of {@code n} rows on an instance built for {@code maxBatch}. */
    public BatchSizeException(String model, int n, int maxBatch) {
        super(model + ": batch of " + n + " rows is outside 1.." + maxBatch
                + "; create the instance with a larger maximum batch or split the batch");
    }
}

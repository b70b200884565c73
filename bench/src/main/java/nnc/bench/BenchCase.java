package nnc.bench;

/**
 * One benchmark configuration as JMH's {@code @Param} strings spell it: {@code W1:32:adam}
 * (workload, batch, optimizer) for training, {@code W1:1} for inference.
 *
 * @param workload  the network
 * @param batch     rows per step
 * @param optimizer {@code sgd} or {@code adam} ({@code none} for inference)
 */
public record BenchCase(Workload workload, int batch, String optimizer) {
    /** The seed of every parameter and data array. */
    public static final long SEED = 42;

    /** Parses {@code W1:32:adam} or {@code W1:1}. */
    public static BenchCase parse(String text) {
        String[] parts = text.split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("benchmark case '" + text + "' is not WORKLOAD:BATCH[:OPTIMIZER]");
        }
        return new BenchCase(Workload.valueOf(parts[0]), Integer.parseInt(parts[1]), parts.length == 3 ? parts[2] : "none");
    }
}

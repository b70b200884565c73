package nnc.runtime.data;

import java.util.List;
import nnc.runtime.ConfigException;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import nnc.runtime.init.CounterRandom;

/**
 * Copies mini-batches of a {@link Dataset} into a model's input and target arrays, without
 * allocating: the row order is one preallocated {@code int[]}, shuffled per epoch by a seeded
 * Fisher–Yates pass that depends only on (seed, epoch), and rows are moved with
 * {@link System#arraycopy}. The last batch of an epoch may be smaller (PyTorch's
 * {@code drop_last=False}).
 */
public final class Batcher {
    private final Dataset data;
    private final Model model;
    private final int batchSize;
    private final CounterRandom random;
    private final boolean shuffle;
    private final int[] order;
    private final Object[] inputDest;
    private final Object[] targetDest;
    private int position;

    /**
     * A batcher of {@code data} into {@code model}, {@code batchSize} rows at a time.
     *
     * @throws ConfigException if the batch size is not in 1..maxBatch, or the dataset's columns do
     *     not match the model's inputs and targets in number, width and dtype
     */
    public Batcher(Dataset data, Model model, int batchSize, long seed, boolean shuffle) {
        if (batchSize < 1 || batchSize > model.maxBatch()) {
            throw new ConfigException("batch size " + batchSize + " must be in 1.." + model.maxBatch()
                    + " (the model instance's maximum batch)");
        }
        Signature s = model.signature();
        check(data.inputs(), s.inputs(), s.modelName(), "input");
        if (!data.targets().isEmpty()) {
            check(data.targets(), s.targets(), s.modelName(), "target");
        }
        this.data = data;
        this.model = model;
        this.batchSize = batchSize;
        this.random = new CounterRandom(seed, "shuffle");
        this.shuffle = shuffle;
        this.order = new int[data.rows()];
        this.inputDest = new Object[data.inputs().size()];
        this.targetDest = new Object[data.targets().size()];
        startEpoch(0);
    }

    /**
     * Starts epoch {@code epoch}: the row order is reset and, if shuffling, shuffled with the
     * draws of this epoch only (counters {@code epoch·2³² + i}), so resuming at an epoch
     * reproduces its order. Allocation-free.
     */
    public void startEpoch(long epoch) {
        if (shuffle) {
            Dataset.shuffle(order, random, epoch << 32);
        } else {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }
        position = 0;
        for (int i = 0; i < inputDest.length; i++) {
            inputDest[i] = model.input(i);
        }
        for (int i = 0; i < targetDest.length; i++) {
            targetDest[i] = model.target(i);
        }
    }

    /** Copies the next batch into the model and returns its row count, or 0 at the end of the epoch. */
    public int next() {
        int n = Math.min(batchSize, order.length - position);
        if (n <= 0) {
            return 0;
        }
        copy(data.inputs(), inputDest, n);
        copy(data.targets(), targetDest, n);
        position += n;
        return n;
    }

    /** The number of batches in an epoch. */
    public int batchesPerEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** The number of rows in the dataset. */
    public int rows() {
        return order.length;
    }

    private void copy(List<Column> columns, Object[] dest, int n) {
        for (int c = 0; c < dest.length; c++) {
            Column col = columns.get(c);
            Object src = col.data();
            int w = col.width();
            for (int k = 0; k < n; k++) {
                System.arraycopy(src, order[position + k] * w, dest[c], k * w, w);
            }
        }
    }

    private static void check(List<Column> cols, List<TensorSpec> specs, String model, String what) {
        if (cols.size() != specs.size()) {
            throw new ConfigException("the data has " + cols.size() + " " + what + " columns, model " + model + " has "
                    + specs.size() + " " + what + "s");
        }
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            TensorSpec t = specs.get(i);
            if (c.width() != t.rowElements() || c.dtype() != t.dtype()) {
                throw new ConfigException("data column " + c.name() + " is " + c.dtype().sourceName() + " with "
                        + c.width() + " values per row, but model " + what + " " + t + " needs " + t.dtype().sourceName()
                        + " with " + t.rowElements());
            }
        }
    }
}

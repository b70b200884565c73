package nnc.runtime.data;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.init.CounterRandom;

/**
 * An in-memory dataset: one column per model input and per model target, all with the same
 * number of rows. Immutable by convention: operations return new datasets.
 *
 * @param inputs  columns feeding the model's inputs, in signature order
 * @param targets columns feeding the model's targets, in signature order (empty for prediction)
 */
public record Dataset(List<Column> inputs, List<Column> targets) {
    public Dataset {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one input column");
        }
        int rows = inputs.get(0).rows();
        for (Column c : all(inputs, targets)) {
            if (c.rows() != rows) {
                throw new IllegalArgumentException("column " + c.name() + " has " + c.rows() + " rows, "
                        + inputs.get(0).name() + " has " + rows);
            }
        }
    }

    /** The number of rows (samples). */
    public int rows() {
        return inputs.get(0).rows();
    }

    /** The rows listed in {@code rows}, in that order. */
    public Dataset select(int[] rows) {
        return new Dataset(inputs.stream().map(c -> c.select(rows)).toList(),
                targets.stream().map(c -> c.select(rows)).toList());
    }

    /**
     * Splits off a validation set: a seeded shuffle, then the last {@code round(fraction·rows)}
     * rows (at least 1) are validation and the rest training. The same seed gives the same split.
     *
     * @throws IllegalArgumentException unless {@code 0 < fraction < 1} and both parts are non-empty
     */
    public Split split(double fraction, long seed) {
        int val = (int) Math.max(1, Math.round(fraction * rows()));
        if (!(fraction > 0 && fraction < 1) || val >= rows()) {
            throw new IllegalArgumentException("validation fraction " + fraction + " of " + rows()
                    + " rows leaves no training or no validation rows");
        }
        int[] order = permutation(rows(), new CounterRandom(seed, "validation-split"));
        int train = rows() - val;
        return new Split(select(java.util.Arrays.copyOf(order, train)),
                select(java.util.Arrays.copyOfRange(order, train, rows())));
    }

    /** A training part and a validation part. */
    public record Split(Dataset train, Dataset validation) {
    }

    /** A seeded Fisher–Yates permutation of 0..n-1. */
    static int[] permutation(int n, CounterRandom random) {
        int[] order = new int[n];
        shuffle(order, random, 0);
        return order;
    }

    /**
     * Fills {@code order} with 0..n-1 and shuffles it by Fisher–Yates with the draws at counters
     * {@code base + i}; allocation-free.
     */
    static void shuffle(int[] order, CounterRandom random, long base) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.below(base + i, i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static List<Column> all(List<Column> a, List<Column> b) {
        List<Column> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}

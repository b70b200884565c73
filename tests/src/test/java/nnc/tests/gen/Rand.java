package nnc.tests.gen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Type;
import nnc.runtime.Dim;

/**
 * Seeded random shapes and values for generated test cases. One instance per case, created from
 * the case's seed, so a failure reproduces from the seed alone.
 */
public final class Rand {
    /** The name of the symbolic dimension in generated graphs. */
    public static final String BATCH = "batch";

    private final SplittableRandom random;
    private final int batch;

    /** Random draws from {@code seed}, with a batch size of 1..3 drawn from it too. */
    public Rand(long seed) {
        this.random = new SplittableRandom(seed);
        this.batch = 1 + random.nextInt(3);
    }

    /** Random draws from {@code seed} for a case whose batch size is already fixed. */
    public Rand(long seed, int batch) {
        this.random = new SplittableRandom(seed);
        this.batch = batch;
    }

    /** The size bound to the symbolic batch dimension in this case (1..3). */
    public int batch() {
        return batch;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** A value in ±[lo, hi]. */
    public double awayFromZero(double lo, double hi) {
        return (random.nextBoolean() ? 1 : -1) * uniform(lo, hi);
    }

    /** One of the elements. */
    public <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A shape of rank ≤ maxRank with dims 1..maxDim; the first dim is sometimes the batch. */
    public List<Dim> shape(int minRank, int maxRank, int maxDim) {
        int rank = minRank + random.nextInt(maxRank - minRank + 1);
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            dims.add(i == 0 && random.nextInt(3) == 0 ? Dim.of(BATCH) : Dim.of(1 + random.nextInt(maxDim)));
        }
        return List.copyOf(dims);
    }

    /** A shape that broadcasts to {@code to}: some leading dims dropped, some dims set to 1. */
    public List<Dim> broadcastableTo(List<Dim> to) {
        int drop = random.nextInt(to.size() + 1);
        List<Dim> dims = new ArrayList<>();
        for (int i = drop; i < to.size(); i++) {
            dims.add(random.nextInt(3) == 0 ? Dim.of(1) : to.get(i));
        }
        return List.copyOf(dims);
    }

    /** A random subset of 0..rank-1, sorted. */
    public List<Integer> axes(int rank) {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (random.nextBoolean()) {
                axes.add(i);
            }
        }
        return List.copyOf(axes);
    }

    /** A random permutation of 0..n-1. */
    public List<Integer> permutation(int n) {
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perm.add(i);
        }
        for (int i = n - 1; i > 0; i--) {
            Collections.swap(perm, i, random.nextInt(i + 1));
        }
        return List.copyOf(perm);
    }

    /** A tensor of {@code type} (batch bound to {@link #batch()}) with values from {@code domain}. */
    public Tensor tensor(Type type, Domain domain) {
        int[] dims = type.dims(batch);
        double[] values = new double[Math.toIntExact(type.elements(batch))];
        for (int i = 0; i < values.length; i++) {
            values[i] = domain.draw(this, i);
        }
        return Tensor.of(type.dtype(), dims, values);
    }

    /** Where the values of one operand come from. */
    @FunctionalInterface
    public interface Domain {
        /** A value for element {@code index}. */
        double draw(Rand r, int index);

        /** Uniform in [lo, hi]. */
        static Domain range(double lo, double hi) {
            return (r, i) -> r.uniform(lo, hi);
        }

        /** Uniform in ±[lo, hi]: away from a kink at 0. */
        static Domain awayFromZero(double lo, double hi) {
            return (r, i) -> r.awayFromZero(lo, hi);
        }

        /** Integers plus {@code offset}: two grids with offsets 0.3 and -0.3 never come closer than 0.4. */
        static Domain grid(double offset) {
            return (r, i) -> r.nextInt(7) - 3 + offset;
        }

        /** Pairwise distinct values (0.5 apart, shuffled by the index): no ties for max. */
        static Domain distinct() {
            return (r, i) -> ((i * 7919L) % 1009) * 0.5 - 250 + r.uniform(0, 0.1);
        }
    }
}

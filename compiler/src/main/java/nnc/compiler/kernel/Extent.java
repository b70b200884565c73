package nnc.compiler.kernel;

import java.util.List;
import nnc.runtime.Dim;

/**
 * A size or stride known up to the batch: {@code coeff · batch^batchPower}. A model has one
 * symbolic dimension, so every product of dimensions has this form; generated code computes it
 * from the step's {@code n} (or the instance's maximum batch) with {@code batchPower}
 * multiplications.
 *
 * @param coeff      the fixed factor
 * @param batchPower how many batch dimensions the product contains
 */
public record Extent(long coeff, int batchPower) {
    /** Zero: the stride of a broadcast axis. */
    public static final Extent ZERO = new Extent(0, 0);
    /** One. */
    public static final Extent ONE = new Extent(1, 0);

    public Extent {
        if (coeff == 0) {
            batchPower = 0;
        }
    }

    /** The size of one dimension. */
    public static Extent of(Dim d) {
        return d instanceof Dim.Fixed f ? new Extent(f.size(), 0) : new Extent(1, 1);
    }

    /** The number of elements of a shape. */
    public static Extent product(List<Dim> shape) {
        Extent e = ONE;
        for (Dim d : shape) {
            e = e.times(of(d));
        }
        return e;
    }

    /** The product of two extents. */
    public Extent times(Extent o) {
        return new Extent(coeff * o.coeff, batchPower + o.batchPower);
    }

    /** Whether this is zero. */
    public boolean isZero() {
        return coeff == 0;
    }

    /** Whether this is one. */
    public boolean isOne() {
        return coeff == 1 && batchPower == 0;
    }

    /** The value for a given batch size. */
    public long at(int batch) {
        long v = coeff;
        for (int i = 0; i < batchPower; i++) {
            v *= batch;
        }
        return v;
    }

    @Override
    public String toString() {
        if (batchPower == 0) {
            return Long.toString(coeff);
        }
        String b = batchPower == 1 ? "batch" : "batch^" + batchPower;
        return coeff == 1 ? b : coeff + "·" + b;
    }
}

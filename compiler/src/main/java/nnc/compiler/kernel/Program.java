package nnc.compiler.kernel;

import java.util.List;

/**
 * The kernels one entry method runs, in order.
 *
 * @param entry   the entry method
 * @param kernels the kernels
 */
public record Program(Entry entry, List<Kernel> kernels) {
    public Program {
        kernels = List.copyOf(kernels);
    }

    /** Floating-point operations of one run for a batch of {@code batch} rows. */
    public long flops(int batch) {
        return kernels.stream().mapToLong(k -> k.flops(batch)).sum();
    }
}

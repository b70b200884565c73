package nnc.compiler.sema;

/**
 * A parameter's initializer, resolved to a distribution: Xavier and Kaiming become
 * {@link Uniform} or {@link Normal} with the bound or deviation computed from the parameter's
 * fans, so a runtime only draws numbers. {@code description} is the initializer as written,
 * with defaults filled in, e.g. {@code kaiming_uniform(gain=1.4142, mode=fan_in)}.
 *
 * <p>Fans: for a 2-D parameter {@code [a, b]} (used as {@code x @ W}), fan_in = a and
 * fan_out = b; for 3-D and more ({@code [out, in, k...]}, convolution kernels as in PyTorch),
 * fan_in = in·k… and fan_out = out·k….
 */
public sealed interface Init {
    String description();

    /** Every element equal to {@code value} (zeros, ones, constant). */
    record Constant(double value, String description) implements Init {
    }

    /** Drawn from N(mean, std²). */
    record Normal(double mean, double std, String description) implements Init {
    }

    /** Drawn from U(lo, hi). */
    record Uniform(double lo, double hi, String description) implements Init {
    }
}

package nnc.runtime.init;

import java.util.Arrays;
import java.util.Locale;
import nnc.runtime.ConfigException;
import nnc.runtime.ShapeMismatchException;

/**
 * A parameter initializer, with PyTorch's formulas ({@code torch.nn.init}). Values come from a
 * {@link CounterRandom} stream keyed by (seed, parameter name), so the same seed gives
 * bit-identical weights on every JDK, independent of other parameters. Build one by name with
 * {@link Inits#create}, or directly from the records.
 */
public sealed interface Init {

    /**
     * Fills {@code array} ({@code float[]} or {@code double[]}, row-major) for a tensor of
     * {@code shape}, drawing from stream {@code name} under {@code seed}. Element {@code i}
     * depends only on (seed, name, i). f32 arrays receive the double draw rounded to float.
     *
     * @throws ShapeMismatchException if the array's length is not the product of the shape
     */
    default void fill(Object array, int[] shape, long seed, String name) {
        Dist d = distribution(shape);
        CounterRandom r = new CounterRandom(seed, name);
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (array instanceof float[] f && f.length == n) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) d.sample(r, i);
            }
        } else if (array instanceof double[] x && x.length == n) {
            for (int i = 0; i < x.length; i++) {
                x[i] = d.sample(r, i);
            }
        } else {
            throw new ShapeMismatchException("cannot initialize " + name + ": expected a float[] or double[] of "
                    + n + " elements for shape " + Arrays.toString(shape));
        }
    }

    /** The distribution this initializer draws from for a tensor of {@code shape}. */
    Dist distribution(int[] shape);

    /** Fills with 0. */
    record Zeros() implements Init {
        @Override
        public Dist distribution(int[] shape) {
            return Dist.constant(0);
        }
    }

    /** Fills with 1. */
    record Ones() implements Init {
        @Override
        public Dist distribution(int[] shape) {
            return Dist.constant(1);
        }
    }

    /** Fills with {@code value}. */
    record Constant(double value) implements Init {
        @Override
        public Dist distribution(int[] shape) {
            return Dist.constant(value);
        }
    }

    /** 𝒩(mean, std²), as {@code normal_(mean=0, std=1)}. */
    record Normal(double mean, double std) implements Init {
        @Override
        public Dist distribution(int[] shape) {
            return Dist.normal(mean, std);
        }
    }

    /** 𝒰(a, b), as {@code uniform_(a=0, b=1)}. */
    record Uniform(double a, double b) implements Init {
        @Override
        public Dist distribution(int[] shape) {
            return Dist.uniform(a, b);
        }
    }

    /** Glorot uniform: 𝒰(-x, x) with x = gain·√(6 / (fan_in + fan_out)), as {@code xavier_uniform_}. */
    record XavierUniform(double gain) implements Init {
        @Override
        public Dist distribution(int[] shape) {
            Fans f = Fans.of(shape);
            double bound = gain * Math.sqrt(6.0 / (f.in() + f.out()));
            return Dist.uniform(-bound, bound);
        }
    }

    /** Glorot normal: 𝒩(0, std²) with std = gain·√(2 / (fan_in + fan_out)), as {@code xavier_normal_}. */
    record XavierNormal(double gain) implements Init {
        @Override
        public Dist distribution(int[] shape) {
            Fans f = Fans.of(shape);
            return Dist.normal(0, gain * Math.sqrt(2.0 / (f.in() + f.out())));
        }
    }

    /**
     * He uniform: 𝒰(-x, x) with x = gain·√(3 / fan), gain = {@link #gain(String, double)} of
     * {@code nonlinearity} with slope {@code a}, as {@code kaiming_uniform_(a=0, mode='fan_in',
     * nonlinearity='leaky_relu')}; the defaults give the ReLU gain √2.
     */
    record KaimingUniform(double a, FanMode mode, String nonlinearity) implements Init {
        public KaimingUniform {
            gain(nonlinearity, a);
        }

        @Override
        public Dist distribution(int[] shape) {
            double bound = gain(nonlinearity, a) * Math.sqrt(3.0 / mode.fan(shape));
            return Dist.uniform(-bound, bound);
        }
    }

    /** He normal: 𝒩(0, std²) with std = gain / √fan, as {@code kaiming_normal_}. */
    record KaimingNormal(double a, FanMode mode, String nonlinearity) implements Init {
        public KaimingNormal {
            gain(nonlinearity, a);
        }

        @Override
        public Dist distribution(int[] shape) {
            return Dist.normal(0, gain(nonlinearity, a) / Math.sqrt(mode.fan(shape)));
        }
    }

    /** Which fan Kaiming initialization preserves: the forward pass's or the backward pass's variance. */
    enum FanMode {
        /** Preserve the variance of activations in the forward pass. */
        FAN_IN,
        /** Preserve the variance of gradients in the backward pass. */
        FAN_OUT;

        long fan(int[] shape) {
            Fans f = Fans.of(shape);
            return this == FAN_IN ? f.in() : f.out();
        }
    }

    /**
     * PyTorch's {@code calculate_gain}: 1 for linear, identity, conv and sigmoid; 5/3 for tanh;
     * √2 for relu; √(2 / (1 + slope²)) for leaky_relu (slope {@code param}, 0.01 if NaN); 3/4 for selu.
     */
    static double gain(String nonlinearity, double param) {
        return switch (nonlinearity.toLowerCase(Locale.ROOT)) {
            case "linear", "identity", "conv1d", "conv2d", "conv3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new ConfigException("unknown nonlinearity '" + nonlinearity
                    + "'; expected linear, sigmoid, tanh, relu, leaky_relu or selu");
        };
    }

    /**
     * A distribution of initial values.
     *
     * @param kind which distribution
     * @param a    the constant, the lower bound, or the mean
     * @param b    unused, the upper bound, or the standard deviation
     */
    record Dist(Kind kind, double a, double b) {
        /** The kinds of distribution. */
        public enum Kind {
            /** Every value is {@code a}. */
            CONSTANT,
            /** a + (b - a)·U with U uniform in [0, 1). */
            UNIFORM,
            /** a + b·Z with Z standard normal. */
            NORMAL
        }

        static Dist constant(double v) {
            return new Dist(Kind.CONSTANT, v, 0);
        }

        static Dist uniform(double lo, double hi) {
            return new Dist(Kind.UNIFORM, lo, hi);
        }

        static Dist normal(double mean, double std) {
            return new Dist(Kind.NORMAL, mean, std);
        }

        /** The value at index {@code i} of stream {@code r}. */
        public double sample(CounterRandom r, long i) {
            return switch (kind) {
                case CONSTANT -> a;
                case UNIFORM -> a + (b - a) * r.uniform(i);
                case NORMAL -> a + b * r.normal(i);
            };
        }
    }
}

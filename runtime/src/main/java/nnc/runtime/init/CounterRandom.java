package nnc.runtime.init;

import java.nio.charset.StandardCharsets;

/**
 * A counter-based random generator: the value at counter {@code c} of stream {@code (seed, name)}
 * is a pure function of the three, computed with SplitMix64's mixing function. Nothing is
 * stateful, so a parameter's initial values depend only on the seed and its name — not on how
 * many other parameters exist or in which order they are initialized — and a step can draw
 * (e.g. a dropout mask) without allocating.
 *
 * <p>Results are bit-identical on every JDK and platform: integer arithmetic only, and
 * {@link StrictMath} (fdlibm) for the logarithm and cosine of the normal draw, because
 * {@link Math}'s intrinsics may differ in the last bit between JVMs.
 */
public final class CounterRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long key;

    /** The stream named {@code stream} (e.g. a parameter name such as {@code h1.W}) under {@code seed}. */
    public CounterRandom(long seed, String stream) {
        this.key = mix(seed ^ mix(fnv1a(stream)));
    }

    /** The stream with a numeric name (e.g. an epoch number) under {@code seed}. */
    public CounterRandom(long seed, long stream) {
        this.key = mix(seed ^ mix(stream * GOLDEN + 1));
    }

    /** 64 random bits at {@code counter}. */
    public long bits(long counter) {
        return mix(key + (counter + 1) * GOLDEN);
    }

    /** A uniform double in [0, 1) with 53 random bits, at {@code counter}. */
    public double uniform(long counter) {
        return (bits(counter) >>> 11) * 0x1.0p-53;
    }

    /** A uniform integer in [0, bound), at {@code counter} (Lemire's multiply-shift; bias below 2^-32). */
    public int below(long counter, int bound) {
        return (int) (((bits(counter) >>> 32) * bound) >>> 32);
    }

    /**
     * A standard normal draw at {@code counter} by the Box–Muller transform of the uniforms at
     * {@code 2·counter} and {@code 2·counter + 1}.
     */
    public double normal(long counter) {
        double u1 = 1.0 - uniform(2 * counter);
        double u2 = uniform(2 * counter + 1);
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** SplitMix64's finalizer (Stafford's variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }
}

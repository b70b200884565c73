package nnc.runtime;

/**
 * The counter-based generator of random layers (dropout masks). The uniform number of element
 * {@code i} of random tensor {@code stream} in training step {@code step} under {@code seed} is
 * a pure function of the four, computed with SplitMix64's mixing function: nothing is stateful,
 * so a step draws without allocating, a run is reproducible from its seed, successive steps draw
 * different numbers, and the reference interpreter reproduces generated code bit for bit.
 */
public final class RandomStream {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private RandomStream() {
    }

    /** The key of one random tensor in one step: computed once per tensor, outside its loop. */
    public static long key(long seed, long stream, long step) {
        return mix(mix(seed ^ mix(stream * GOLDEN + 1)) + step * GOLDEN);
    }

    /** A uniform double in [0, 1) with 53 random bits: element {@code index} under {@code key}. */
    public static double uniform(long key, long index) {
        return (mix(key + (index + 1) * GOLDEN) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finalizer (Stafford's variant 13). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

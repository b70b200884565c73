package nnc.compiler.cli;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * When the warm-up of {@code nnc bench} may end: it is fed one warm-up round at a time (how many
 * steps, how long, the JIT's total compilation time at its end) and says whether the step has
 * reached steady state, and if not, what is still missing.
 *
 * <p>Steady means all of: at least {@link Limits#minSteps} steps and {@link Limits#minNanos} have
 * run; the median step time of the last {@link #WINDOW_ROUNDS} rounds is not more than
 * {@link #FALLING_TOLERANCE} below the median of the {@link #WINDOW_ROUNDS} rounds before them;
 * and the JIT finished no compilation during those two windows, so both ran the same code. Both
 * signals are needed: C2's thresholds count invocations, so a model of thousands of small kernel
 * methods each called once a step (an unrolled LSTM) keeps compiling, and getting several times
 * faster, for thousands of steps, in small gains each of which the timing alone cannot tell from
 * noise; and the compilation time only grows when a compilation finishes, so a compiler thread
 * starved by a loaded machine looks quiet for a while although the step is about to get faster
 * (hence the quiet stretch of two windows, at least 0.2 s, rather than one round). The warm-up
 * ends when the step is steady or at {@link Limits#maxNanos}, whichever comes first.
 *
 * <p>Without a JIT to watch ({@code -Xint}, or a VM that does not monitor compilation time) the
 * timing criterion decides alone, and the verdict says so.
 */
final class WarmUpRule {
    /** Rounds in each of the two windows compared; the JIT must be quiet for both. */
    static final int WINDOW_ROUNDS = 5;
    /** How much faster the last window's median may be than the one before and still count as steady. */
    static final double FALLING_TOLERANCE = 0.03;
    /** The shortest warm-up round: long enough for a few compilations to finish in it. */
    static final long MIN_ROUND_NANOS = 20_000_000;
    /** The longest warm-up round: short enough to notice steady state soon after it arrives. */
    static final long MAX_ROUND_NANOS = 200_000_000;
    /** Warm-up rounds in the minimum warm-up time, between {@link #MIN_ROUND_NANOS} and {@link #MAX_ROUND_NANOS} each. */
    static final long ROUNDS_IN_MIN_TIME = 20;

    /**
     * How long a warm-up runs.
     *
     * @param minNanos the shortest warm-up (nanoseconds)
     * @param minSteps the fewest steps
     * @param maxNanos the cap: the warm-up ends there, steady or not; at least {@code minNanos}
     */
    record Limits(long minNanos, long minSteps, long maxNanos) {
        Limits {
            if (minNanos < 0 || minSteps < 0 || maxNanos < minNanos) {
                throw new IllegalArgumentException("warm-up limits: min " + minNanos + " ns and " + minSteps
                        + " steps, max " + maxNanos + " ns");
            }
        }

        /** The length of one warm-up round: a twentieth of the minimum time, within 20–200 ms. */
        long roundNanos() {
            return Math.max(MIN_ROUND_NANOS, Math.min(MAX_ROUND_NANOS, minNanos / ROUNDS_IN_MIN_TIME));
        }
    }

    /** The state of a warm-up: steady, or the first thing still missing. */
    enum Verdict {
        /** Enough steps, the JIT quiet and the step time level. */
        STEADY("steady", true),
        /** Enough steps and the step time level; the JIT's compilation time could not be watched. */
        STEADY_TIMING_ONLY("steady-timing-only", true),
        /** Fewer than {@link Limits#minSteps} steps so far. */
        TOO_FEW_STEPS("too-few-steps", false),
        /** The JIT finished a compilation during the last two windows of rounds (or the rounds so far, while fewer). */
        JIT_STILL_COMPILING("jit-still-compiling", false),
        /** Fewer than two windows of rounds so far, or the last window clearly faster than the one before. */
        TIME_STILL_FALLING("time-still-falling", false);

        private final String label;
        private final boolean steady;

        Verdict(String label, boolean steady) {
            this.label = label;
            this.steady = steady;
        }

        /** The name in {@code nnc bench}'s JSON. */
        String label() {
            return label;
        }

        boolean steady() {
            return steady;
        }
    }

    private final Limits limits;
    private final boolean jitWatched;
    /** The mean step time of each round. */
    private double[] stepNanos = new double[64];
    /** The JIT's total compilation time (ms) at the start ([0]) and at the end of each round ([r + 1]). */
    private long[] jitMillis = new long[65];
    private int rounds;
    private long steps;
    private long nanos;

    /**
     * A rule for a warm-up within {@code limits}; {@code jitMillisAtStart} is the JIT's total
     * compilation time when it starts, or empty when it cannot be watched.
     */
    WarmUpRule(Limits limits, OptionalLong jitMillisAtStart) {
        this.limits = limits;
        this.jitWatched = jitMillisAtStart.isPresent();
        this.jitMillis[0] = jitMillisAtStart.orElse(0);
    }

    /** Records a round of {@code roundSteps} steps that took {@code roundNanos}, after which the JIT had compiled for {@code jitMillisAtEnd}. */
    void round(long roundSteps, long roundNanos, long jitMillisAtEnd) {
        if (roundSteps < 1) {
            throw new IllegalArgumentException("a warm-up round of " + roundSteps + " steps");
        }
        if (rounds == stepNanos.length) {
            stepNanos = Arrays.copyOf(stepNanos, 2 * rounds);
            jitMillis = Arrays.copyOf(jitMillis, 2 * rounds + 1);
        }
        stepNanos[rounds] = roundNanos / (double) roundSteps;
        rounds++;
        jitMillis[rounds] = jitWatched ? jitMillisAtEnd : 0;
        steps += roundSteps;
        nanos += roundNanos;
    }

    /** Whether the warm-up is over: the step is steady after the minimum time, or the cap is reached. */
    boolean done() {
        return nanos >= limits.maxNanos() || nanos >= limits.minNanos() && verdict().steady();
    }

    /** Whether the step is steady now, or what is still missing (the minimum time is not part of it). */
    Verdict verdict() {
        if (steps < limits.minSteps()) {
            return Verdict.TOO_FEW_STEPS;
        }
        if (jitWatched && jitMillis[rounds] != jitMillis[Math.max(0, rounds - 2 * WINDOW_ROUNDS)]) {
            return Verdict.JIT_STILL_COMPILING;
        }
        if (rounds < 2 * WINDOW_ROUNDS
                || windowMedian(rounds) < (1 - FALLING_TOLERANCE) * windowMedian(rounds - WINDOW_ROUNDS)) {
            return Verdict.TIME_STILL_FALLING;
        }
        return jitWatched ? Verdict.STEADY : Verdict.STEADY_TIMING_ONLY;
    }

    /** The median step time of the last {@link #WINDOW_ROUNDS} rounds (of all rounds while there are fewer). */
    double recentStepNanos() {
        return windowMedian(rounds);
    }

    long steps() {
        return steps;
    }

    long nanos() {
        return nanos;
    }

    /** The median step time of the {@link #WINDOW_ROUNDS} rounds (or as many as there are) that end before round {@code end}. */
    private double windowMedian(int end) {
        int start = Math.max(0, end - WINDOW_ROUNDS);
        return BenchRun.median(Arrays.copyOfRange(stepNanos, start, end), end - start);
    }
}

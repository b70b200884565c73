package nnc.compiler.cli;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The timing loop of {@code nnc bench}: runs a step repeatedly for a warm-up time, then measures
 * it in rounds of several steps (so each round lasts at least {@link #MIN_ROUND_NANOS}, well
 * above the clock's resolution) and reports the median step time over the rounds. After the
 * timing it counts the heap bytes the measuring thread allocates per step
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) exactly, over a fixed
 * number of steps and without any clock: see {@link #allocatedPerStep}.
 */
final class BenchRun {
    /** The shortest round: long enough that {@code System.nanoTime} granularity does not matter. */
    static final long MIN_ROUND_NANOS = 200_000;
    /** The most steps in one allocation window (fewer for a step slower than a round: see {@link #measure}). */
    static final int ALLOCATION_STEPS = 64;
    /** The fewest steps in one allocation window. */
    static final int MIN_ALLOCATION_STEPS = 4;
    /** Allocation windows counted after the timing. */
    static final int ALLOCATION_WINDOWS = 5;

    /**
     * What one measured step costs.
     *
     * @param medianNanos          the median over rounds of the mean step time in the round
     * @param cpuMedianNanos       the same in the thread's CPU time (less sensitive to other processes)
     * @param rounds               the number of rounds
     * @param steps                the steps measured in all
     * @param allocatedBytesPerStep heap bytes allocated by the thread per measured step
     */
    record Timing(double medianNanos, double cpuMedianNanos, int rounds, long steps, double allocatedBytesPerStep) {
    }

    private BenchRun() {
    }

    /** Warms {@code step} up for {@code warmupNanos}, then measures it for about {@code measureNanos}. */
    static Timing measure(Runnable step, long warmupNanos, long measureNanos) {
        long perRound = warmUp(step, warmupNanos);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int maxRounds = (int) Math.max(5, Math.min(100_000, measureNanos / MIN_ROUND_NANOS));
        double[] wall = new double[maxRounds];
        double[] cpu = new double[maxRounds];
        int rounds = 0;
        long start = System.nanoTime();
        while (rounds < maxRounds && (rounds < 5 || System.nanoTime() - start < measureNanos)) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (long i = 0; i < perRound; i++) {
                step.run();
            }
            wall[rounds] = (System.nanoTime() - t0) / (double) perRound;
            cpu[rounds] = (threads.getCurrentThreadCpuTime() - c0) / (double) perRound;
            rounds++;
        }
        long steps = rounds * perRound;
        int window = (int) Math.max(MIN_ALLOCATION_STEPS, Math.min(ALLOCATION_STEPS, perRound));
        return new Timing(median(wall, rounds), median(cpu, rounds), rounds, steps, allocatedPerStep(step, window));
    }

    /**
     * Heap bytes per step in the steady state: {@link #ALLOCATION_WINDOWS} windows of
     * {@code steps} steps each, run back to back on this thread with nothing else in
     * the loop, counted exactly by the thread's allocation counter; the result is the smallest
     * window's bytes divided by its steps. A step that allocates does so in every window, so this
     * is never 0 for it; a one-off allocation after warm-up (a JIT deoptimization rematerializing
     * a scalar-replaced object, which a loaded machine makes more likely) stays in one window.
     */
    static double allocatedPerStep(Runnable step, int steps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int w = 0; w < ALLOCATION_WINDOWS; w++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least / (double) steps;
    }

    /** Runs {@code step} for {@code nanos} (at least 10 times) and returns how many steps fill one round. */
    private static long warmUp(Runnable step, long nanos) {
        long start = System.nanoTime();
        long count = 0;
        long now = start;
        while (count < 10 || now - start < nanos) {
            step.run();
            count++;
            now = System.nanoTime();
        }
        long t0 = System.nanoTime();
        step.run();
        long one = Math.max(1, System.nanoTime() - t0);
        return Math.max(1, MIN_ROUND_NANOS / one);
    }

    static double median(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}

package nnc.compiler.cli;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The timing loop of {@code nnc bench}: runs a step repeatedly for a warm-up time, then measures
 * it in rounds of several steps (so each round lasts at least {@link #MIN_ROUND_NANOS}, well
 * above the clock's resolution) and reports the median step time over the rounds, with the heap
 * bytes the measuring thread allocated per step (from
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}).
 */
final class BenchRun {
    /** The shortest round: long enough that {@code System.nanoTime} granularity does not matter. */
    static final long MIN_ROUND_NANOS = 200_000;

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
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
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
        return new Timing(median(wall, rounds), median(cpu, rounds), rounds, steps,
                allocated(step, threads, id, Math.max(10, perRound)));
    }

    /** Bytes per step over {@code count} steps run with nothing else in the loop. */
    private static double allocated(Runnable step, com.sun.management.ThreadMXBean threads, long id, long count) {
        long before = threads.getThreadAllocatedBytes(id);
        for (long i = 0; i < count; i++) {
            step.run();
        }
        return (threads.getThreadAllocatedBytes(id) - before) / (double) count;
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

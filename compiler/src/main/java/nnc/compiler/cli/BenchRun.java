package nnc.compiler.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The timing loop of {@code nnc bench}: warms a step up until it is steady (see {@link #warmUp}
 * and {@link WarmUpRule}), then measures it in rounds of several steps (so each round lasts at
 * least {@link #MIN_ROUND_NANOS}, well above the clock's resolution) and reports the median step
 * time over the rounds. After the timing it counts the heap bytes the measuring thread allocates per step
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) exactly, over a fixed
 * number of steps and without any clock: see {@link #allocatedPerStep}.
 */
final class BenchRun {
    /**
     * The shortest round: long enough that neither clock's granularity nor the cost of reading the
     * thread's CPU time (a system call of several µs in this project's virtual machine; with
     * 0.2 ms rounds it made the CPU medians of small models 5–20% larger than the wall-clock ones)
     * matters.
     */
    static final long MIN_ROUND_NANOS = 2_000_000;
    /** The most steps in one allocation window (fewer for a step slower than a round: see {@link #measure}). */
    static final int ALLOCATION_STEPS = 64;
    /** The fewest warm-up steps, time permitting. */
    static final long MIN_WARMUP_STEPS = 300;
    /** The longest warm-up by default in multiples of the requested one, unless {@link #DEFAULT_MAX_WARMUP_NANOS} is longer. */
    static final long DEFAULT_MAX_WARMUP_FACTOR = 10;
    /** The longest warm-up by default, unless {@link #DEFAULT_MAX_WARMUP_FACTOR} times the requested time is longer. */
    static final long DEFAULT_MAX_WARMUP_NANOS = 60_000_000_000L;
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
     * @param warmUp               how the warm-up went
     * @param allCpuMedianNanos    the median CPU time of the calling thread and the workers together
     */
    record Timing(double medianNanos, double cpuMedianNanos, int rounds, long steps, double allocatedBytesPerStep,
                  WarmUp warmUp, double allCpuMedianNanos) {
    }

    /**
     * The warm-up before a measurement.
     *
     * @param perRound steps per measuring round
     * @param steps    steps run
     * @param seconds  its length (its rounds' lengths added up)
     * @param verdict  how it ended: steady, or what was still missing when it reached its cap
     */
    record WarmUp(long perRound, long steps, double seconds, WarmUpRule.Verdict verdict) {
        /** Whether the step was steady when the warm-up ended (false: it reached its cap first). */
        boolean settled() {
            return verdict.steady();
        }
    }

    private BenchRun() {
    }

    /**
     * The default cap of a warm-up of at least {@code warmupNanos}: {@link #DEFAULT_MAX_WARMUP_FACTOR}
     * times it or {@link #DEFAULT_MAX_WARMUP_NANOS}, whichever is longer.
     */
    static long defaultMaxWarmupNanos(long warmupNanos) {
        return Math.max(DEFAULT_MAX_WARMUP_NANOS, DEFAULT_MAX_WARMUP_FACTOR * warmupNanos);
    }

    /**
     * Warms {@code step} up (see {@link #warmUp}) for at least {@code warmupNanos} and at most
     * {@code maxWarmupNanos}, then measures it for about {@code measureNanos}; the step also runs
     * on the threads {@code workers} (a model's worker pool), whose allocation counts with the
     * caller's.
     */
    static Timing measure(Runnable step, long warmupNanos, long maxWarmupNanos, long measureNanos, long[] workers) {
        WarmUp warm = warmUp(step, new WarmUpRule.Limits(warmupNanos, MIN_WARMUP_STEPS, maxWarmupNanos), System::nanoTime,
                jitMillis());
        long perRound = warm.perRound();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int maxRounds = (int) Math.max(5, Math.min(100_000, measureNanos / MIN_ROUND_NANOS));
        double[] wall = new double[maxRounds];
        double[] cpu = new double[maxRounds];
        double[] all = new double[maxRounds];
        int rounds = 0;
        long start = System.nanoTime();
        while (rounds < maxRounds && (rounds < 5 || System.nanoTime() - start < measureNanos)) {
            long w0 = workersCpu(threads, workers);
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            for (long i = 0; i < perRound; i++) {
                step.run();
            }
            long c1 = threads.getCurrentThreadCpuTime();
            wall[rounds] = (System.nanoTime() - t0) / (double) perRound;
            cpu[rounds] = (c1 - c0) / (double) perRound;
            all[rounds] = (c1 - c0 + workersCpu(threads, workers) - w0) / (double) perRound;
            rounds++;
        }
        long steps = rounds * perRound;
        int window = (int) Math.max(MIN_ALLOCATION_STEPS, Math.min(ALLOCATION_STEPS, perRound));
        return new Timing(median(wall, rounds), median(cpu, rounds), rounds, steps, allocatedPerStep(step, window, workers), warm,
                median(all, rounds));
    }

    /** The CPU time the threads {@code workers} have used so far, in nanoseconds. */
    private static long workersCpu(java.lang.management.ThreadMXBean threads, long[] workers) {
        long sum = 0;
        for (long id : workers) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
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
        return allocatedPerStep(step, steps, new long[0]);
    }

    /**
     * {@link #allocatedPerStep(Runnable, int)} counting the bytes of this thread and of the
     * threads {@code workers} together (the arrays the counters are read into are allocated
     * outside the window).
     */
    static double allocatedPerStep(Runnable step, int steps, long[] workers) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int w = 0; w < ALLOCATION_WINDOWS; w++) {
            long[] workersBefore = threads.getThreadAllocatedBytes(workers);
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            long[] workersAfter = threads.getThreadAllocatedBytes(workers);
            for (int t = 0; t < workers.length; t++) {
                bytes += workersAfter[t] - workersBefore[t];
            }
            least = Math.min(least, bytes);
        }
        return least / (double) steps;
    }

    /**
     * Runs {@code step} in rounds of {@link WarmUpRule.Limits#roundNanos} (at least one) until {@link WarmUpRule}
     * finds it steady (at least {@code limits.minNanos()} and {@code limits.minSteps()}, the JIT
     * quiet and the step time no longer falling) or {@code limits.maxNanos()} is reached; returns
     * how many steps fill one measuring round, from the median step time of the last rounds.
     * {@code clock} reads nanoseconds and {@code jitMillis} the JIT's total compilation time
     * (empty when it cannot be watched: see {@link #jitMillis()}); the tests give artificial ones.
     */
    static WarmUp warmUp(Runnable step, WarmUpRule.Limits limits, LongSupplier clock, Optional<LongSupplier> jitMillis) {
        LongSupplier jit = jitMillis.orElse(() -> 0);
        WarmUpRule rule = new WarmUpRule(limits, jitMillis.isPresent() ? OptionalLong.of(jit.getAsLong()) : OptionalLong.empty());
        long roundNanos = limits.roundNanos();
        do {
            long start = clock.getAsLong();
            long count = 0;
            long elapsed;
            do {
                step.run();
                count++;
                elapsed = clock.getAsLong() - start;
            } while (elapsed < roundNanos);
            rule.round(count, elapsed, jit.getAsLong());
        } while (!rule.done());
        long perRound = Math.max(1, (long) (MIN_ROUND_NANOS / Math.max(1, rule.recentStepNanos())));
        return new WarmUp(perRound, rule.steps(), rule.nanos() / 1e9, rule.verdict());
    }

    /**
     * The JIT's total compilation time in milliseconds, or empty when this VM has no JIT
     * ({@code -Xint}) or does not monitor its compilation time.
     */
    static Optional<LongSupplier> jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported()
                ? Optional.of(jit::getTotalCompilationTime) : Optional.empty();
    }

    static double median(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}

package nnc.compiler.cli;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import nnc.runtime.Model;
import nnc.runtime.Signature;

/**
 * {@code nnc train --measure-allocation}: a model that passes every call through to the
 * generated one and, at the start of each {@link #trainStep}, reads the bytes the thread has
 * allocated so far (into an array sized up front, so measuring allocates nothing). Between two
 * steps of one epoch lies exactly one steady-state iteration of the training loop — batch copy,
 * training step, clipping, schedule, optimizer step, metrics — so those differences are its
 * allocation; differences across an epoch boundary (validation, checkpoint, progress line) are
 * left out.
 */
final class AllocationProbe implements Model {
    private final Model model;
    private final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final long[] at;
    private final long[] workers;
    private int steps;

    /**
     * A probe recording up to {@code capacity} steps of {@code model}, counting the bytes of the
     * calling thread and of the model's worker threads {@code workers}.
     */
    AllocationProbe(Model model, long[] workers, int capacity) {
        this.model = model;
        this.workers = workers.clone();
        this.at = new long[capacity];
    }

    /**
     * The result over the last half of the recorded steps (the first half is JIT warm-up),
     * counting only differences within an epoch of {@code stepsPerEpoch} steps, as three windows.
     */
    String report(int stepsPerEpoch) {
        long[] windows = new long[3];
        int counted = 0, from = steps / 2;
        int span = Math.max(1, (steps - 1 - from) / windows.length + 1);
        for (int k = from; k + 1 < steps; k++) {
            if ((k + 1) % stepsPerEpoch != 0) {
                windows[Math.min(windows.length - 1, (k - from) / span)] += at[k + 1] - at[k];
                counted++;
            }
        }
        long total = Arrays.stream(windows).sum();
        return String.format(Locale.ROOT, "allocation: %.1f bytes per steady-state training step (%d steps after"
                + " %d of warm-up; windows %s bytes)", counted == 0 ? Double.NaN : (double) total / counted, counted,
                from, Arrays.toString(windows));
    }

    @Override
    public void trainStep(int n) {
        mark();
        model.trainStep(n);
    }

    @Override
    public void trainStepSgd(int n, double lr, double weightDecay) {
        mark();
        model.trainStepSgd(n, lr, weightDecay);
    }

    /** Records the bytes allocated so far, at the start of a step. */
    private void mark() {
        if (steps < at.length) {
            long bytes = bean.getCurrentThreadAllocatedBytes();
            for (long id : workers) {
                bytes += bean.getThreadAllocatedBytes(id);
            }
            at[steps++] = bytes;
        }
    }

    @Override
    public Signature signature() {
        return model.signature();
    }

    @Override
    public int maxBatch() {
        return model.maxBatch();
    }

    @Override
    public void infer(int n) {
        model.infer(n);
    }

    @Override
    public void evaluate(int n) {
        model.evaluate(n);
    }

    @Override
    public double loss() {
        return model.loss();
    }

    @Override
    public Object input(int i) {
        return model.input(i);
    }

    @Override
    public Object target(int i) {
        return model.target(i);
    }

    @Override
    public Object output(int i) {
        return model.output(i);
    }

    @Override
    public Object param(int i) {
        return model.param(i);
    }

    @Override
    public Object grad(int i) {
        return model.grad(i);
    }

    @Override
    public Object state(int i) {
        return model.state(i);
    }

    @Override
    public void setParam(int i, Object array) {
        model.setParam(i, array);
    }

    @Override
    public void setSeed(long seed) {
        model.setSeed(seed);
    }
}

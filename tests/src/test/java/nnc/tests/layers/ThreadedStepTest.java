package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nnc.compiler.interp.Tensor;
import nnc.runtime.CompiledModel;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.NncRuntimeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Steps split over threads ({@link CompiledModel#setThreads}): the same bits for every thread
 * count, agreement with the reference interpreter, no allocation on any thread, errors.
 */
@Timeout(120)
class ThreadedStepTest {
    /**
     * Matmuls forward and backward (row ranges of C: batch rows, and rows of the weight
     * gradients), row-wise reductions (layer norm, softmax), column-wise ones (bias gradients,
     * batch statistics) and elementwise kernels, all with sizes that are no multiple of the row
     * blocks.
     */
    static final String SOURCE = """
            block dense(x: [n, i], units) {
              param W: %1$s[i, units] = kaiming
              param b: %1$s[units]    = zeros
              return x @ W + b
            }
            model Net {
              input  x: %1$s[batch, 45]
              target y: i32[batch]
              param g: %1$s[38] = ones
              param s: %1$s[38] = zeros
              param gamma: %1$s[21] = ones
              param beta:  %1$s[21] = zeros
              state running_mean: %1$s[21] = zeros
              state running_var:  %1$s[21] = ones
              h1 = relu(layer_norm(dense(x, 38), g, s))
              h2 = tanh(batch_norm(dense(h1, 21), gamma, beta, running_mean, running_var))
              logits = dense(h2, 7)
              output probs = softmax(logits)
              loss = cross_entropy(logits, y) + 1e-3 * l2(h1.W)
            }
            """;
    private static final int BATCH = 37;

    private static LayerHarness.Compiled compile(DType dtype) {
        return LayerHarness.compile("net.nn", SOURCE.formatted(dtype.sourceName()), dtype);
    }

    /** Everything a step leaves behind, as raw bits: outputs, loss, gradients, state, parameters. */
    private static List<long[]> run(LayerHarness.Compiled c, Map<String, Tensor> values, int threads) {
        CompiledModel m = (CompiledModel) c.instantiate(BATCH);
        LayerHarness.load(m, values);
        m.setThreads(threads);
        m.setMinParallelWork(0);
        List<long[]> bits = new ArrayList<>();
        try {
            for (int step = 0; step < 3; step++) {
                int n = step == 1 ? 9 : BATCH;
                m.trainStep(n);
                bits.add(new long[] {Double.doubleToRawLongBits(m.loss())});
                for (int i = 0; i < m.signature().params().size(); i++) {
                    bits.add(raw(m.grad(i)));
                    sgd(m.param(i), m.grad(i));
                }
                for (int i = 0; i < m.signature().state().size(); i++) {
                    bits.add(raw(m.state(i)));
                }
                bits.add(raw(m.output(0)));
            }
            m.infer(BATCH);
            bits.add(raw(m.output(0)));
            m.evaluate(BATCH - 1);
            bits.add(new long[] {Double.doubleToRawLongBits(m.loss())});
        } finally {
            m.close();
        }
        return bits;
    }

    private static void sgd(Object param, Object grad) {
        if (param instanceof float[] p) {
            float[] g = (float[]) grad;
            for (int j = 0; j < p.length; j++) {
                p[j] -= 0.1f * g[j];
            }
        } else {
            double[] p = (double[]) param;
            double[] g = (double[]) grad;
            for (int j = 0; j < p.length; j++) {
                p[j] -= 0.1 * g[j];
            }
        }
    }

    private static long[] raw(Object array) {
        if (array instanceof float[] f) {
            long[] r = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                r[i] = Float.floatToRawIntBits(f[i]);
            }
            return r;
        }
        return Arrays.stream((double[]) array).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void everyThreadCountComputesTheSameBits(DType dtype) {
        LayerHarness.Compiled c = compile(dtype);
        Map<String, Tensor> values = LayerHarness.values(c.train(), BATCH, 11, c.model().stateInit());
        List<long[]> one = run(c, values, 1);
        for (int threads = 2; threads <= 4; threads++) {
            List<long[]> more = run(c, values, threads);
            assertThat(more).hasSameSizeAs(one);
            for (int i = 0; i < one.size(); i++) {
                assertThat(more.get(i)).as("array %d of the run with %d threads", i, threads).isEqualTo(one.get(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void aThreadedStepAgreesWithTheInterpreter(DType dtype) {
        LayerHarness.Compiled c = compile(dtype);
        Map<String, Tensor> values = LayerHarness.values(c.train(), BATCH, 5, c.model().stateInit());
        CompiledModel m = (CompiledModel) c.instantiate(BATCH);
        m.setThreads(3);
        m.setMinParallelWork(0);
        try {
            LayerHarness.load(m, values);
            Map<String, Tensor> next = LayerHarness.trainStepMatches(c, m, values, BATCH, 0, LayerHarness.tolerance(dtype));
            LayerHarness.inferenceMatches(c, m, next, BATCH, LayerHarness.tolerance(dtype));
        } finally {
            m.close();
        }
    }

    @Test
    void noThreadAllocatesDuringSteps() {
        LayerHarness.Compiled c = compile(DType.F32);
        CompiledModel m = (CompiledModel) c.instantiate(BATCH);
        LayerHarness.load(m, LayerHarness.values(c.train(), BATCH, 3, c.model().stateInit()));
        m.setThreads(2);
        m.setMinParallelWork(0);
        long[] ids = threadIds(m);
        assertThat(ids).hasSize(2);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3000; i++) {
            m.trainStep(1 + i % BATCH);
            m.infer(1 + i % BATCH);
        }
        long[] before = threads.getThreadAllocatedBytes(ids);
        before[0] = threads.getCurrentThreadAllocatedBytes(); // after the array above was allocated
        for (int i = 0; i < 2000; i++) {
            m.trainStep(1 + i % BATCH);
            m.infer(1 + i % BATCH);
        }
        long callerAfter = threads.getCurrentThreadAllocatedBytes();
        long[] after = threads.getThreadAllocatedBytes(ids);
        after[0] = callerAfter;
        m.close();
        for (int t = 0; t < ids.length; t++) {
            assertThat(after[t] - before[t]).as("bytes allocated by thread %d (0: the caller) in 2000 steps", t).isZero();
        }
    }

    /** The caller's id, then the workers'. */
    private static long[] threadIds(CompiledModel m) {
        long[] workers = m.workerThreadIds();
        long[] ids = new long[workers.length + 1];
        ids[0] = Thread.currentThread().getId();
        System.arraycopy(workers, 0, ids, 1, workers.length);
        return ids;
    }

    @Test
    void closingStopsTheWorkersAndTheModelRunsOnOneThread() throws Exception {
        LayerHarness.Compiled c = compile(DType.F32);
        CompiledModel m = (CompiledModel) c.instantiate(BATCH);
        m.setThreads(3);
        assertThat(m.threads()).isEqualTo(3);
        long[] ids = m.workerThreadIds();
        assertThat(ids).hasSize(2);
        m.close();
        assertThat(m.threads()).isEqualTo(1);
        assertThat(m.workerThreadIds()).isEmpty();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (Arrays.stream(ids).anyMatch(id -> id == t.getId())) {
                t.join(5000);
                assertThat(t.isAlive()).as("worker %s after close", t.getName()).isFalse();
            }
        }
        m.trainStep(BATCH);
        assertThat(m.loss()).isFinite();
        m.close();
        assertThatThrownBy(() -> m.setThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Net: the thread count must be at least 1, got 0");
    }

    @Test
    void aBadLabelInAThreadedStepIsStillNamed() {
        LayerHarness.Compiled c = compile(DType.F32);
        Model m = c.instantiate(BATCH);
        LayerHarness.load(m, LayerHarness.values(c.train(), BATCH, 3, c.model().stateInit()));
        ((CompiledModel) m).setThreads(2);
        ((CompiledModel) m).setMinParallelWork(0);
        ((int[]) m.target(0))[4] = 7;
        assertThatThrownBy(() -> m.trainStep(BATCH)).isInstanceOf(NncRuntimeException.class)
                .hasMessageContaining("label 7 at index 4 of 'y' is not a class index in [0, 7)");
        ((CompiledModel) m).close();
    }
}

package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.SimdMode;
import nnc.runtime.CompiledModel;
import nnc.runtime.DType;
import nnc.runtime.simd.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Threaded steps of the {@code --simd vector} back end with its kernels loaded (the tests
 * module's {@code vector} execution): the row ranges of the Vector API calls give the same bits
 * for every thread count, and no thread allocates.
 */
@Timeout(120)
class VectorThreadsTest {
    private static CompiledModel stepped(CompiledClass compiled, Graphs.Case c, int threads) {
        CompiledModel m = (CompiledModel) Harness.instantiate(compiled, SimdCases.MAX_BATCH);
        m.setThreads(threads);
        m.setMinParallelWork(0);
        Harness.load(m, c.values());
        m.infer(c.batch());
        m.trainStep(c.batch());
        return m;
    }

    /** 16 is the first batch on the kernels; 17, 50 and 64 leave tails of the 6-row kernel and the 8-row ranges. */
    @ParameterizedTest
    @ValueSource(ints = {16, 17, 50, 64})
    void everyThreadCountComputesTheSameBits(int batch) {
        assertThat(Simd.gemm()).isNotNull();
        Graphs.Case c = Graphs.deepMlp(DType.F32, SimdCases.SIZES, batch, 21L + batch);
        CompiledClass vector = SimdCases.compile(c, SimdMode.VECTOR);
        CompiledModel single = stepped(vector, c, 1);
        List<double[]> one = SimdCases.results(single, batch);
        for (int threads = 2; threads <= 4; threads++) {
            CompiledModel m = stepped(vector, c, threads);
            List<double[]> more = SimdCases.results(m, batch);
            m.close();
            for (int i = 0; i < one.size(); i++) {
                assertThat(more.get(i)).as("result %d with %d threads", i, threads).containsExactly(one.get(i));
            }
        }
    }

    @Test
    void noThreadAllocates() {
        Graphs.Case c = Graphs.deepMlp(DType.F32, SimdCases.SIZES, SimdCases.MAX_BATCH, 3);
        CompiledModel m = stepped(SimdCases.compile(c, SimdMode.VECTOR), c, 2);
        long[] workers = m.workerThreadIds();
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5_000; i++) {
            m.trainStep(16 + i % 49);
            m.infer(16 + i % 49);
        }
        long[] before = bean.getThreadAllocatedBytes(workers);
        long callerBefore = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000; i++) {
            m.trainStep(16 + i % 49);
            m.infer(16 + i % 49);
        }
        long callerAfter = bean.getCurrentThreadAllocatedBytes();
        long[] after = bean.getThreadAllocatedBytes(workers);
        m.close();
        assertThat(callerAfter - callerBefore).as("bytes allocated by the calling thread").isZero();
        assertThat(after[0] - before[0]).as("bytes allocated by the worker").isZero();
    }
}

package nnc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import nnc.runtime.Model;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** After warm-up, a training step (with its optimizer) and an inference allocate nothing, on both sides of every figure. */
class ZeroAllocationTest {
    private static final int WARMUP = 20;
    private static final int STEPS = 50;

    @ParameterizedTest
    @CsvSource({"W1, 2, sgd", "W1, 5, adam", "W3, 4, sgd", "W3, 4, adam"})
    void compiledModelStepsAllocateNothing(Workload w, int batch, String optimizer) {
        Model m = NncModels.create(w, batch, BenchCase.SEED);
        Optimizer opt = Optimizers.create(optimizer, Map.of("lr", 1e-3), m.signature());
        Runnable step = () -> {
            m.trainStep(batch);
            opt.step(m);
            m.infer(batch);
        };
        assertThat(allocatedBy(step)).as("bytes allocated by %d nnc steps of %s", STEPS, w).isZero();
    }

    @ParameterizedTest
    @CsvSource({"W1, 2, sgd", "W1, 5, adam", "W3, 4, sgd", "W3, 4, adam"})
    void baselineStepsAllocateNothing(Workload w, int batch, String optimizer) {
        HandMlp net = NncModels.createBaseline(w, batch, BenchCase.SEED);
        HandOptimizer opt = HandOptimizer.create(optimizer, net);
        Runnable step = () -> {
            net.trainStep(batch);
            opt.step();
            net.infer(batch);
        };
        assertThat(allocatedBy(step)).as("bytes allocated by %d baseline steps of %s", STEPS, w).isZero();
    }

    @org.junit.jupiter.api.Test
    void theMeasurementSeesAnAllocation() {
        float[][] sink = new float[1][];
        assertThat(allocatedBy(() -> sink[0] = new float[256])).isGreaterThanOrEqualTo(STEPS * 1024L);
    }

    private static long allocatedBy(Runnable step) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUP; i++) {
            step.run();
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < STEPS; i++) {
            step.run();
        }
        return threads.getThreadAllocatedBytes(id) - before;
    }
}

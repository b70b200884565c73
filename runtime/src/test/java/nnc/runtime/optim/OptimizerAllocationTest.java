package nnc.runtime.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.stream.Stream;
import nnc.runtime.DType;
import nnc.runtime.testing.QuadraticModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer variant's step (the fused per-element update, its per-step coefficients and
 * the learning-rate change a schedule makes) allocates exactly 0 bytes after warm-up, in f32
 * and f64, counted with {@code getThreadAllocatedBytes} over a fixed number of steps.
 */
class OptimizerAllocationTest {
    private static final int WARMUP = 200;
    private static final int STEPS = 100;

    static Stream<Arguments> variants() {
        Stream<Arguments> configs = Stream.of(
                Arguments.of("sgd", Map.of("lr", 0.01)),
                Arguments.of("sgd", Map.of("lr", 0.01, "momentum", 0.9, "weight_decay", 0.01, "nesterov", true)),
                Arguments.of("adagrad", Map.of("lr_decay", 0.01, "weight_decay", 0.01)),
                Arguments.of("rmsprop", Map.of("centered", true, "momentum", 0.5)),
                Arguments.of("adam", Map.of("weight_decay", 0.01)),
                Arguments.of("adam", Map.of("amsgrad", true)),
                Arguments.of("adamw", Map.of()),
                Arguments.of("nadam", Map.of("weight_decay", 0.01)));
        return configs.flatMap(a -> Stream.of(DType.F32, DType.F64).map(d -> Arguments.of(a.get()[0], a.get()[1], d)));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void aStepAllocatesNothing(String name, Map<String, Object> hyper, DType dtype) {
        QuadraticModel model = new QuadraticModel(dtype, 37, 5, 300);
        Optimizer opt = Optimizers.create(name, hyper, model.signature());
        Runnable step = () -> {
            model.trainStep(1);
            opt.setLr(opt.lr() * 0.999);
            opt.step(model);
        };
        assertThat(allocatedBy(step)).as("bytes allocated by %d %s steps", STEPS, name).isZero();
    }

    @Test
    void theMeasurementSeesAnAllocation() {
        Object[] sink = new Object[1];
        assertThat(allocatedBy(() -> sink[0] = new double[64])).isGreaterThanOrEqualTo(STEPS * 512L);
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

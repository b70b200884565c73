package nnc.runtime.optim;

import java.util.Arrays;
import java.util.Map;
import nnc.runtime.DType;
import nnc.runtime.testing.QuadraticModel;

/**
 * Not a test: prints the median time per element of one optimizer step over a 1M-element
 * parameter, f32 and f64. Run it with and without {@code -XX:-UseSuperWord} to see whether the
 * loops are vectorized:
 * {@code java -cp runtime/target/classes:runtime/target/test-classes nnc.runtime.optim.OptimizerThroughput}.
 */
public final class OptimizerThroughput {
    private OptimizerThroughput() {
    }

    public static void main(String[] args) {
        int n = 1 << 20;
        for (String name : new String[] {"sgd", "adam", "nadam", "rmsprop", "adagrad"}) {
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                QuadraticModel m = new QuadraticModel(dtype, n);
                Map<String, Object> hyper = name.equals("sgd") ? Map.of("lr", 1e-3, "momentum", 0.9) : Map.of("lr", 1e-6);
                Optimizer o = Optimizers.create(name, hyper, m.signature());
                double[] times = new double[300];
                for (int i = 0; i < times.length; i++) {
                    long t0 = System.nanoTime();
                    o.step(m);
                    times[i] = (System.nanoTime() - t0) / (double) n;
                }
                double[] late = Arrays.copyOfRange(times, 100, times.length);
                Arrays.sort(late);
                System.out.printf("%-8s %s  %.3f ns/element%n", name, dtype.sourceName(), late[late.length / 2]);
            }
        }
    }
}

package nnc.tests.codegen;

import java.util.Arrays;
import nnc.compiler.codegen.CompiledClass;
import nnc.runtime.DType;
import nnc.runtime.Model;

/**
 * Not a test: a quick timing of the W1 workload (784-256-128-10) through generated code, for
 * design decisions. Run with {@code java -cp … nnc.tests.codegen.W1Bench [batch…]}.
 */
public final class W1Bench {
    private W1Bench() {
    }

    public static void main(String[] args) {
        int[] batches = args.length == 0 ? new int[] {1, 32, 128} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int batch : batches) {
            Graphs.Case c = Graphs.deepMlp(DType.F32, new int[] {784, 256, 128, 10}, batch, 1);
            CompiledClass compiled = Harness.compile(c.graph(), "W1", DType.F32);
            Model m = Harness.instantiate(compiled, batch);
            Harness.load(m, c.values());
            double train = time(() -> m.trainStep(batch));
            double infer = time(() -> m.infer(batch));
            System.out.printf("W1 batch %4d: trainStep %9.1f us (%5.1f GFLOP/s)  infer %9.1f us%n", batch, train,
                    1.01e6 * batch / train / 1e3, infer);
        }
    }

    private static double time(Runnable r) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            r.run();
        }
        double[] t = new double[15];
        for (int s = 0; s < t.length; s++) {
            int reps = 0;
            long t0 = System.nanoTime();
            long t1;
            do {
                r.run();
                reps++;
                t1 = System.nanoTime();
            } while (t1 - t0 < 100_000_000L);
            t[s] = (t1 - t0) / 1e3 / reps;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}

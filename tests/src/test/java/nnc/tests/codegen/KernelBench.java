package nnc.tests.codegen;

import java.lang.reflect.Method;
import java.util.Arrays;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.Program;
import nnc.runtime.DType;
import nnc.runtime.Model;

/** Not a test: times each kernel method of W1's trainStep, to see where time goes. */
public final class KernelBench {
    private KernelBench() {
    }

    public static void main(String[] args) throws Exception {
        int batch = Integer.parseInt(args[0]);
        Graphs.Case c = Graphs.deepMlp(DType.F32, new int[] {784, 256, 128, 10}, batch, 1);
        CompiledClass compiled = Harness.compile(c.graph(), "W1", DType.F32);
        System.out.println(compiled.report().render(batch));
        Model m = Harness.instantiate(compiled, batch);
        Harness.load(m, c.values());
        for (int i = 0; i < 200; i++) {
            m.trainStep(batch);
        }
        Program p = compiled.report().program(Entry.TRAIN).orElseThrow();
        for (int k = 0; k < p.kernels().size(); k++) {
            Method method = m.getClass().getDeclaredMethod("trainStep$" + k, int.class);
            method.setAccessible(true);
            double us = time(() -> {
                try {
                    method.invoke(m, batch);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
            System.out.printf("%2d %10.1f us  %s%n", k, us, p.kernels().get(k).describe());
        }
    }

    private static double time(Runnable r) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            r.run();
        }
        double[] t = new double[7];
        for (int s = 0; s < t.length; s++) {
            int reps = 0;
            long t0 = System.nanoTime();
            long t1;
            do {
                r.run();
                reps++;
                t1 = System.nanoTime();
            } while (t1 - t0 < 50_000_000L);
            t[s] = (t1 - t0) / 1e3 / reps;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}

package nnc.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nnc.compiler.codegen.SimdMode;
import nnc.runtime.Model;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;

/**
 * A second measurement beside JMH for a shared, busy machine: for each case, rounds of nnc and of
 * the baseline alternate (so both see the same load), each round timed in wall-clock and in the
 * thread's CPU time (which other processes do not inflate), and the bytes each step allocates are
 * counted exactly. Prints one JSON object per case and side.
 *
 * <p>{@code java -cp bench/target/classes:bench/target/lib/* nnc.bench.Interleaved [SECONDS [CASES …]]}, where
 * each CASES argument is {@code KIND=CASE} (e.g. {@code train=W2:256:sgd infer=W1:1}) or a
 * comma-separated list such as {@code W1:32:adam,W1:1} (training cases have an optimizer,
 * inference cases none): only those cases; default: every case of {@link #TRAIN} and {@link #INFER}.
 */
public final class Interleaved {
    private static final long ROUND_NANOS = 2_000_000;
    private static final int ALLOCATION_STEPS = 20;
    /** nnc's matmul kernels: {@code -Dnnc.bench.simd=vector} (with {@code --add-modules jdk.incubator.vector}). */
    private static final SimdMode SIMD = SimdMode.parse(System.getProperty("nnc.bench.simd", "scalar"))
            .orElseThrow(() -> new IllegalArgumentException("-Dnnc.bench.simd: expected scalar or vector"));

    private Interleaved() {
    }

    /** The training cases run by default. */
    static final List<String> TRAIN = List.of("W3:4:sgd", "W1:1:sgd", "W1:1:adam", "W1:32:sgd", "W1:32:adam",
            "W1:128:sgd", "W1:128:adam", "W1:1024:sgd", "W1:1024:adam", "W2:256:sgd");
    /** The inference cases run by default. */
    static final List<String> INFER = List.of("W1:1");

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        if (args.length > 1) {
            for (int i = 1; i < args.length; i++) {
                String[] kindCase = args[i].split("=", 2);
                if (kindCase.length == 2) {
                    run(kindCase[0], kindCase[1], seconds);
                } else {
                    for (String c : args[i].split(",")) {
                        run(kind(c), c, seconds);
                    }
                }
            }
            return;
        }
        for (String c : concat(TRAIN, INFER)) {
            run(kind(c), c, seconds);
        }
    }

    /** {@code infer} for a case without an optimizer ({@code W1:1}), else {@code train}. */
    private static String kind(String c) {
        return BenchCase.parse(c).optimizer().equals("none") ? "infer" : "train";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void run(String kind, String text, double seconds) {
        BenchCase c = BenchCase.parse(text);
        Model model = NncModels.create(c.workload(), c.batch(), BenchCase.SEED, SIMD);
        HandMlp net = NncModels.createBaseline(c.workload(), c.batch(), BenchCase.SEED);
        Runnable nnc;
        Runnable java;
        if (kind.equals("train")) {
            Optimizer opt = Optimizers.create(c.optimizer(), Map.of("lr", c.optimizer().equals("sgd") ? 0.01 : 1e-3),
                    model.signature());
            HandOptimizer hand = HandOptimizer.create(c.optimizer(), net);
            nnc = () -> opt.trainStep(model, c.batch());
            java = () -> {
                net.trainStep(c.batch());
                hand.step();
            };
        } else {
            nnc = () -> model.infer(c.batch());
            java = () -> net.infer(c.batch());
        }
        long[] perRound = {warm(nnc, seconds / 3), warm(java, seconds / 3)};
        double[][] wall = new double[2][100_000];
        double[][] cpu = new double[2][100_000];
        int rounds = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (rounds < 5 || (System.nanoTime() < end && rounds < wall[0].length)) {
            round(nnc, perRound[0], wall[0], cpu[0], rounds);
            round(java, perRound[1], wall[1], cpu[1], rounds);
            rounds++;
        }
        print(kind, text, "nnc", wall[0], cpu[0], rounds, allocated(nnc));
        print(kind, text, "java", wall[1], cpu[1], rounds, allocated(java));
    }

    private static long warm(Runnable step, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (n < 10 || System.nanoTime() < end) {
            step.run();
            n++;
        }
        long t0 = System.nanoTime();
        step.run();
        return Math.max(1, ROUND_NANOS / Math.max(1, System.nanoTime() - t0));
    }

    private static void round(Runnable step, long steps, double[] wall, double[] cpu, int at) {
        var threads = ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (long i = 0; i < steps; i++) {
            step.run();
        }
        wall[at] = (System.nanoTime() - t0) / 1e3 / steps;
        cpu[at] = (threads.getCurrentThreadCpuTime() - c0) / 1e3 / steps;
    }

    private static double allocated(Runnable step) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < ALLOCATION_STEPS; i++) {
            step.run();
        }
        return (threads.getThreadAllocatedBytes(id) - before) / (double) ALLOCATION_STEPS;
    }

    private static void print(String kind, String c, String impl, double[] wall, double[] cpu, int n, double bytes) {
        System.out.printf(Locale.ROOT, "{\"kind\": \"%s\", \"case\": \"%s\", \"impl\": \"%s\", \"wall_us\": %.4f,"
                + " \"cpu_us\": %.4f, \"rounds\": %d, \"allocated_bytes_per_step\": %.1f}%n",
                kind, c, impl, median(wall, n), median(cpu, n), n, bytes);
    }

    private static double median(double[] v, int n) {
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}

package nnc.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import nnc.runtime.Model;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, loss, backward, optimizer update: SGD lr 0.01 or Adam lr 1e-3) of
 * each workload: the nnc-compiled model with the runtime's optimizer, and the hand-written
 * baseline with its own loops, on identical parameters and data. Not run by the build: see
 * docs/performance.md and {@code bench/compare}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TrainBenchmark {

    /** The compiled model and the runtime optimizer. */
    @State(Scope.Thread)
    public static class Nnc {
        @Param({"W3:4:sgd", "W1:1:sgd", "W1:1:adam", "W1:32:sgd", "W1:32:adam", "W1:128:sgd", "W1:128:adam",
            "W1:1024:sgd", "W1:1024:adam", "W2:256:sgd"})
        public String workload;

        Model model;
        Optimizer optimizer;
        int batch;

        @Setup(Level.Trial)
        public void setUp() {
            BenchCase c = BenchCase.parse(workload);
            batch = c.batch();
            model = NncModels.create(c.workload(), batch, BenchCase.SEED);
            optimizer = Optimizers.create(c.optimizer(), Map.of("lr", c.optimizer().equals("sgd") ? 0.01 : 1e-3),
                    model.signature());
        }
    }

    /** The hand-written network and its optimizer loops. */
    @State(Scope.Thread)
    public static class Java {
        @Param({"W3:4:sgd", "W1:1:sgd", "W1:1:adam", "W1:32:sgd", "W1:32:adam", "W1:128:sgd", "W1:128:adam",
            "W1:1024:sgd", "W1:1024:adam", "W2:256:sgd"})
        public String workload;

        HandMlp net;
        HandOptimizer optimizer;
        int batch;

        @Setup(Level.Trial)
        public void setUp() {
            BenchCase c = BenchCase.parse(workload);
            batch = c.batch();
            net = NncModels.createBaseline(c.workload(), batch, BenchCase.SEED);
            optimizer = HandOptimizer.create(c.optimizer(), net);
        }
    }

    @Benchmark
    public double nnc(Nnc s) {
        s.optimizer.trainStep(s.model, s.batch);
        return s.model.loss();
    }

    @Benchmark
    public double java(Java s) {
        s.net.trainStep(s.batch);
        s.optimizer.step();
        return s.net.loss();
    }
}

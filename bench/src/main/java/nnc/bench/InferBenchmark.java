package nnc.bench;

import java.util.concurrent.TimeUnit;
import nnc.runtime.Model;
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

/** Inference (forward pass to the output probabilities) of the nnc-compiled model and of the baseline. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class InferBenchmark {

    /** The compiled model. */
    @State(Scope.Thread)
    public static class Nnc {
        @Param({"W1:1"})
        public String workload;

        Model model;
        int batch;

        @Setup(Level.Trial)
        public void setUp() {
            BenchCase c = BenchCase.parse(workload);
            batch = c.batch();
            model = NncModels.create(c.workload(), batch, BenchCase.SEED);
        }
    }

    /** The hand-written network. */
    @State(Scope.Thread)
    public static class Java {
        @Param({"W1:1"})
        public String workload;

        HandMlp net;
        int batch;

        @Setup(Level.Trial)
        public void setUp() {
            BenchCase c = BenchCase.parse(workload);
            batch = c.batch();
            net = NncModels.createBaseline(c.workload(), batch, BenchCase.SEED);
        }
    }

    @Benchmark
    public float nnc(Nnc s) {
        s.model.infer(s.batch);
        return ((float[]) s.model.output(0))[0];
    }

    @Benchmark
    public float java(Java s) {
        s.net.infer(s.batch);
        return s.net.output()[0][0];
    }
}

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
 * The optimizer's share of a training step: {@link Optimizer#step} alone over W1's 235 146
 * parameters (gradients from one real training step, batch 32) or W3's 33 (batch 4), for each
 * update rule the runtime has. Compare with {@link TrainBenchmark}'s {@code W1:32:adam} step.
 * Not run by the build.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class OptimizerBenchmark {
    /** An optimizer name and its non-default hyperparameters, e.g. {@code sgd-momentum}. */
    @Param({"sgd", "sgd-momentum", "adam", "adamw", "adam-amsgrad", "nadam", "rmsprop", "adagrad"})
    public String rule;

    /** The model whose parameters and gradients are updated: W1 (235 146 parameters) or W3 (33). */
    @Param({"W1", "W3"})
    public String workload;

    Model model;
    Optimizer optimizer;

    @Setup(Level.Trial)
    public void setUp() {
        int batch = workload.equals("W3") ? 4 : 32;
        model = NncModels.create(Workload.valueOf(workload), batch, BenchCase.SEED);
        model.trainStep(batch);
        optimizer = create(rule, model);
    }

    /** The optimizer {@code rule} names, with learning rate 1e-3 and the variant's options. */
    static Optimizer create(String rule, Model model) {
        Map<String, Object> lr = Map.of("lr", 1e-3);
        return switch (rule) {
            case "sgd-momentum" -> Optimizers.create("sgd", Map.of("lr", 1e-3, "momentum", 0.9, "weight_decay", 1e-4),
                    model.signature());
            case "adam-amsgrad" -> Optimizers.create("adam", Map.of("lr", 1e-3, "amsgrad", true), model.signature());
            default -> Optimizers.create(rule, lr, model.signature());
        };
    }

    @Benchmark
    public long step() {
        optimizer.step(model);
        return optimizer.stepCount();
    }
}

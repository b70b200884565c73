package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.SimdMode;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.IrException;
import nnc.compiler.kernel.Entry;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.Lowering;
import nnc.runtime.CompiledModel;
import nnc.runtime.ConfigException;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.Optimizers;
import nnc.runtime.simd.Simd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nnc bench MODEL}: compiles a model in-process and measures its training step and inference. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Compile a model in-process, initialize it from its initializers with --seed, fill"
                + " random inputs and targets, warm up until steady, then measure the training step"
                + " (Optimizer.trainStep: trainStep plus the optimizer's update, for SGD without momentum inside the step) and"
                + " inference, and print one JSON object with the medians:"
                + " train_step_us, infer_us, samples_per_s, gflops, allocated_bytes_per_step, threads, batch,"
                + " jdk, and the memory the instance holds against the minimum.",
                "FLOPs are counted from the compiled kernels: 2·m·k·n per matmul (forward and backward),"
                + " one per elementwise operation and per reduced element; the optimizer update is not"
                + " counted."})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "MODEL", description = "the .nn file")
    private Path file;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "rows per step (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T", description = "threads a step's large kernels are split over (CompiledModel.setThreads; default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--seconds", defaultValue = "3", paramLabel = "S",
            description = "measuring time of each of train and infer; each is warmed up first for at least as long and"
                    + " 300 steps, and until the JIT is quiet and the step time has stopped falling (up to"
                    + " --max-warmup-seconds) (default: ${DEFAULT-VALUE})")
    private double seconds;

    @Option(names = "--max-warmup-seconds", paramLabel = "S",
            description = "the longest warm-up of each of train and infer; a step not steady by then is measured anyway"
                    + " and warmup_settled is false (default: 10 times --seconds, at least 60)")
    private Optional<Double> maxWarmupSeconds;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME",
            description = "the optimizer of the training step: sgd, adagrad, rmsprop, adam, adamw or nadam (default: ${DEFAULT-VALUE})")
    private String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default: 0.01 for sgd, 0.001 otherwise)")
    private Optional<Double> lr;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f64",
            description = "the float type the model is compiled and run in (default: ${DEFAULT-VALUE})")
    private String dtype;

    @Option(names = "--simd", paramLabel = "scalar|vector", converter = SimdOption.class,
            description = SimdOption.DESCRIPTION)
    private SimdMode simd = SimdMode.SCALAR;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed of parameters and data (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to run (default: the first)")
    private Optional<String> model;

    @Override
    public Integer call() {
        Session s = main.session();
        Optional<String> bad = usageError();
        if (bad.isPresent()) {
            s.err().println("nnc bench: " + bad.get());
            s.err().println("Try 'nnc help bench'.");
            return ExitCodes.USAGE;
        }
        ModelLoader.Loaded loaded = ModelLoader.load(s, file, model);
        if (loaded.forward().isEmpty()) {
            return loaded.exitCode();
        }
        Graph forward = loaded.forward().get();
        s.doing("compiling " + file);
        CompiledClass compiled;
        try {
            CheckedModel checked = loaded.model().orElseThrow();
            Lowering.Modes modes = Lowering.lowerModes(checked, new GraphBuilder());
            compiled = ModelCompiler.compileModes(modes.train(), modes.infer(), new ModelCompiler.Options(
                    "nnc.bench." + javaName(loaded), checked.name(), floatType(), checked.stateInit()).withSimd(simd));
        } catch (IrException e) {
            s.err().println("nnc bench: " + file + ": " + e.getMessage());
            return ExitCodes.DATA_ERROR;
        }
        s.doing("setting up " + file);
        Model m = nnc.compiler.codegen.ModelLoader.instantiate(compiled, batch);
        ((CompiledModel) m).setThreads(threads);
        BenchData.fill(m, loaded.model().orElseThrow(), forward, seed);
        Optimizer opt;
        try {
            opt = Optimizers.create(optimizer, Map.of("lr", lr.orElse(optimizer.equals("sgd") ? 0.01 : 1e-3)),
                    m.signature());
        } catch (ConfigException e) {
            s.err().println("nnc bench: --optimizer " + optimizer + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        s.doing("measuring " + file);
        try {
            s.out().println(json(compiled, m, opt));
        } finally {
            ((CompiledModel) m).close();
        }
        return ExitCodes.OK;
    }

    private Optional<String> usageError() {
        if (batch < 1) {
            return Optional.of("--batch must be at least 1, got " + batch);
        }
        if (threads < 1) {
            return Optional.of("--threads must be at least 1, got " + threads);
        }
        if (!(seconds > 0 && seconds <= 3600)) {
            return Optional.of("--seconds must be in (0, 3600], got " + seconds);
        }
        if (maxWarmupSeconds.isPresent() && !(maxWarmupSeconds.get() >= seconds && maxWarmupSeconds.get() <= 36_000)) {
            return Optional.of("--max-warmup-seconds must be in [--seconds, 36000], got " + maxWarmupSeconds.get());
        }
        if (!Optimizers.NAMES.contains(optimizer.toLowerCase(Locale.ROOT))) {
            return Optional.of("--optimizer " + optimizer + ": expected one of " + String.join(", ", Optimizers.NAMES));
        }
        if (!dtype.equals("f32") && !dtype.equals("f64")) {
            return Optional.of("--dtype " + dtype + ": expected f32 or f64");
        }
        return Optional.empty();
    }

    /** The float type the model is compiled in: {@code --dtype}. */
    private DType floatType() {
        return dtype.equals("f64") ? DType.F64 : DType.F32;
    }

    private static String javaName(ModelLoader.Loaded loaded) {
        String name = loaded.model().orElseThrow().name();
        return Character.isJavaIdentifierStart(name.charAt(0)) ? name : "M" + name;
    }

    private String json(CompiledClass compiled, Model m, Optimizer opt) {
        long warm = (long) (seconds * 1e9);
        long maxWarm = maxWarmupSeconds.map(max -> (long) (max * 1e9)).orElse(BenchRun.defaultMaxWarmupNanos(warm));
        long[] workers = ((CompiledModel) m).workerThreadIds();
        BenchRun.Timing train = BenchRun.measure(() -> opt.trainStep(m, batch), warm, maxWarm, warm, workers);
        BenchRun.Timing infer = BenchRun.measure(() -> m.infer(batch), warm, maxWarm, warm, workers);
        long trainFlops = compiled.report().program(Entry.TRAIN).orElseThrow().flops(batch);
        long inferFlops = compiled.report().program(Entry.INFER).orElseThrow().flops(batch);
        Footprint memory = Footprint.of(m, compiled.report(), opt);
        JsonOut o = new JsonOut();
        o.put("model", m.signature().modelName()).put("train_step_us", train.medianNanos() / 1e3)
                .put("infer_us", infer.medianNanos() / 1e3)
                .put("samples_per_s", batch / (train.medianNanos() / 1e9))
                .put("gflops", trainFlops / train.medianNanos())
                .put("allocated_bytes_per_step", train.allocatedBytesPerStep())
                .put("threads", threads).put("batch", batch).put("jdk", Runtime.version().toString())
                .put("optimizer", opt.name()).put("update_in_step", opt.updatesInStep()).put("dtype", dtype)
                .put("simd", simd == SimdMode.VECTOR ? Simd.describe() : "scalar")
                .put("train_step_cpu_us", train.cpuMedianNanos() / 1e3).put("infer_cpu_us", infer.cpuMedianNanos() / 1e3)
                .put("train_step_cpu_all_threads_us", train.allCpuMedianNanos() / 1e3)
                .put("infer_cpu_all_threads_us", infer.allCpuMedianNanos() / 1e3)
                .put("infer_gflops", inferFlops / infer.medianNanos())
                .put("allocated_bytes_per_infer", infer.allocatedBytesPerStep())
                .put("train_flops_per_step", trainFlops).put("infer_flops", inferFlops)
                .put("flops_counted", "kernel IR: 2mkn per matmul (forward and backward), 1 per elementwise op"
                        + " and per reduced element; optimizer update not counted")
                .put("measured_steps", train.steps()).put("measured_infers", infer.steps())
                .put("warmup_steps", train.warmUp().steps()).put("warmup_s", train.warmUp().seconds())
                .put("warmup_settled", train.warmUp().settled() && infer.warmUp().settled())
                .put("warmup_reason", train.warmUp().verdict().label())
                .put("infer_warmup_steps", infer.warmUp().steps()).put("infer_warmup_s", infer.warmUp().seconds())
                .put("infer_warmup_reason", infer.warmUp().verdict().label()).put("warmup_max_s", maxWarm / 1e9)
                .put("memory_bytes", memory.held()).put("memory_bytes_total", Footprint.total(memory.held()))
                .put("memory_min_bytes", memory.minimum())
                .put("memory_min_bytes_total", Footprint.total(memory.minimum()));
        return o.toString();
    }
}

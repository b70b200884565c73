package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import nnc.runtime.CompiledModel;
import nnc.runtime.ConfigException;
import nnc.runtime.Model;
import nnc.runtime.NncRuntimeException;
import nnc.runtime.Signature;
import nnc.runtime.data.Scaler;
import nnc.runtime.io.CheckpointInfo;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.train.History;
import nnc.runtime.train.TrainConfig;
import nnc.runtime.train.Trainer;
import picocli.CommandLine.Command;
import nnc.compiler.codegen.SimdMode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nnc train MODEL --data FILE …}: compiles the model, trains it, saves the weights. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compile a model and train it on a CSV file, with the settings of the model's train"
                + " section unless a flag says otherwise. Progress goes to stderr (a bar on a terminal, a line"
                + " per epoch otherwise); the final loss and accuracy to stdout. The weights (the best ones"
                + " under early stopping), the optimizer state and the feature scaling are saved to --out"
                + " (atomically) at the end, and when Ctrl-C stops the run; --resume continues from such a file.",
                "Exit codes: 0 trained, 64 bad usage, 65 a bad model, data or checkpoint file (nothing is"
                + " written), 66 a file that cannot be read, 73 an output file cannot be written, 130 stopped"
                + " by Ctrl-C (checkpoint saved)."})
final class TrainCommand implements Callable<Integer> {
    /** The exit code after Ctrl-C: 128 + SIGINT, as shells report it. */
    static final int INTERRUPTED = 130;

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "MODEL", description = "the .nn file")
    private Path file;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "training data (CSV)")
    private Path data;

    @Option(names = "--val", paramLabel = "FILE", description = "validation data (CSV); default: --val-split of --data")
    private Optional<Path> val;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs to train (default: train section, else 10)")
    private Optional<Integer> epochs;

    @Option(names = "--batch", paramLabel = "N", description = "rows per step (default: train section, else 32)")
    private Optional<Integer> batch;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, adagrad, rmsprop, adam, adamw or nadam (default: train section, else adam)")
    private Optional<String> optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "learning rate")
    private Optional<Double> lr;

    @Option(names = "--opt", paramLabel = "KEY=VALUE", description = "another optimizer hyperparameter,"
            + " e.g. --opt momentum=0.9 --opt nesterov=true")
    private Map<String, String> opt = new HashMap<>();

    @Option(names = "--seed", paramLabel = "S", description = "seeds the initial weights, shuffling and the"
            + " validation split (default: train section, else 0)")
    private Optional<Long> seed;

    @Option(names = "--out", paramLabel = "W.safetensors",
            description = "the checkpoint to write (default: --resume's file, else MODEL's name.safetensors)")
    private Optional<Path> out;

    @Option(names = "--resume", paramLabel = "W.safetensors", description = "continue from this checkpoint")
    private Optional<Path> resume;

    @Option(names = "--history", paramLabel = "H.csv", description = "write the metrics of every epoch as CSV")
    private Optional<Path> history;

    @Option(names = "--scale", paramLabel = "KIND", description = "feature scaling fitted on the training rows:"
            + " none, minmax or standard (default: none; with --resume, the checkpoint's)")
    private Optional<String> scale;

    @Option(names = "--label", paramLabel = "COL", description = "the target column: a header name or an index"
            + " (default: the column named like the model's target, else the last)")
    private String label = "";

    @Option(names = "--dtype", paramLabel = "f32|f64", description = "compile the model for this float type"
            + " (default: as declared)")
    private Optional<String> dtype;

    @Option(names = "--simd", paramLabel = "scalar|vector", converter = SimdOption.class,
            description = SimdOption.DESCRIPTION)
    private SimdMode simd = SimdMode.SCALAR;

    @Option(names = "--threads", paramLabel = "T", description = "threads each step's large kernels are split over;"
            + " results do not depend on it (default: ${DEFAULT-VALUE})")
    private int threads = 1;

    @Option(names = "--val-split", paramLabel = "F", description = "hold out this fraction of --data for"
            + " validation (default: train section)")
    private Optional<Double> valSplit;

    @Option(names = "--patience", paramLabel = "N", description = "stop after N epochs without improvement and"
            + " keep the best weights (default: train section, else off)")
    private Optional<Integer> patience;

    @Option(names = "--clip-norm", paramLabel = "X", description = "clip the gradients' global norm to X")
    private Optional<Double> clipNorm;

    @Option(names = "--clip-value", paramLabel = "X", description = "clamp every gradient element to ±X")
    private Optional<Double> clipValue;

    @Option(names = "--schedule-unit", paramLabel = "epoch|step", description = "what the learning-rate schedule"
            + " counts (default: steps after a warmup, else epochs)")
    private Optional<String> scheduleUnit;

    @Option(names = "--progress", paramLabel = "STYLE", description = "auto, bar, lines or none (default: auto)")
    private String progress = "auto";

    @Option(names = "--model", paramLabel = "NAME", description = "the model to train (default: the first)")
    private Optional<String> model;

    @Option(names = "--measure-allocation", description = "print the bytes the training loop allocates per"
            + " step once warm (0 expected)")
    private boolean measureAllocation;

    @Override
    public Integer call() {
        return run(main.session(), Interrupts.shutdownHook());
    }

    /** Runs the command; {@code interrupts} says how a stop request reaches the trainer. */
    int run(Session s, Interrupts interrupts) {
        try {
            return train(s, interrupts);
        } catch (CliFailure f) {
            return f.report(s);
        } catch (ConfigException e) {
            return CliFailure.usage(e.getMessage()).report(s);
        }
    }

    private int train(Session s, Interrupts interrupts) {
        Build build = Build.of(s, file, model, Build.dtype(dtype), simd);
        TrainPlan plan = TrainPlan.of(build.source().train(), flags());
        Path checkpoint = out.or(() -> resume).orElse(Path.of(baseName(file) + ".safetensors"));
        TextFiles.requireWritable(checkpoint, "--out");
        history.ifPresent(h -> TextFiles.requireWritable(h, "--history"));
        if (threads < 1) {
            throw CliFailure.usage("--threads must be at least 1, got " + threads);
        }
        Model generated = build.instantiate(plan.batch());
        try {
            ((CompiledModel) generated).setThreads(threads);
            return train(s, interrupts, build, plan, checkpoint, generated);
        } finally {
            ((CompiledModel) generated).close();
        }
    }

    private int train(Session s, Interrupts interrupts, Build build, TrainPlan plan, Path checkpoint, Model generated) {
        TrainSets sets = TrainSets.read(s, generated.signature(), data, val, plan, label);
        InitialWeights.fill(generated, build.source(), plan.seed());
        generated.setSeed(plan.seed());
        Optimizer optimizer = plan.optimizer().create(generated.signature());
        Optional<CheckpointInfo> resumed = resume.map(r -> Checkpoints.load(r, Checkpoints.metadata(r, "--resume"),
                generated, Optional.of(optimizer)));
        int start = resumed.flatMap(CheckpointInfo::epoch).map(Long::intValue).orElse(0);
        if (start >= plan.epochs()) {
            throw CliFailure.usage("--resume " + resume.orElseThrow() + " holds epoch " + start + " already; ask for"
                    + " more with --epochs N (N > " + start + ")");
        }
        Scaler scaler = resumed.map(r -> Checkpoints.scaler(resume.orElseThrow(), r.metadata(),
                sets.train().inputs().get(0).width())).orElseGet(() -> Scaler.fit(scaleKind(), sets.train()));
        return fit(s, new Run(generated, optimizer, sets.scaled(scaler), scaler, plan, start, checkpoint), interrupts);
    }

    /** Everything a training run needs, checked: nothing has been written yet. */
    private record Run(Model model, Optimizer optimizer, TrainSets sets, Scaler scaler, TrainPlan plan, int start,
                       Path checkpoint) {
        int stepsPerEpoch() {
            return (sets.train().rows() + plan.batch() - 1) / plan.batch();
        }
    }

    private int fit(Session s, Run run, Interrupts interrupts) {
        Signature sig = run.model().signature();
        AllocationProbe probe = new AllocationProbe(run.model(), ((CompiledModel) run.model()).workerThreadIds(),
                measureAllocation
                ? (int) Math.min(2_000_000L, (long) (run.plan().epochs() - run.start()) * run.stepsPerEpoch()) : 0);
        Trainer trainer = new Trainer(measureAllocation ? probe : run.model(), run.optimizer(),
                config(run.plan(), run.start()), ErrStream.onto(s.err()));
        Map<String, String> meta = metadata(run.scaler(), Classifier.of(sig, Optional.of(run.sets().train())));
        s.err().println(TrainReport.start(sig, run.plan(), run.optimizer(), run.sets(), run.start()));
        s.doing("training model " + sig.modelName());
        try (Interrupts.Watch watch = interrupts.watch(trainer)) {
            History h = trainer.fit(run.sets().train(), run.sets().validation());
            s.doing("saving " + run.checkpoint());
            TrainReport.save(run.checkpoint(), run.model(), run.optimizer(), h, run.start(), meta);
            history.ifPresent(f -> TrainReport.writeHistory(f, h));
            if (measureAllocation) {
                s.out().println(probe.report(run.stepsPerEpoch()));
            }
            return TrainReport.finish(s, trainer, h, run.sets(), run.checkpoint()) ? INTERRUPTED : ExitCodes.OK;
        } catch (NncRuntimeException e) {
            throw CliFailure.data(e.getMessage());
        }
    }

    private TrainPlan.Flags flags() {
        return new TrainPlan.Flags(epochs, batch, seed, patience, clipNorm, clipValue, valSplit, optimizer, lr, opt,
                scheduleUnit);
    }

    /**
     * The trainer's settings. The command saves the checkpoint itself when the trainer returns
     * (finished, stopped early with the best weights restored, or interrupted) rather than
     * letting the trainer save after every epoch: that forces the file to disk each time, which
     * dominates runs of many short epochs (XOR: 2000 epochs of one step).
     */
    private TrainConfig config(TrainPlan plan, int start) {
        return TrainConfig.defaults().withEpochs(plan.epochs()).withBatchSize(plan.batch()).withSeed(plan.seed())
                .withClipping(plan.clipNorm(), plan.clipValue()).withSchedule(plan.schedule(), plan.unit())
                .withPatience(plan.patience()).withProgress(progressStyle())
                .withStartEpoch(start);
    }

    private Map<String, String> metadata(Scaler scaler, Classifier classifier) {
        Map<String, String> m = new LinkedHashMap<>(scaler.toMetadata());
        m.put(Classifier.KEY, classifier.key());
        return m;
    }

    private Scaler.Kind scaleKind() {
        return Scaler.Kind.parse(scale.orElse("none"));
    }

    private TrainConfig.ProgressStyle progressStyle() {
        try {
            return TrainConfig.ProgressStyle.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--progress " + progress + ": expected auto, bar, lines or none");
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".nn") ? name.substring(0, name.length() - 3) : name;
    }
}

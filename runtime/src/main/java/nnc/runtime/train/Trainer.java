package nnc.runtime.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nnc.runtime.Model;
import nnc.runtime.data.Batcher;
import nnc.runtime.data.Dataset;
import nnc.runtime.io.Checkpoint;
import nnc.runtime.optim.GradClip;
import nnc.runtime.optim.Optimizer;

/**
 * The training loop: epochs of shuffled mini-batches, each step
 * {@code batch copy → model.trainStep → clipping → schedule → optimizer.step}, allocation-free
 * once warm; metrics per epoch (loss, accuracy for classifiers), validation after each epoch,
 * early stopping that restores the best weights, checkpoints, and progress on a caller-given
 * stream. Runs on the calling thread; {@link #requestStop()} may be called from any thread (e.g.
 * a Ctrl-C hook), after which the loop saves a checkpoint and returns at the next step.
 */
public final class Trainer {
    private final Model model;
    private final Optimizer optimizer;
    private final TrainConfig config;
    private final PrintStream out;
    private final Progress progress;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Map<String, String> metadata = Map.of();
    private volatile boolean stopRequested;
    private Batcher batcher;
    private AccuracyMeter meter;
    private WeightSnapshot best;
    private double lossSum;
    private long rows;
    private long correct;

    /** A trainer of {@code model} with {@code optimizer}, printing progress to {@code out}. */
    public Trainer(Model model, Optimizer optimizer, TrainConfig config, PrintStream out) {
        this.model = model;
        this.optimizer = optimizer;
        this.config = config;
        this.out = out;
        this.progress = Progress.of(config.progress(), out);
    }

    /** Extra metadata stored in every checkpoint this trainer writes (e.g. the data scaling). */
    public Trainer withCheckpointMetadata(Map<String, String> extra) {
        this.metadata = Map.copyOf(extra);
        return this;
    }

    /** Asks the loop to save a checkpoint and stop at the next step. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Waits until {@link #fit} has returned (for a shutdown hook); true if it did within the timeout. */
    public boolean awaitFinish(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /**
     * Trains on {@code train}, validating on {@code validation} after every epoch if present.
     *
     * @throws nnc.runtime.ConfigException if the data does not fit the model or the configuration is invalid
     */
    public History fit(Dataset train, Optional<Dataset> validation) {
        try {
            return run(train, validation);
        } finally {
            finished.countDown();
        }
    }

    private History run(Dataset train, Optional<Dataset> validation) {
        batcher = new Batcher(train, model, config.batchSize(), config.seed(), config.shuffle());
        meter = AccuracyMeter.create(config.accuracy(), config.accuracyOutput(), model, train);
        best = new WeightSnapshot(model);
        List<EpochMetrics> epochs = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        boolean early = false;
        for (int e = config.startEpoch(); e < config.epochs() && !stopRequested; e++) {
            EpochMetrics m = epoch(e, train.rows(), validation);
            if (m == null) {
                break;
            }
            epochs.add(m);
            progress.epochEnd(m, config.epochs());
            if (m.monitored() < bestLoss) {
                bestLoss = m.monitored();
                bestEpoch = e;
                best.take(model);
            }
            save(e + 1, false);
            if (config.patience() > 0 && e - bestEpoch >= config.patience()) {
                early = true;
                out.println("early stopping: no improvement for " + config.patience() + " epochs; best epoch "
                        + (bestEpoch + 1));
                break;
            }
        }
        finishRun(epochs, bestEpoch);
        return new History(epochs, bestEpoch, early, stopRequested);
    }

    private void finishRun(List<EpochMetrics> epochs, int bestEpoch) {
        if (stopRequested) {
            int done = epochs.isEmpty() ? config.startEpoch() : epochs.get(epochs.size() - 1).epoch() + 1;
            save(done, true);
            config.checkpoint().ifPresent(p -> out.println("interrupted: saved checkpoint " + p + " after epoch " + done));
        } else if (config.patience() > 0 && bestEpoch >= 0 && bestEpoch != epochs.get(epochs.size() - 1).epoch()) {
            best.restore(model);
            save(bestEpoch + 1, false);
        }
    }

    /** Runs epoch {@code e}; null if a stop was requested during it. */
    private EpochMetrics epoch(int e, long trainRows, Optional<Dataset> validation) {
        if (config.scheduleUnit() == TrainConfig.ScheduleUnit.EPOCH) {
            optimizer.setLr(config.schedule().lr(optimizer.config().lr(), e));
        }
        progress.epochStart(e, config.epochs(), trainRows);
        lossSum = 0;
        rows = 0;
        correct = 0;
        long t0 = System.nanoTime();
        batcher.startEpoch(e);
        while (step() > 0) {
            if (stopRequested) {
                return null;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double trainAcc = meter.active() ? (double) correct / rows : Double.NaN;
        double trainLoss = lossSum / rows, lr = optimizer.lr();
        long samples = rows;
        Evaluation val = validation.map(this::evaluate).orElse(new Evaluation(Double.NaN, Double.NaN, 0));
        return new EpochMetrics(e, trainLoss, trainAcc, val.loss(), val.accuracy(), lr, seconds, samples);
    }

    /**
     * One training step on the next batch; returns its rows, 0 at the end of the epoch.
     * Allocation-free: this is the steady-state loop.
     */
    int step() {
        int n = batcher.next();
        if (n == 0) {
            return 0;
        }
        if (config.scheduleUnit() == TrainConfig.ScheduleUnit.STEP) {
            optimizer.setLr(config.schedule().lr(optimizer.config().lr(), optimizer.stepCount()));
        }
        if (config.clipNorm() > 0 || config.clipValue() > 0) {
            model.trainStep(n);
            if (config.clipNorm() > 0) {
                GradClip.clipNorm(model, config.clipNorm());
            }
            if (config.clipValue() > 0) {
                GradClip.clipValue(model, config.clipValue());
            }
            optimizer.step(model);
        } else {
            optimizer.trainStep(model, n);
        }
        lossSum += model.loss() * n;
        rows += n;
        correct += meter.correct(model, n);
        progress.step(rows, lossSum / rows);
        return n;
    }

    /** Prepares the steady-state loop without running an epoch (for allocation measurements). */
    void prepare(Dataset train) {
        batcher = new Batcher(train, model, config.batchSize(), config.seed(), config.shuffle());
        meter = AccuracyMeter.create(config.accuracy(), config.accuracyOutput(), model, train);
    }

    /** Starts epoch {@code e} of the prepared loop. */
    void startEpoch(int e) {
        batcher.startEpoch(e);
    }

    /** Loss and accuracy of the model on {@code data}, in inference mode, in order. */
    public Evaluation evaluate(Dataset data) {
        Batcher b = new Batcher(data, model, Math.min(config.batchSize(), model.maxBatch()), 0, false);
        AccuracyMeter m = meter != null ? meter : AccuracyMeter.create(config.accuracy(), config.accuracyOutput(),
                model, data);
        double loss = 0;
        long hits = 0, n = 0;
        int k;
        while ((k = b.next()) > 0) {
            model.evaluate(k);
            loss += model.loss() * k;
            hits += m.correct(model, k);
            n += k;
        }
        return new Evaluation(loss / n, m.active() ? (double) hits / n : Double.NaN, n);
    }

    private void save(long epoch, boolean interrupted) {
        Optional<Path> file = config.checkpoint();
        if (file.isPresent()) {
            Map<String, String> meta = new java.util.LinkedHashMap<>(metadata);
            if (interrupted) {
                meta.put("interrupted", "true");
            }
            Checkpoint.save(file.get(), model, optimizer, epoch, meta);
        }
    }
}

package nnc.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress on a caller-given stream: a redrawn bar with throughput and ETA on a
 * terminal, or one plain line per epoch (readable in CI logs). {@link #step} is called every
 * training step and must not allocate unless it draws.
 */
sealed interface Progress permits Progress.Bar, Progress.Lines, Progress.Silent {

    void epochStart(int epoch, int epochs, long rows);

    void step(long rowsDone, double meanLoss);

    void epochEnd(EpochMetrics m, int epochs);

    static Progress of(TrainConfig.ProgressStyle style, PrintStream out) {
        return switch (style) {
            case AUTO -> System.console() != null ? new Bar(out) : new Lines(out);
            case BAR -> new Bar(out);
            case LINES -> new Lines(out);
            case NONE -> new Silent();
        };
    }

    /** The line printed at the end of an epoch. */
    static String summary(EpochMetrics m, int epochs) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.6f", m.epoch() + 1, epochs,
                m.trainLoss()));
        if (!Double.isNaN(m.trainAccuracy())) {
            s.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * m.trainAccuracy()));
        }
        if (!Double.isNaN(m.valLoss())) {
            s.append(String.format(Locale.ROOT, "  val_loss %.6f", m.valLoss()));
        }
        if (!Double.isNaN(m.valAccuracy())) {
            s.append(String.format(Locale.ROOT, "  val_acc %.2f%%", 100 * m.valAccuracy()));
        }
        double rate = m.seconds() > 0 ? m.samples() / m.seconds() : 0;
        return s.append(String.format(Locale.ROOT, "  lr %.3g  %.0f samples/s  %.2fs", m.lr(), rate, m.seconds()))
                .toString();
    }

    /** A bar redrawn in place with {@code \r}, at most every 100 ms. */
    final class Bar implements Progress {
        private static final int WIDTH = 30;
        private final PrintStream out;
        private long start;
        private long lastDraw;
        private long rows;
        private int epoch;
        private int epochs;

        Bar(PrintStream out) {
            this.out = out;
        }

        @Override
        public void epochStart(int epoch, int epochs, long rows) {
            this.epoch = epoch;
            this.epochs = epochs;
            this.rows = rows;
            this.start = System.nanoTime();
            this.lastDraw = 0;
        }

        @Override
        public void step(long done, double meanLoss) {
            long now = System.nanoTime();
            if (now - lastDraw < 100_000_000L && done < rows) {
                return;
            }
            lastDraw = now;
            double secs = Math.max(1e-9, (now - start) / 1e9), rate = done / secs;
            int filled = (int) (WIDTH * done / Math.max(1, rows));
            out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %3d%%  %.0f samples/s  ETA %s  loss %.4f",
                    epoch + 1, epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * done / Math.max(1, rows),
                    rate, eta((rows - done) / Math.max(rate, 1e-9)), meanLoss));
            out.flush();
        }

        @Override
        public void epochEnd(EpochMetrics m, int epochs) {
            out.print("\r\033[K");
            out.println(summary(m, epochs));
        }

        private static String eta(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }

    /** One line per epoch, nothing per step. */
    final class Lines implements Progress {
        private final PrintStream out;

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void epochStart(int epoch, int epochs, long rows) {
        }

        @Override
        public void step(long rowsDone, double meanLoss) {
        }

        @Override
        public void epochEnd(EpochMetrics m, int epochs) {
            out.println(summary(m, epochs));
        }
    }

    /** Shows nothing. */
    final class Silent implements Progress {
        @Override
        public void epochStart(int epoch, int epochs, long rows) {
        }

        @Override
        public void step(long rowsDone, double meanLoss) {
        }

        @Override
        public void epochEnd(EpochMetrics m, int epochs) {
        }
    }
}

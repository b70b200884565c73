package nnc.runtime.train;

import nnc.runtime.ConfigException;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import nnc.runtime.data.Column;
import nnc.runtime.data.Dataset;

/** Counts correct predictions in the first n rows of a model's output against its target; allocation-free. */
final class AccuracyMeter {
    enum Mode { NONE, ARGMAX_LABEL, ARGMAX_ROW, THRESHOLD, THRESHOLD_LABEL }

    private final Mode mode;
    private final int output;
    private final int width;

    private AccuracyMeter(Mode mode, int output, int width) {
        this.mode = mode;
        this.output = output;
        this.width = width;
    }

    static AccuracyMeter create(Accuracy requested, String outputName, Model model, Dataset train) {
        Signature s = model.signature();
        if (requested == Accuracy.NONE || s.targets().size() != 1 || s.outputs().isEmpty()) {
            return new AccuracyMeter(Mode.NONE, 0, 0);
        }
        int out = outputName.isEmpty() ? 0 : s.outputIndex(outputName).orElseThrow(() -> new ConfigException(
                "accuracy output '" + outputName + "' is not an output of " + s.modelName()));
        TensorSpec o = s.outputs().get(out), t = s.targets().get(0);
        int w = o.rowElements();
        Mode mode;
        if (t.dtype() == DType.I32) {
            mode = w == 1 ? Mode.THRESHOLD_LABEL : Mode.ARGMAX_LABEL;
        } else if (t.rowElements() == w && w > 1) {
            mode = Mode.ARGMAX_ROW;
        } else if (t.rowElements() == 1 && w == 1 && (requested == Accuracy.THRESHOLD || binary(train))) {
            mode = Mode.THRESHOLD;
        } else {
            mode = Mode.NONE;
        }
        if (requested != Accuracy.AUTO && mode == Mode.NONE) {
            throw new ConfigException("accuracy " + requested + " needs an output and target of matching widths, "
                    + "got output " + o + " and target " + t);
        }
        return new AccuracyMeter(mode, out, w);
    }

    private static boolean binary(Dataset train) {
        Column y = train.targets().isEmpty() ? null : train.targets().get(0);
        if (y == null) {
            return false;
        }
        for (int r = 0; r < y.rows(); r++) {
            double v = y.get(r, 0);
            if (v != 0 && v != 1) {
                return false;
            }
        }
        return true;
    }

    boolean active() {
        return mode != Mode.NONE;
    }

    int correct(Model model, int n) {
        if (mode == Mode.NONE) {
            return 0;
        }
        Object out = model.output(output), target = model.target(0);
        int hits = 0;
        for (int r = 0; r < n; r++) {
            boolean ok = switch (mode) {
                case ARGMAX_LABEL -> argmax(out, r * width, width) == ((int[]) target)[r];
                case ARGMAX_ROW -> argmax(out, r * width, width) == argmax(target, r * width, width);
                case THRESHOLD -> (get(out, r) >= 0.5) == (get(target, r) >= 0.5);
                case THRESHOLD_LABEL -> (get(out, r) >= 0.5) == (((int[]) target)[r] == 1);
                case NONE -> false;
            };
            hits += ok ? 1 : 0;
        }
        return hits;
    }

    private static int argmax(Object a, int from, int n) {
        int best = 0;
        double max = get(a, from);
        for (int j = 1; j < n; j++) {
            double v = get(a, from + j);
            if (v > max) {
                max = v;
                best = j;
            }
        }
        return best;
    }

    private static double get(Object a, int i) {
        if (a instanceof float[] f) {
            return f[i];
        }
        return a instanceof double[] d ? d[i] : ((int[]) a)[i];
    }
}

package nnc.compiler.cli;

import java.lang.reflect.Array;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import nnc.runtime.data.Column;
import nnc.runtime.data.Dataset;

/**
 * How a model's first output becomes a class, with the rules the trainer uses for accuracy:
 * integer labels or one-hot targets as wide as the output → the index of the largest output
 * (or output ≥ 0.5 for a single output); a single output trained on 0/1 targets → output ≥ 0.5;
 * anything else is regression. Stored in checkpoints ({@code classifier}) so {@code predict},
 * which has no targets, prints the same class.
 */
enum Classifier {
    /** The index of the largest value of the output row. */
    ARGMAX,
    /** 1 if the single output is at least 0.5, else 0. */
    THRESHOLD,
    /** Not a classifier. */
    NONE;

    /** The checkpoint metadata key. */
    static final String KEY = "classifier";

    /** The kind of {@code sig}'s model, looking at the training targets when the signature alone cannot tell. */
    static Classifier of(Signature sig, Optional<Dataset> train) {
        if (sig.targets().size() != 1 || sig.outputs().isEmpty()) {
            return NONE;
        }
        TensorSpec out = sig.outputs().get(0), target = sig.targets().get(0);
        int w = out.rowElements();
        if (target.dtype() == DType.I32) {
            return w == 1 ? THRESHOLD : ARGMAX;
        } else if (target.rowElements() == w && w > 1) {
            return ARGMAX;
        } else if (target.rowElements() == 1 && w == 1 && train.map(Classifier::binary).orElse(false)) {
            return THRESHOLD;
        }
        return NONE;
    }

    /** The kind stored in checkpoint metadata, else what the signature says. */
    static Classifier of(Signature sig, Map<String, String> metadata) {
        String stored = metadata.get(KEY);
        for (Classifier c : values()) {
            if (c.key().equals(stored)) {
                return c;
            }
        }
        return of(sig, Optional.empty());
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class of row {@code r} of an output array ({@code float[]} or {@code double[]}) {@code width} wide. */
    int classOf(Object output, int r, int width) {
        if (this == THRESHOLD) {
            return Array.getDouble(output, r * width) >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (Array.getDouble(output, r * width + j) > Array.getDouble(output, r * width + best)) {
                best = j;
            }
        }
        return best;
    }

    /** How many of the first {@code n} rows the model's first output classifies as its target does. */
    int correct(Model model, int n) {
        Object out = model.output(0), target = model.target(0);
        int width = model.signature().outputs().get(0).rowElements();
        int targetWidth = model.signature().targets().get(0).rowElements();
        boolean labels = target instanceof int[];
        int hits = 0;
        for (int r = 0; r < n; r++) {
            int want = labels ? ((int[]) target)[r] : targetWidth > 1 ? ARGMAX.classOf(target, r, targetWidth)
                    : THRESHOLD.classOf(target, r, 1);
            hits += classOf(out, r, width) == want ? 1 : 0;
        }
        return hits;
    }

    private static boolean binary(Dataset train) {
        Column y = train.targets().get(0);
        for (int r = 0; r < y.rows(); r++) {
            double v = y.get(r, 0);
            if (v != 0 && v != 1) {
                return false;
            }
        }
        return true;
    }
}

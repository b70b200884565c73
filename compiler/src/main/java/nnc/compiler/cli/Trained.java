package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import nnc.runtime.Model;
import nnc.runtime.data.Dataset;
import nnc.runtime.data.Scaler;

/**
 * A compiled model with the weights of a checkpoint, for {@code eval} and {@code predict}. The
 * model is compiled for the checkpoint's dtype unless {@code --dtype} says otherwise; the feature
 * scaling and classifier kind stored with the checkpoint come with it.
 *
 * @param model      the instance, weights loaded
 * @param scaler     the scaling fitted when the model was trained
 * @param classifier how an output row becomes a class
 */
record Trained(Model model, Scaler scaler, Classifier classifier) {

    static Trained load(Session s, Path file, Optional<String> name, Optional<String> dtype, Path weights, int maxBatch) {
        if (maxBatch < 1) {
            throw CliFailure.usage("--batch must be at least 1, got " + maxBatch);
        }
        Optional<nnc.runtime.DType> requested = Build.dtype(dtype);
        s.doing("reading " + weights);
        Map<String, String> metadata = Checkpoints.metadata(weights, "--weights");
        Build build = Build.of(s, file, name, requested.or(() -> Checkpoints.dtype(metadata)));
        Model model = build.instantiate(maxBatch);
        s.doing("loading " + weights);
        Checkpoints.load(weights, metadata, model, Optional.empty());
        Scaler scaler = Checkpoints.scaler(weights, metadata, model.signature().inputs().get(0).rowElements());
        return new Trained(model, scaler, Classifier.of(model.signature(), metadata));
    }

    /** {@code data} scaled as the training data was. */
    Dataset scale(Dataset data) {
        return scaler.apply(data);
    }
}

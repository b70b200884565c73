package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import nnc.runtime.ConfigException;
import nnc.runtime.Model;
import nnc.runtime.data.Batcher;
import nnc.runtime.data.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nnc eval MODEL --weights W --data FILE}: loss and accuracy of trained weights on data. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compile a model, load weights saved by 'nnc train', and print the mean loss (and the"
                + " accuracy, for a classifier) on a CSV file, in inference mode. Features are scaled as the"
                + " training data was.",
                "Exit codes: 0 done, 64 bad usage, 65 a bad model, data or checkpoint file, 66 a file that"
                + " cannot be read."})
final class EvalCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "MODEL", description = "the .nn file")
    private Path file;

    @Option(names = "--weights", required = true, paramLabel = "W.safetensors", description = "the trained weights")
    private Path weights;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the data (CSV), with targets")
    private Path data;

    @Option(names = "--label", paramLabel = "COL", description = "the target column: a header name or an index"
            + " (default: the column named like the model's target, else the last)")
    private String label = "";

    @Option(names = "--batch", defaultValue = "256", paramLabel = "N", description = "rows per step (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--dtype", paramLabel = "f32|f64", description = "compile for this float type (default: the checkpoint's)")
    private Optional<String> dtype;

    @Option(names = "--model", paramLabel = "NAME", description = "the model (default: the first)")
    private Optional<String> model;

    @Override
    public Integer call() {
        Session s = main.session();
        try {
            Trained t = Trained.load(s, file, model, dtype, weights, batch);
            Dataset d = t.scale(DataFiles.labelled(data, t.model().signature(), label, "--data"));
            s.doing("evaluating on " + data);
            s.out().println(evaluate(t, d));
            return ExitCodes.OK;
        } catch (CliFailure f) {
            return f.report(s);
        } catch (ConfigException e) {
            return CliFailure.usage(e.getMessage()).report(s);
        }
    }

    private String evaluate(Trained t, Dataset d) {
        Model m = t.model();
        Batcher b = new Batcher(d, m, Math.min(batch, m.maxBatch()), 0, false);
        double loss = 0;
        long hits = 0;
        int k;
        while ((k = b.next()) > 0) {
            m.evaluate(k);
            loss += m.loss() * k;
            hits += t.classifier() == Classifier.NONE ? 0 : t.classifier().correct(m, k);
        }
        String acc = t.classifier() == Classifier.NONE ? ""
                : String.format(Locale.ROOT, "  accuracy %.2f%%", 100.0 * hits / d.rows());
        return String.format(Locale.ROOT, "loss %.6f%s  (%d rows of %s)", loss / d.rows(), acc, d.rows(), data);
    }
}

package nnc.compiler.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import nnc.runtime.ConfigException;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.TensorSpec;
import nnc.runtime.data.Batcher;
import nnc.runtime.data.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nnc predict MODEL --weights W --data FILE [--out FILE.csv]}: the model's outputs for every row. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compile a model, load weights saved by 'nnc train', and write its outputs for every row"
                + " of a CSV file as CSV: a header, then one row per sample with every output value (columns"
                + " out, or out_0, out_1, … for a wider output) and, for a classifier, the class index. Target"
                + " columns in the file are ignored; features are scaled as the training data was.",
                "Exit codes: 0 done, 64 bad usage, 65 a bad model, data or checkpoint file, 66 a file that"
                + " cannot be read."})
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "MODEL", description = "the .nn file")
    private Path file;

    @Option(names = "--weights", required = true, paramLabel = "W.safetensors", description = "the trained weights")
    private Path weights;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the data (CSV)")
    private Path data;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "write the predictions here (atomically)"
            + " instead of to stdout")
    private Optional<Path> out;

    @Option(names = "--label", paramLabel = "COL", description = "the target column to skip, if the file has one"
            + " that is not found by name or position")
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
            out.ifPresent(f -> TrainCommand.requireWritable(f, "--out"));
            Trained t = Trained.load(s, file, model, dtype, weights, batch);
            Dataset d = t.scale(DataFiles.unlabelled(data, t.model().signature(), label, "--data"));
            s.doing("predicting " + data);
            String csv = predict(t, d);
            if (out.isPresent()) {
                write(out.get(), csv);
                s.err().println("wrote " + d.rows() + " predictions to " + out.get());
            } else {
                s.out().print(csv);
                s.out().flush();
            }
            return ExitCodes.OK;
        } catch (CliFailure f) {
            return f.report(s);
        } catch (ConfigException e) {
            return CliFailure.usage(e.getMessage()).report(s);
        }
    }

    private static String predict(Trained t, Dataset d) {
        Model m = t.model();
        List<TensorSpec> outputs = m.signature().outputs();
        StringBuilder csv = new StringBuilder(header(outputs, t.classifier())).append('\n');
        Batcher b = new Batcher(d, m, m.maxBatch(), 0, false);
        boolean f32 = m.signature().dtype() == DType.F32;
        int k;
        while ((k = b.next()) > 0) {
            m.infer(k);
            for (int r = 0; r < k; r++) {
                String sep = "";
                for (int o = 0; o < outputs.size(); o++) {
                    int w = outputs.get(o).rowElements();
                    for (int j = 0; j < w; j++) {
                        double v = java.lang.reflect.Array.getDouble(m.output(o), r * w + j);
                        csv.append(sep).append(f32 ? Float.toString((float) v) : Double.toString(v));
                        sep = ",";
                    }
                }
                if (t.classifier() != Classifier.NONE) {
                    csv.append(sep).append(t.classifier().classOf(m.output(0), r, outputs.get(0).rowElements()));
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static String header(List<TensorSpec> outputs, Classifier classifier) {
        StringWriter h = new StringWriter();
        String sep = "";
        for (TensorSpec o : outputs) {
            int w = o.rowElements();
            for (int j = 0; j < w; j++) {
                h.append(sep).append(w == 1 ? o.name() : o.name() + "_" + j);
                sep = ",";
            }
        }
        if (classifier != Classifier.NONE) {
            h.append(sep).append("class");
        }
        return h.toString();
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliFailure(CliFailure.CANNOT_WRITE, "--out " + file + ": cannot write (" + e.getMessage() + ")");
        }
    }
}

package nnc.compiler.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nnc.runtime.ConfigException;
import nnc.runtime.Signature;
import nnc.runtime.data.CsvOptions;
import nnc.runtime.data.CsvReader;
import nnc.runtime.data.DataFormatException;
import nnc.runtime.data.DataSpec;
import nnc.runtime.data.Dataset;

/**
 * Reads the CSV files of {@code train}, {@code eval} and {@code predict} for a model, turning the
 * runtime's errors into exit codes: a missing file 66, a malformed one 65 (its message names
 * file, line and column), a bad {@code --label} 64.
 */
final class DataFiles {
    private DataFiles() {
    }

    /** Features and targets, for training and evaluation. */
    static Dataset labelled(Path file, Signature sig, String label, String option) {
        DataSpec spec = spec(sig);
        if (spec.target().isEmpty()) {
            throw CliFailure.data(sig.modelName() + " has no target, so it cannot be trained or evaluated");
        }
        return read(file, spec, label, option);
    }

    /**
     * Features only, for prediction. A file that also has the target column(s) — the same file
     * the model was trained or evaluated on — is accepted, and the targets are dropped.
     */
    static Dataset unlabelled(Path file, Signature sig, String label, String option) {
        DataSpec spec = spec(sig);
        DataSpec inputsOnly = new DataSpec(spec.input(), Optional.empty(), 0);
        CliFailure.requireReadable(file, option);
        boolean hasTarget = spec.target().isPresent() && (!label.isEmpty() || firstRowWidth(file) != spec.features());
        Dataset d = read(file, hasTarget ? spec : inputsOnly, label, option);
        return new Dataset(d.inputs(), List.of());
    }

    private static DataSpec spec(Signature sig) {
        try {
            return DataSpec.of(sig);
        } catch (ConfigException e) {
            throw CliFailure.data(e.getMessage());
        }
    }

    private static Dataset read(Path file, DataSpec spec, String label, String option) {
        CliFailure.requireReadable(file, option);
        try {
            return CsvReader.read(file, spec, new CsvOptions(label, CsvOptions.Header.AUTO));
        } catch (DataFormatException e) {
            throw CliFailure.data(e.getMessage());
        } catch (ConfigException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    /** The number of comma-separated fields of the first non-blank line; 0 if there is none. */
    private static int firstRowWidth(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    return line.split(",", -1).length;
                }
            }
            return 0;
        } catch (IOException e) {
            return 0; // the reader reports the problem with file and line
        }
    }
}

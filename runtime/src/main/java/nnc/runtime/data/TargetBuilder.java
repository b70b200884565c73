package nnc.runtime.data;

import java.nio.file.Path;
import java.util.Optional;
import nnc.runtime.DType;
import nnc.runtime.TensorSpec;

/** Collects a CSV file's target values in the form the model's target asks for. */
final class TargetBuilder {
    private final Path file;
    private final DataSpec spec;
    private final boolean labels;
    private final int width;
    private final double[] values;
    private final CsvReader.Row header;
    private int next;

    /** {@code columns} target columns per row for {@code rows} rows. */
    TargetBuilder(Path file, DataSpec spec, int columns, int rows, CsvReader.Row header) {
        this.file = file;
        this.spec = spec;
        this.labels = spec.classes() > 0 && columns == 1;
        this.width = spec.targetWidth();
        this.values = new double[rows * Math.max(width, 0)];
        this.header = header;
    }

    /** Adds the value of column {@code c} of {@code row} (row index {@code r}). */
    void add(int r, CsvReader.Row row, int c, double v) {
        if (!labels) {
            values[next++] = v;
            return;
        }
        int classes = spec.classes();
        if (v != Math.rint(v) || v < 0 || v >= classes) {
            String name = header != null ? " \"" + header.fields()[c] + "\"" : "";
            throw new DataFormatException(file, row.line(), row.columns()[c], "label " + row.fields()[c]
                    + " (column " + (c + 1) + name + ") is not a class index in 0.." + (classes - 1)
                    + "; the model's output has " + classes + " classes");
        }
        if (spec.intLabels()) {
            values[r] = v;
        } else {
            values[r * width + (int) v] = 1;
        }
    }

    /** The finished target column, if the model has a target. */
    Optional<Column> column() {
        return spec.target().map((TensorSpec t) -> Column.of(t.name(), t.dtype(), t.dtype() == DType.I32 ? 1 : width,
                values));
    }
}

package nnc.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnc.runtime.ConfigException;
import nnc.runtime.TensorSpec;

/**
 * Reads a comma-separated file into a {@link Dataset} for a model ({@link DataSpec}).
 *
 * <p>Rows are split on commas; fields are trimmed and may be double-quoted; blank lines are
 * skipped. A first row with any non-numeric field is a header ({@link CsvOptions.Header#AUTO}).
 * The target column comes from {@link CsvOptions#label()}; by default it is the header column named
 * like the model's target, else the last column — or the last k columns for a k-wide real target.
 * Integer-label targets take whole numbers in {@code 0..classes-1}; a k-wide one-hot target takes
 * either k columns or one label column, which is one-hot encoded. Every other column is a feature,
 * and their number must equal the model's input width. Every problem is a
 * {@link DataFormatException} naming file, line and column.
 */
public final class CsvReader {
    private final Path file;
    private final DataSpec spec;
    private final CsvOptions options;

    private CsvReader(Path file, DataSpec spec, CsvOptions options) {
        this.file = file;
        this.spec = spec;
        this.options = options;
    }

    /** Reads {@code file} for a model described by {@code spec}. */
    public static Dataset read(Path file, DataSpec spec, CsvOptions options) {
        return new CsvReader(file, spec, options).read();
    }

    /** One parsed line: its 1-based number, trimmed fields and the 1-based column where each starts. */
    record Row(int line, String[] fields, int[] columns, int length) {
    }

    private Dataset read() {
        List<Row> rows = lines();
        if (rows.isEmpty()) {
            throw new DataFormatException(file, "the file has no rows");
        }
        Row first = rows.get(0);
        boolean header = switch (options.header()) {
            case YES -> true;
            case NO -> false;
            case AUTO -> !allNumbers(first);
        };
        List<Row> data = header ? rows.subList(1, rows.size()) : rows;
        if (data.isEmpty()) {
            throw new DataFormatException(file, "the file has a header but no data rows");
        }
        for (Row r : data) {
            checkWidth(r, first, header);
        }
        int[] targetCols = targetColumns(header ? Optional.of(first) : Optional.empty(), first.fields().length, first);
        return build(data, targetCols, header ? first : null);
    }

    private List<Row> lines() {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    rows.add(split(line, number));
                }
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, "is not UTF-8 text; is it a binary file?");
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot be read: " + e.getMessage());
        }
        return rows;
    }

    private static Row split(String line, int number) {
        List<String> fields = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? line.length() : comma;
            String raw = line.substring(start, end);
            int lead = raw.length() - raw.stripLeading().length();
            String f = raw.strip();
            if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                f = f.substring(1, f.length() - 1);
            }
            fields.add(f);
            cols.add(start + lead + 1);
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return new Row(number, fields.toArray(String[]::new), cols.stream().mapToInt(Integer::intValue).toArray(),
                line.length());
    }

    private void checkWidth(Row r, Row first, boolean header) {
        int want = first.fields().length, got = r.fields().length;
        if (got != want) {
            int col = got > want ? r.columns()[want] : r.length() + 1;
            throw new DataFormatException(file, r.line(), col, "row has " + got + " fields, but the "
                    + (header ? "header" : "first row") + " (line " + first.line() + ") has " + want
                    + "; every row needs the same number of comma-separated fields");
        }
    }

    private int[] targetColumns(Optional<Row> header, int width, Row first) {
        if (spec.target().isEmpty()) {
            return new int[0];
        }
        int k = spec.targetWidth();
        if (!options.label().isEmpty()) {
            return span(labelIndex(header, width), width, k, first);
        }
        String name = spec.target().get().name();
        if (header.isPresent()) {
            String[] names = header.get().fields();
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return span(i, width, k, first);
                }
            }
        }
        int features = spec.features();
        if (width == features + k) {
            return range(width - k, width);
        }
        if (width == features + 1 && spec.classes() > 0) {
            return new int[] {width - 1};
        }
        throw new DataFormatException(file, first.line(), 1, "rows have " + width + " fields, but model input "
                + spec.input() + " needs " + features + " features plus " + describeTarget()
                + "; check the file, or name the target column with --label");
    }

    private int[] span(int at, int width, int k, Row first) {
        // one label column for integer or one-hot targets, else k value columns starting at the label column
        int n = spec.classes() > 0 && width - 1 == spec.features() ? 1 : k;
        if (at + n > width) {
            throw new DataFormatException(file, first.line(), 1, "target needs " + n + " columns from column " + at
                    + ", but rows have " + width + " fields");
        }
        return range(at, at + n);
    }

    private int labelIndex(Optional<Row> header, int width) {
        String label = options.label();
        try {
            int i = Integer.parseInt(label);
            if (i < -width || i >= width) {
                throw new ConfigException("--label " + label + " is outside the " + width + " columns (0.." + (width - 1)
                        + ", or -1 for the last)");
            }
            return i < 0 ? width + i : i;
        } catch (NumberFormatException e) {
            String[] names = header.map(Row::fields).orElseThrow(() -> new ConfigException("--label " + label
                    + " names a column, but " + file + " has no header row; give a column index instead"));
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(label)) {
                    return i;
                }
            }
            throw new ConfigException("--label " + label + ": " + file + " has no such column; its columns are "
                    + String.join(", ", names));
        }
    }

    private Dataset build(List<Row> data, int[] targetCols, Row header) {
        int width = data.get(0).fields().length;
        boolean[] isTarget = new boolean[width];
        for (int c : targetCols) {
            isTarget[c] = true;
        }
        int features = width - targetCols.length;
        if (features != spec.features()) {
            throw new DataFormatException(file, data.get(0).line(), 1, "rows have " + features + " feature column(s), but"
                    + " model input " + spec.input() + " needs " + spec.features());
        }
        double[] x = new double[data.size() * features];
        TargetBuilder y = new TargetBuilder(file, spec, targetCols.length, data.size(), header);
        for (int r = 0; r < data.size(); r++) {
            Row row = data.get(r);
            int f = 0;
            for (int c = 0; c < width; c++) {
                double v = number(row, c, header);
                if (isTarget[c]) {
                    y.add(r, row, c, v);
                } else {
                    x[r * features + f++] = v;
                }
            }
        }
        TensorSpec in = spec.input();
        Column input = Column.of(in.name(), in.dtype(), features, x);
        return new Dataset(List.of(input), y.column().map(List::of).orElse(List.of()));
    }

    private double number(Row row, int c, Row header) {
        String s = row.fields()[c];
        boolean plain = !s.isEmpty() && s.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || "+-.eE".indexOf(ch) >= 0);
        double v = Double.NaN;
        if (plain) {
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        if (!Double.isFinite(v)) {
            throw new DataFormatException(file, row.line(), row.columns()[c], (s.isEmpty() ? "empty field"
                    : "'" + s + "' is not a number") + " (column " + (c + 1)
                    + (header != null ? " \"" + header.fields()[c] + "\"" : "") + ")");
        }
        return v;
    }

    private static boolean allNumbers(Row r) {
        for (String f : r.fields()) {
            try {
                if (!Double.isFinite(Double.parseDouble(f))) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private String describeTarget() {
        TensorSpec t = spec.target().orElseThrow();
        if (spec.intLabels()) {
            return "1 label column (" + t + ")";
        }
        return spec.classes() > 0 ? spec.classes() + " one-hot columns or 1 label column (" + t + ")"
                : spec.targetWidth() + " target column" + (spec.targetWidth() > 1 ? "s" : "") + " (" + t + ")";
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}

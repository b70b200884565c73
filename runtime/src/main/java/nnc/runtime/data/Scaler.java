package nnc.runtime.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import nnc.runtime.ConfigException;
import nnc.runtime.DType;

/**
 * Per-feature scaling of a dataset's first input, x' = (x - offset) · factor, with statistics
 * {@link #fit fitted} on the training set only and then applied unchanged to validation, test and
 * prediction data. Stored in checkpoint metadata ({@link #toMetadata()}) so {@code predict} scales
 * new data the same way.
 *
 * @param kind   how the statistics were chosen
 * @param offset subtracted per feature
 * @param factor multiplied per feature after subtracting
 */
public record Scaler(Kind kind, double[] offset, double[] factor) {
    /** The scaling methods ({@code --scale}). */
    public enum Kind {
        /** No scaling. */
        NONE,
        /** Min-max to [0, 1] on the training set: offset = min, factor = 1 / (max - min). */
        MINMAX,
        /** Standardization: offset = mean, factor = 1 / population standard deviation. */
        STANDARD;

        /** The kind named {@code none}, {@code minmax} or {@code standard} (case-insensitive). */
        public static Kind parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "minmax", "min-max" -> MINMAX;
                case "standard", "standardize", "zscore" -> STANDARD;
                default -> throw new ConfigException("unknown scaling '" + name + "'; expected none, minmax or standard");
            };
        }
    }

    /**
     * Statistics of {@code train}'s first input. A constant feature gets factor 1 (it becomes 0
     * on the training set), as scikit-learn does.
     */
    public static Scaler fit(Kind kind, Dataset train) {
        Column x = train.inputs().get(0);
        int w = x.width(), n = x.rows();
        double[] offset = new double[w], factor = new double[w];
        Arrays.fill(factor, 1);
        if (kind == Kind.NONE) {
            return new Scaler(kind, offset, factor);
        }
        for (int j = 0; j < w; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, sum = 0;
            for (int r = 0; r < n; r++) {
                double v = x.get(r, j);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                sum += v;
            }
            double mean = sum / n, ss = 0;
            for (int r = 0; r < n; r++) {
                ss += (x.get(r, j) - mean) * (x.get(r, j) - mean);
            }
            double spread = kind == Kind.MINMAX ? hi - lo : Math.sqrt(ss / n);
            offset[j] = kind == Kind.MINMAX ? lo : mean;
            factor[j] = spread > 0 ? 1 / spread : 1;
        }
        return new Scaler(kind, offset, factor);
    }

    /** {@code data} with its first input scaled; other columns are shared unchanged. */
    public Dataset apply(Dataset data) {
        Column x = data.inputs().get(0);
        if (kind == Kind.NONE) {
            return data;
        }
        if (x.width() != offset.length) {
            throw new IllegalArgumentException("scaler fitted on " + offset.length + " features, data has " + x.width());
        }
        double[] v = new double[x.rows() * x.width()];
        for (int r = 0; r < x.rows(); r++) {
            for (int j = 0; j < x.width(); j++) {
                v[r * x.width() + j] = (x.get(r, j) - offset[j]) * factor[j];
            }
        }
        Column scaled = Column.of(x.name(), x.dtype() == DType.I32 ? DType.F64 : x.dtype(), x.width(), v);
        List<Column> inputs = new java.util.ArrayList<>(data.inputs());
        inputs.set(0, scaled);
        return new Dataset(inputs, data.targets());
    }

    /** The scaler as checkpoint metadata: {@code scale.kind}, {@code scale.offset}, {@code scale.factor}. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("scale.kind", kind.name().toLowerCase(Locale.ROOT));
        if (kind != Kind.NONE) {
            m.put("scale.offset", join(offset));
            m.put("scale.factor", join(factor));
        }
        return m;
    }

    /**
     * The scaler stored by {@link #toMetadata()}, or {@link Kind#NONE} with {@code features}
     * features if the metadata has none.
     *
     * @throws ConfigException if the stored values are malformed
     */
    public static Scaler fromMetadata(Map<String, String> metadata, int features) {
        Kind kind = Kind.parse(metadata.getOrDefault("scale.kind", "none"));
        if (kind == Kind.NONE) {
            double[] ones = new double[features];
            Arrays.fill(ones, 1);
            return new Scaler(kind, new double[features], ones);
        }
        double[] offset = parse(metadata.get("scale.offset")), factor = parse(metadata.get("scale.factor"));
        if (offset.length != features || factor.length != features) {
            throw new ConfigException("checkpoint scaling has " + offset.length + " features, the model has " + features);
        }
        return new Scaler(kind, offset, factor);
    }

    private static String join(double[] v) {
        return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    private static double[] parse(String s) {
        try {
            return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
        } catch (RuntimeException e) {
            throw new ConfigException("checkpoint scaling metadata is malformed: " + s);
        }
    }
}

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the small classic data sets nnc's samples train on, as CSV with a header:
 * <ul>
 *   <li>{@code xor.csv}: the four XOR rows ({@code x1,x2,y});</li>
 *   <li>{@code spirals-train.csv}, {@code spirals-val.csv}: two interleaved spirals of 1.5 turns,
 *       2 classes ({@code x1,x2,label}), 600 and 200 rows;</li>
 *   <li>{@code blobs-train.csv}, {@code blobs-val.csv}: 10 Gaussian blobs on a circle, 10 classes
 *       ({@code x1,x2,label}), 1000 and 500 rows;</li>
 *   <li>{@code shapes-train.csv}, {@code shapes-val.csv}: noisy 8×8 images of a horizontal line,
 *       a vertical line, a square outline or a cross, 4 classes ({@code p0..p63,label}, row-major
 *       pixels), 1200 and 400 rows;</li>
 *   <li>{@code rings-train.csv}, {@code rings-val.csv}: three concentric rings in the plane
 *       (radius 1, 2, 3 with radial noise) with the coordinates at scales 5 and 0.2 and four
 *       noise features, 3 classes ({@code x1..x6,label}), 1500 and 600 rows;</li>
 *   <li>{@code manifold-train.csv}, {@code manifold-val.csv}: 16 features {@code tanh(A·z)} of
 *       3 latent factors z ~ N(0, 1) plus noise 0.02, with a fixed 16×3 matrix A, and the same 16
 *       values again as the target ({@code x0..x15,y0..y15}), 2000 and 500 rows.</li>
 * </ul>
 * Run without building anything: {@code java samples/data/Generate.java OUTDIR [--seed S]}.
 * The same seed gives byte-identical files on every JDK: the generator is SplitMix64 with
 * {@link StrictMath} for the transcendental functions, and numbers are printed with 6 decimals.
 */
public final class Generate {
    private static final String USAGE = "usage: java samples/data/Generate.java OUTDIR [--seed S]";

    private long state;

    private Generate(long seed) {
        this.state = seed;
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seed") && i + 1 < args.length) {
                try {
                    seed = Long.parseLong(args[++i]);
                } catch (NumberFormatException e) {
                    fail("--seed needs a whole number, got '" + args[i] + "'");
                }
            } else if (args[i].startsWith("-") || out != null) {
                fail("unexpected argument '" + args[i] + "'");
            } else {
                out = Path.of(args[i]);
            }
        }
        if (out == null) {
            fail("missing OUTDIR");
        }
        Files.createDirectories(out);
        writeXor(out.resolve("xor.csv"));
        Generate g = new Generate(seed);
        g.writeSpirals(out.resolve("spirals-train.csv"), 300);
        g.writeSpirals(out.resolve("spirals-val.csv"), 100);
        g.writeBlobs(out.resolve("blobs-train.csv"), 100);
        g.writeBlobs(out.resolve("blobs-val.csv"), 50);
        g.writeShapes(out.resolve("shapes-train.csv"), 300);
        g.writeShapes(out.resolve("shapes-val.csv"), 100);
        g.writeRings(out.resolve("rings-train.csv"), 500);
        g.writeRings(out.resolve("rings-val.csv"), 200);
        double[][] a = new Generate(seed ^ 0x5EED).matrix(16, 3);
        g.writeManifold(out.resolve("manifold-train.csv"), 2000, a);
        g.writeManifold(out.resolve("manifold-val.csv"), 500, a);
        System.out.println("wrote xor.csv, {spirals,blobs,shapes,rings,manifold}-{train,val}.csv to " + out
                + " (seed " + seed + ")");
    }

    private static void fail(String message) {
        System.err.println("Generate: " + message + "\n" + USAGE);
        System.exit(64);
    }

    private static void writeXor(Path file) throws IOException {
        Files.writeString(file, "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", StandardCharsets.UTF_8);
    }

    /** Two spirals, r = 0.1 + 0.9t, angle = 3πt (+π for class 1), t uniform; Gaussian noise 0.03. */
    private void writeSpirals(Path file, int perClass) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.print("x1,x2,label\n");
            for (int i = 0; i < perClass; i++) {
                for (int c = 0; c < 2; c++) {
                    double t = uniform();
                    double r = 0.1 + 0.9 * t, a = 3 * Math.PI * t + c * Math.PI;
                    row(w, r * StrictMath.cos(a) + 0.03 * normal(), r * StrictMath.sin(a) + 0.03 * normal(), c);
                }
            }
        }
    }

    /** Ten blobs with standard deviation 0.7 centred on a circle of radius 8. */
    private void writeBlobs(Path file, int perClass) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.print("x1,x2,label\n");
            for (int i = 0; i < perClass; i++) {
                for (int c = 0; c < 10; c++) {
                    double a = 2 * Math.PI * c / 10;
                    row(w, 8 * StrictMath.cos(a) + 0.7 * normal(), 8 * StrictMath.sin(a) + 0.7 * normal(), c);
                }
            }
        }
    }

    /**
     * 8×8 images, one class after another: 0 a horizontal line (length 4 to 8), 1 a vertical
     * line, 2 a square outline (side 3 to 5), 3 a cross (arms 1 to 2 long); at a random
     * position, stroke intensity 1 ± 0.1, Gaussian pixel noise 0.15 everywhere.
     */
    private void writeShapes(Path file, int perClass) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder();
            for (int i = 0; i < 64; i++) {
                header.append('p').append(i).append(',');
            }
            w.print(header + "label\n");
            for (int i = 0; i < perClass; i++) {
                for (int c = 0; c < 4; c++) {
                    double[] img = shape(c);
                    StringBuilder line = new StringBuilder();
                    for (double v : img) {
                        line.append(String.format(Locale.ROOT, "%.3f,", v + 0.15 * normal()));
                    }
                    w.print(line.append(c).append('\n'));
                }
            }
        }
    }

    private double[] shape(int kind) {
        double[] img = new double[64];
        switch (kind) {
            case 0, 1 -> {
                int len = 4 + pick(5);
                int along = pick(8 - len + 1);
                int at = pick(8);
                for (int k = 0; k < len; k++) {
                    stroke(img, kind == 0 ? at : along + k, kind == 0 ? along + k : at);
                }
            }
            case 2 -> {
                int side = 3 + pick(3);
                int r0 = pick(8 - side + 1);
                int c0 = pick(8 - side + 1);
                for (int k = 0; k < side; k++) {
                    stroke(img, r0, c0 + k);
                    stroke(img, r0 + side - 1, c0 + k);
                    stroke(img, r0 + k, c0);
                    stroke(img, r0 + k, c0 + side - 1);
                }
            }
            default -> {
                int arm = 1 + pick(2);
                int r = arm + pick(8 - 2 * arm);
                int c = arm + pick(8 - 2 * arm);
                for (int k = -arm; k <= arm; k++) {
                    stroke(img, r + k, c);
                    stroke(img, r, c + k);
                }
            }
        }
        return img;
    }

    private void stroke(double[] img, int r, int c) {
        img[r * 8 + c] = 1 + 0.1 * (2 * uniform() - 1);
    }

    private int pick(int n) {
        return (int) (uniform() * n);
    }

    /** Rings of radius 1, 2, 3 (radial noise 0.15), x at scale 5, y at scale 0.2, four N(0, 1) noise features. */
    private void writeRings(Path file, int perClass) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.print("x1,x2,x3,x4,x5,x6,label\n");
            for (int i = 0; i < perClass; i++) {
                for (int c = 0; c < 3; c++) {
                    double r = c + 1 + 0.15 * normal();
                    double a = 2 * Math.PI * uniform();
                    w.print(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%d\n", 5 * r * StrictMath.cos(a),
                            0.2 * r * StrictMath.sin(a), normal(), normal(), normal(), normal(), c));
                }
            }
        }
    }

    private double[][] matrix(int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = 0.5 * normal();
            }
        }
        return a;
    }

    /** {@code tanh(A z) + 0.02·noise} for z ~ N(0, I₃), written twice: as the features and as the target. */
    private void writeManifold(Path file, int rows, double[][] a) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                header.append('x').append(i).append(',');
            }
            for (int i = 0; i < 16; i++) {
                header.append('y').append(i).append(i < 15 ? "," : "\n");
            }
            w.print(header);
            for (int n = 0; n < rows; n++) {
                double[] z = {normal(), normal(), normal()};
                StringBuilder values = new StringBuilder();
                for (int i = 0; i < 16; i++) {
                    double v = StrictMath.tanh(a[i][0] * z[0] + a[i][1] * z[1] + a[i][2] * z[2]) + 0.02 * normal();
                    values.append(String.format(Locale.ROOT, "%.5f", v)).append(i < 15 ? "," : "");
                }
                w.print(values + "," + values + "\n");
            }
        }
    }

    private static void row(PrintWriter w, double x1, double x2, int label) {
        w.print(String.format(Locale.ROOT, "%.6f,%.6f,%d\n", x1, x2, label));
    }

    /** SplitMix64 (Steele, Lea, Flood 2014). */
    private long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private double uniform() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /** Box–Muller with StrictMath, so every JDK gives the same bits. */
    private double normal() {
        double u1 = 1.0 - uniform(), u2 = uniform();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}

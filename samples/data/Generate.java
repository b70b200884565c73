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
 *       ({@code x1,x2,label}), 1000 and 500 rows.</li>
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
        System.out.println("wrote xor.csv, spirals-{train,val}.csv, blobs-{train,val}.csv to " + out + " (seed " + seed + ")");
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

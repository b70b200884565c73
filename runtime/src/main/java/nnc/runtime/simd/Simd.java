package nnc.runtime.simd;

/**
 * Chooses the matrix-product kernels of classes compiled with {@code --simd vector}: the
 * Vector API implementation ({@code jdk.incubator.vector}, in this runtime's
 * {@code nnc.runtime.simd.VectorGemm}) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, otherwise none, and the generated class runs its
 * scalar loops. The system property {@code -Dnnc.simd=scalar} forces the scalar loops.
 *
 * <p>The implementation class is loaded by name only after the module has been found in the
 * boot layer, so this class and the generated ones load and run on any Java 17 JVM.
 */
public final class Simd {
    private static final String IMPLEMENTATION = "nnc.runtime.simd.VectorGemm";
    private static final Gemm GEMM = load();

    private Simd() {
    }

    /** The Vector API kernels, or {@code null} when they are unavailable or disabled. */
    public static Gemm gemm() {
        return GEMM;
    }

    /** A one-line account of the choice, for reports: {@code vector (…)} or {@code scalar (reason)}. */
    public static String describe() {
        if (GEMM != null) {
            return "vector (" + GEMM + ")";
        }
        if ("scalar".equals(System.getProperty("nnc.simd"))) {
            return "scalar (-Dnnc.simd=scalar)";
        }
        if (!vectorModulePresent()) {
            return "scalar (jdk.incubator.vector not in the boot layer; run java with --add-modules jdk.incubator.vector)";
        }
        return "scalar (" + IMPLEMENTATION + " could not be loaded)";
    }

    /** Whether the JVM was started with the incubating Vector API module. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static Gemm load() {
        if ("scalar".equals(System.getProperty("nnc.simd")) || !vectorModulePresent()) {
            return null;
        }
        try {
            return (Gemm) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}

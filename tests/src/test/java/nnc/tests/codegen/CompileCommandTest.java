package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import nnc.compiler.cli.Main;
import nnc.runtime.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc compile} end to end: files written, loadable with only the runtime, errors as exit codes. */
class CompileCommandTest {
    static final Path SAMPLES = Path.of(System.getProperty("nnc.root", "..")).resolve("samples");

    record Run(int code, String out, String err) {
    }

    static Run nnc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesAClassDirectoryThatLoadsWithTheRuntimeOnly(@TempDir Path dir) throws Exception {
        Run r = nnc("compile", SAMPLES.resolve("xor.nn").toString(), "-o", dir.toString(), "--package", "demo.models");
        assertThat(r.code()).as(r.err()).isZero();
        Path cls = dir.resolve("demo/models/Xor.class");
        assertThat(cls).exists();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, Model.class.getClassLoader())) {
            Model m = (Model) loader.loadClass("demo.models.Xor").getConstructor(int.class).newInstance(4);
            assertThat(m.signature().modelName()).isEqualTo("Xor");
            m.trainStep(4);
            assertThat(m.loss()).isFinite();
        }
        try (var files = Files.list(dir.resolve("demo/models"))) {
            assertThat(files).as("no temporary files left").allMatch(p -> p.toString().endsWith(".class"));
        }
    }

    @Test
    void theShorthandWritesAJarWithTheSignatureAndF64AndReports(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("mlp.jar");
        Run r = nnc(SAMPLES.resolve("mlp.nn").toString(), "-o", jar.toString(), "--dtype", "f64", "--report");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("infer: 4 kernels").contains("matmul x @ h1.W").contains("memory at max batch")
                .contains("compiled in");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getEntry("Mlp.class")).isNotNull();
            String json = new String(j.getInputStream(j.getEntry("META-INF/nnc/Mlp.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"dtype\": \"f64\"").contains("{\"name\": \"h1.W\", \"dtype\": \"f64\", \"shape\": [784, 256]}");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Model.class.getClassLoader())) {
            Model m = (Model) loader.loadClass("Mlp").getConstructor(int.class).newInstance(2);
            assertThat(m.param(0)).isInstanceOf(double[].class);
        }
    }

    /** Without jdk.incubator.vector (this JVM) the class loads and trains with its scalar loops. */
    @Test
    void simdVectorWritesAClassThatCallsTheRuntimeKernelsAndRunsWithoutThem(@TempDir Path dir) throws Exception {
        Run r = nnc("compile", SAMPLES.resolve("mlp.nn").toString(), "-o", dir.toString(), "--simd", "vector");
        assertThat(r.code()).as(r.err()).isZero();
        byte[] bytes = Files.readAllBytes(dir.resolve("Mlp.class"));
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("nnc/runtime/simd/Gemm")
                .doesNotContain("jdk/incubator/vector");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, Model.class.getClassLoader())) {
            Model m = (Model) loader.loadClass("Mlp").getConstructor(int.class).newInstance(32);
            m.trainStep(32);
            assertThat(m.loss()).isFinite();
        }
    }

    @Test
    void badArgumentsAreUsageErrorsAndWriteNothing(@TempDir Path dir) {
        Run bad = nnc("compile", SAMPLES.resolve("xor.nn").toString(), "-o", dir.toString(), "--package", "1bad");
        assertThat(bad.code()).isEqualTo(64);
        assertThat(bad.err()).contains("'1bad' is not a Java package name");
        Run dtype = nnc("compile", SAMPLES.resolve("xor.nn").toString(), "--dtype", "f16");
        assertThat(dtype.code()).isEqualTo(64);
        Run simd = nnc("compile", SAMPLES.resolve("xor.nn").toString(), "--simd", "avx");
        assertThat(simd.code()).isEqualTo(64);
        assertThat(simd.err()).contains("--simd").contains("expected scalar or vector, got 'avx'");
        Run missing = nnc("compile", dir.resolve("nope.nn").toString());
        assertThat(missing.code()).isEqualTo(66);
        assertThat(dir.toFile().list()).isEmpty();
    }
}

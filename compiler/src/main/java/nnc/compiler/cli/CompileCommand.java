package nnc.compiler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.SimdMode;
import nnc.compiler.codegen.ModelJar;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.IrException;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.Lowering;
import nnc.runtime.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nnc compile FILE [-o DIR|FILE.jar] [--package P] [--dtype f32|f64] [--simd scalar|vector] [--report]}, also
 * reached as {@code nnc FILE}: writes the model's class (needing only nnc-runtime), into a class
 * directory or a jar that also carries the signature as {@code META-INF/nnc/<Model>.json}.
 * Files are written to a temporary name and renamed, so an error leaves nothing half-written.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile a model to a JVM class that needs only nnc-runtime: a class directory,"
                + " or a jar that also holds the signature (META-INF/nnc/<Model>.json).")
final class CompileCommand implements Callable<Integer> {
    /** The float types a model can be compiled for. */
    enum Precisions {
        f32(DType.F32), f64(DType.F64);

        final DType dtype;

        Precisions(DType dtype) {
            this.dtype = dtype;
        }
    }

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "FILE", description = "the .nn file")
    private Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR|FILE.jar",
            description = "a class directory (created if needed) or a .jar file (default: the current directory)")
    private Path output = Path.of(".");

    @Option(names = "--package", paramLabel = "P", description = "the Java package of the class (default: none)")
    private String packageName = "";

    @Option(names = "--dtype", paramLabel = "f32|f64", description = "the float type to compute in (default: f32)")
    private Precisions dtype = Precisions.f32;

    @Option(names = "--simd", paramLabel = "scalar|vector", converter = SimdOption.class,
            description = SimdOption.DESCRIPTION)
    private SimdMode simd = SimdMode.SCALAR;

    @Option(names = "--report", description = "print the kernels, fused groups, FLOPs per sample and the memory plan")
    private boolean report;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to compile (default: the first)")
    private Optional<String> model;

    @Override
    public Integer call() {
        Session s = main.session();
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            s.err().println("nnc: '" + packageName + "' is not a Java package name (e.g. com.example.models)");
            return ExitCodes.USAGE;
        }
        ModelLoader.Loaded loaded = ModelLoader.load(s, file, model);
        if (loaded.forward().isEmpty()) {
            return loaded.exitCode();
        }
        String name = loaded.model().orElseThrow().name();
        long start = System.nanoTime();
        Optional<CompiledClass> compiled = compile(s, loaded.model().orElseThrow(), name);
        if (compiled.isEmpty()) {
            return ExitCodes.DATA_ERROR;
        }
        long micros = (System.nanoTime() - start) / 1000;
        s.doing("writing " + output);
        try {
            Path written = write(compiled.get());
            s.err().println("nnc: wrote " + compiled.get().className() + " to " + written);
        } catch (IOException e) {
            s.err().println("nnc: cannot write '" + output + "': " + e.getMessage());
            return ExitCodes.CANT_CREATE;
        }
        if (report) {
            s.out().print(compiled.get().report().render(64));
            s.out().printf("compiled in %.1f ms%n", micros / 1000.0);
        }
        return ExitCodes.OK;
    }

    private Optional<CompiledClass> compile(Session s, CheckedModel model, String name) {
        s.doing("compiling model " + name + " of " + file);
        Lowering.Modes modes = Lowering.lowerModes(model, new GraphBuilder());
        String className = packageName.isEmpty() ? name : packageName + "." + name;
        try {
            return Optional.of(ModelCompiler.compileModes(modes.train(), modes.infer(),
                    new ModelCompiler.Options(className, name, dtype.dtype, model.stateInit()).withSimd(simd)));
        } catch (IrException e) {
            s.err().println(e.getMessage().replaceFirst(": ", ": error: "));
            return Optional.empty();
        }
    }

    /** Writes the class (or jar) under a temporary name and renames it into place. */
    private Path write(CompiledClass c) throws IOException {
        boolean jar = output.getFileName() != null && output.getFileName().toString().endsWith(".jar");
        Path target = jar ? output : output.resolve(ModelJar.classPath(c));
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".nnc-", ".tmp");
        try {
            Files.write(temp, jar ? ModelJar.jar(c) : c.bytes());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }
}

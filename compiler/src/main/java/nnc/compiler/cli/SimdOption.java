package nnc.compiler.cli;

import nnc.compiler.codegen.SimdMode;
import picocli.CommandLine;

/** {@code --simd scalar|vector}: the matmul kernels of the generated class ({@link SimdMode}). */
final class SimdOption implements CommandLine.ITypeConverter<SimdMode> {
    /** The option's description, shared by every command that takes it. */
    static final String DESCRIPTION = "matmul kernels: scalar (default; runs on every JVM) or vector (the"
            + " Vector API kernels of nnc-runtime, used when java runs with --add-modules jdk.incubator.vector"
            + " and not -Dnnc.simd=scalar; bin/nnc adds the module; f32 only)";

    @Override
    public SimdMode convert(String value) {
        return SimdMode.parse(value).orElseThrow(() ->
                new CommandLine.TypeConversionException("expected scalar or vector, got '" + value + "'"));
    }
}

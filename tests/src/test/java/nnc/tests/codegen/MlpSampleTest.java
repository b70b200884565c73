package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.source.SourceFile;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.NncRuntimeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** samples/mlp.nn as compiled: fusion (loops per layer), stack traces into the .nn file, method sizes. */
class MlpSampleTest {
    private static CompiledClass compiled;

    @BeforeAll
    static void compile() throws IOException {
        String text = Files.readString(SamplesCodegenTest.ROOT.resolve("samples/mlp.nn"), StandardCharsets.UTF_8);
        compiled = Harness.compile(SamplesCodegenTest.training(SamplesCodegenTest.forward(new SourceFile("samples/mlp.nn", text)),
                DType.F32), "Mlp", DType.F32);
    }

    @Test
    void inferenceIsOneLoopPerLayerPlusSoftmax() {
        List<Kernel> infer = compiled.report().program(Entry.INFER).orElseThrow().kernels();
        assertThat(infer).extracting(k -> k.getClass().getSimpleName())
                .containsExactly("MatMul", "MatMul", "MatMul", "LogSoftmax");
        assertThat(infer.subList(0, 2)).as("bias add and ReLU fused into the hidden layers' matmuls")
                .allSatisfy(k -> assertThat(((Kernel.MatMul) k).epilogue().opCount()).isEqualTo(2));
        assertThat(((Kernel.LogSoftmax) infer.get(3)).epilogue().opCount()).as("softmax = exp of log-softmax, fused").isEqualTo(1);
    }

    @Test
    void trainingFusesTheBackwardPass() {
        List<Kernel> train = compiled.report().program(Entry.TRAIN).orElseThrow().kernels();
        long matmuls = train.stream().filter(k -> k instanceof Kernel.MatMul).count();
        assertThat(matmuls).as("3 forward, 3 weight gradients, 2 input gradients").isEqualTo(8);
        assertThat(train).as("kernels of trainStep").hasSizeLessThanOrEqualTo(20);
        assertThat(train).filteredOn(k -> k instanceof Kernel.MatMul m && m.transB())
                .as("input gradients fuse the ReLU derivative into their epilogue")
                .allSatisfy(k -> assertThat(((Kernel.MatMul) k).epilogue().opCount()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void aBadLabelNamesTheLossLineOfMlpNn() {
        Model m = Harness.instantiate(compiled, 4);
        ((int[]) m.target(0))[1] = 10;
        assertThatThrownBy(() -> m.trainStep(4)).isInstanceOf(NncRuntimeException.class)
                .hasMessageContaining("label 10 at index 1 of 'y'")
                .satisfies(e -> assertThat(Arrays.stream(e.getStackTrace())).anySatisfy(f -> {
                    assertThat(f.getFileName()).isEqualTo("mlp.nn");
                    assertThat(f.getLineNumber()).isEqualTo(21);
                }));
    }

    @Test
    void matmulBlockMethodsStayAboveTheHotInliningLimitAndEveryMethodBelowTheJitLimit() {
        var sizes = Harness.codeSizes(compiled);
        sizes.forEach((name, size) -> assertThat(size).as(name).isLessThan(Harness.HUGE_METHOD));
        var blocks = sizes.entrySet().stream().filter(e -> e.getKey().contains("$block")).toList();
        assertThat(blocks).isNotEmpty();
        blocks.forEach(e -> assertThat(e.getValue()).as("%s must not be inlined by C2 (FreqInlineSize 325)", e.getKey())
                .isGreaterThan(325));
    }
}

package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import nnc.compiler.codegen.SimdMode;
import nnc.runtime.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Optimizer.trainStep} with SGD without momentum runs {@code trainStepSgd}, the update
 * inside the generated step: the same bits as {@code trainStep} and the runtime's update, for
 * every sample (dropout, batch norm, convolutions, recurrences, attention), in f32 and f64, with
 * the scalar kernels. (With the Vector API kernels: {@code VectorSgdInStepTest}.)
 */
class SgdInStepTest {
    @ParameterizedTest
    @MethodSource("nnc.tests.layers.SgdInStep#samples")
    void f32GivesTheSameBitsAsTheUpdateAfterTheStep(String sample) throws IOException {
        SgdInStep.sameBitsAsTheSeparateUpdate(SgdInStep.compile(sample, DType.F32, SimdMode.SCALAR));
    }

    @ParameterizedTest
    @MethodSource("nnc.tests.layers.SgdInStep#samples")
    void f64GivesTheSameBitsAsTheUpdateAfterTheStep(String sample) throws IOException {
        SgdInStep.sameBitsAsTheSeparateUpdate(SgdInStep.compile(sample, DType.F64, SimdMode.SCALAR));
    }

    /** The scalar epilogues stage rows through copies: the updates are separate passes at the end. */
    @Test
    void theScalarKernelsUpdateInPassesOfTheirOwn() throws IOException {
        assertThat(SgdInStep.updatedInProducts(SgdInStep.compile("mlp.nn", DType.F32, SimdMode.SCALAR))).isEmpty();
    }
}

package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import nnc.compiler.codegen.SimdMode;
import nnc.runtime.DType;
import nnc.runtime.simd.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SgdInStepTest} with the Vector API kernels loaded (the tests module's {@code vector}
 * execution), where the update of a weight runs in the epilogue of the product that computes its
 * gradient, one in-place vector loop per row ({@code Gemm.sgdRow}).
 */
class VectorSgdInStepTest {
    @ParameterizedTest
    @MethodSource("nnc.tests.layers.SgdInStep#samples")
    void theUpdateInTheProductsGivesTheSameBits(String sample) throws IOException {
        assertThat(Simd.gemm()).as("this execution runs with jdk.incubator.vector").isNotNull();
        SgdInStep.sameBitsAsTheSeparateUpdate(SgdInStep.compile(sample, DType.F32, SimdMode.VECTOR));
    }

    /** mlp.nn's three weights (two with an L2 penalty, read at the element the epilogue writes): each gradient product is the last reader of its weight. */
    @Test
    void everyWeightOfTheMlpIsUpdatedInItsGradientProduct() throws IOException {
        assertThat(SgdInStep.updatedInProducts(SgdInStep.compile("mlp.nn", DType.F32, SimdMode.VECTOR)))
                .containsExactlyInAnyOrder("h1.W", "h2.W", "logits.W");
    }
}

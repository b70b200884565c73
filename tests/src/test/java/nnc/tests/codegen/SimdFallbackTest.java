package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.SimdMode;
import nnc.runtime.DType;
import nnc.runtime.simd.Simd;
import org.junit.jupiter.api.Test;

/**
 * A class compiled with {@code --simd vector} on a JVM without {@code jdk.incubator.vector} (the
 * default surefire execution): it loads, and its steps run the scalar loops, bit for bit what
 * the scalar-compiled class computes.
 */
class SimdFallbackTest {
    @Test
    void withoutTheModuleTheVectorClassRunsItsScalarLoops() {
        assertThat(Simd.vectorModulePresent()).as("the default execution runs without jdk.incubator.vector").isFalse();
        assertThat(Simd.gemm()).isNull();
        assertThat(Simd.describe()).startsWith("scalar (jdk.incubator.vector not in the boot layer");
        Graphs.Case c = Graphs.deepMlp(DType.F32, SimdCases.SIZES, 50, 4);
        CompiledClass vector = SimdCases.compile(c, SimdMode.VECTOR);
        CompiledClass scalar = SimdCases.compile(c, SimdMode.SCALAR);
        assertThat(vector.bytes()).isNotEqualTo(scalar.bytes());
        List<double[]> v = SimdCases.results(SimdCases.stepped(vector, c), 50);
        List<double[]> s = SimdCases.results(SimdCases.stepped(scalar, c), 50);
        for (int i = 0; i < v.size(); i++) {
            assertThat(v.get(i)).as("result %d", i).containsExactly(s.get(i));
        }
    }
}

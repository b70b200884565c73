package nnc.tests.codegen;

import nnc.compiler.codegen.CompiledClass;
import nnc.runtime.DType;
import nnc.runtime.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MlpCodegenTest {

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void generatedMlpAgreesWithTheInterpreter(DType dtype) {
        for (int batch : new int[] {1, 3, 4, 9}) {
            Graphs.Case c = Graphs.mlp(dtype, 6, 5, 3, batch, 42 + batch);
            CompiledClass compiled = Harness.compile(c.graph(), "Mlp", dtype);
            Harness.verify(compiled);
            Model m = Harness.instantiate(compiled, 16);
            Harness.differential(c.graph(), c.values(), batch, m, Harness.tolerance(dtype));
        }
    }
}

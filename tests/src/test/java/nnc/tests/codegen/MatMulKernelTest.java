package nnc.tests.codegen;

import nnc.compiler.codegen.CompiledClass;
import nnc.runtime.DType;
import nnc.runtime.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scalar matmul micro-kernels against the interpreter on every path they take: MLPs whose
 * training step has all three orientations ({@code x @ W}, {@code dy @ Wᵀ}, {@code xᵀ @ dy}),
 * at batches below and above the streaming limit (16 rows: B streamed through scratch rows, or
 * packed), with row counts that leave 1–3 rows after the 4-row blocks, odd inner dimensions
 * (the k step left after the 2- and 4-step passes) and widths that are not a multiple of the
 * 8-column transposing gather; and widths whose rows start on 64-byte boundaries (16 and 32
 * floats, 8 and 16 doubles), where a streamed block copies its rows of B in one run.
 */
class MatMulKernelTest {
    @ParameterizedTest(name = "{0} {1} batch {2}")
    @CsvSource({
        "F32, 7-5-3, 1",
        "F32, 7-5-3, 3",
        "F32, 7-5-3, 5",
        "F32, 9-13-11-4, 15",
        "F32, 9-13-11-4, 16",
        "F32, 9-13-11-4, 17",
        "F32, 33-19-17-6, 33",
        "F32, 2-1-1, 6",
        "F32, 9-32-16-4, 1",
        "F32, 13-48-32-5, 5",
        "F32, 13-48-32-5, 9",
        "F64, 9-13-11-4, 2",
        "F64, 9-16-8-3, 3",
        "F64, 33-19-17-6, 21",
    })
    void agreesWithTheInterpreter(DType dtype, String sizes, int batch) {
        int[] s = java.util.Arrays.stream(sizes.split("-")).mapToInt(Integer::parseInt).toArray();
        Graphs.Case c = Graphs.deepMlp(dtype, s, batch, 11L * batch + s.length);
        CompiledClass compiled = Harness.compile(c.graph(), "Deep", dtype);
        Harness.verify(compiled);
        Model m = Harness.instantiate(compiled, 40);
        Harness.differential(c.graph(), c.values(), batch, m, Harness.tolerance(dtype));
    }
}

package nnc.compiler.pass;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.IrParser;
import nnc.compiler.ir.IrPrinter;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The simplifier's rule table, one case per identity, read from {@code passes/simplify.ir}: the
 * pipeline (with the verifier between rounds) must turn each input graph into exactly the
 * expected one, and both must compute the same values.
 */
class SimplifyTest {
    @TestFactory
    Stream<DynamicTest> casesFromTextualIr() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String block : read("/passes/simplify.ir").split("\n-{4,}\n")) {
            String[] parts = block.split("\n# expect\n");
            if (parts.length != 2) {
                continue;
            }
            String title = block.lines().findFirst().orElseThrow().replaceFirst("^# ", "");
            tests.add(DynamicTest.dynamicTest(title, () -> check(title, parts[0], parts[1])));
        }
        assertThat(tests).hasSizeGreaterThan(20);
        return tests.stream();
    }

    private static void check(String title, String input, String expected) {
        GraphBuilder b = new GraphBuilder();
        Graph in = Verifier.verify(IrParser.parse(b, "simplify.ir", input));
        Graph out = Passes.optimize(in, Verifier::verify);
        Graph want = IrParser.parse(b, "expected", expected);
        assertThat(out).as("%s%n--- got%n%s--- expected%n%s", title, IrPrinter.print(out, false),
                IrPrinter.print(want, false)).isEqualTo(want);
        sameValues(in, out);
    }

    private static void sameValues(Graph in, Graph out) {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Tensor> values = new HashMap<>();
        for (Node leaf : in.leaves()) {
            int[] dims = leaf.type().dims(2);
            double[] data = random.doubles(Tensor.of(leaf.type().dtype(), dims, new double[count(dims)]).size(), -2, 2).toArray();
            values.put(leaf.name(), Tensor.of(leaf.type().dtype(), dims, data));
        }
        var before = Interpreter.run(in, values, 2);
        var after = Interpreter.run(out, values, 2);
        for (Named o : in.outputs()) {
            assertThat(after.output(o.name()).toArray()).isEqualTo(before.output(o.name()).toArray());
        }
    }

    private static int count(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = SimplifyTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

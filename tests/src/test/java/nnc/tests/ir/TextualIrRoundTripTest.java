package nnc.tests.ir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.IrParser;
import nnc.compiler.ir.IrPrinter;
import nnc.compiler.pass.Passes;
import nnc.compiler.pass.Verifier;
import nnc.runtime.DType;
import nnc.tests.gen.RandomGraphs;
import nnc.tests.grad.Props;
import org.junit.jupiter.api.Test;

/** Printing and parsing are inverse on random training graphs, before and after simplification. */
class TextualIrRoundTripTest {
    @Test
    void printParsePrintIsStable() {
        Props.forAllSeeds("ir-round-trip", 100, seed -> {
            Graph g = Autodiff.differentiate(RandomGraphs.generate(seed, DType.F32).graph(), Set.of("x"));
            for (Graph graph : new Graph[] {g, Passes.optimize(g)}) {
                String text = IrPrinter.print(graph, false);
                Graph parsed = Verifier.verify(IrParser.parse(new GraphBuilder(), "round-trip", text));
                assertThat(renumbered(IrPrinter.print(parsed, false))).isEqualTo(renumbered(text));
                Graph again = IrParser.parse(graph.builder(), "same-builder", text);
                assertThat(again).isEqualTo(graph);
            }
        });
    }

    /** Node numbers differ between builders; number them by order of appearance. */
    private static String renumbered(String text) {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("%\\d+").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, names.computeIfAbsent(m.group(), k -> "%" + names.size()));
        }
        m.appendTail(out);
        return out.toString();
    }
}

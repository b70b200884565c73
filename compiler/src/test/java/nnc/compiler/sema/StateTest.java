package nnc.compiler.sema;

import static org.assertj.core.api.Assertions.assertThat;

import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import org.junit.jupiter.api.Test;

/** {@code state} declarations: checking, paths through block calls, lowering to STATE leaves in both modes. */
class StateTest extends CheckerFixture {
    private static final String BLOCK = """
            block scaled(x: [n, d]) {
              state s: [d] = ones
              param g: [d] = zeros
              return x * s + g
            }
            """;

    @Test
    void stateIsDeclaredWithAConstantAndNamedAfterItsBlockCall() {
        CheckedModel m = ok(BLOCK + model("  state c: [10] = 0.5\n  h = scaled(x)\n  loss = sum(h * c) + sum(h.s)"));
        assertThat(m.states()).extracting(ModelState::path).containsExactly("c", "h.s");
        assertThat(m.stateInit()).containsExactly(java.util.Map.entry("c", 0.5), java.util.Map.entry("h.s", 1.0));
        assertThat(m.params()).extracting(ModelParam::path).containsExactly("W", "h.g");
    }

    @Test
    void bothModesDeclareTheStateLeavesAfterTheParameters() {
        CheckedModel m = ok(BLOCK + model("  h = scaled(x)\n  loss = sum(h)"));
        GraphBuilder b = new GraphBuilder();
        Lowering.Modes modes = Lowering.lowerModes(m, b);
        for (Graph g : java.util.List.of(modes.train(), modes.infer())) {
            assertThat(g.states()).extracting(Node::name).containsExactly("h.s");
            assertThat(g.leaves()).extracting(Node::op).containsExactly(Op.INPUT, Op.TARGET, Op.PARAM, Op.PARAM, Op.STATE);
            assertThat(g.stateUpdates()).as("nothing updates the state").isEmpty();
        }
        assertThat(modes.infer().loss()).as("no layer differs by mode: the graphs share their nodes")
                .isEqualTo(modes.train().loss());
    }

    @Test
    void stateInitializersMustBeConstants() {
        assertThat(errors(model("  state s: [10, 10] = xavier\n  loss = sum(x @ s)"))).containsExactly("E0405@5:23");
        assertThat(first(model("  state s: [10] = normal(1)\n  loss = sum(x * s)")).message())
                .isEqualTo("state s starts from normal(mean=0.0, std=1.0), but state initializers are constants");
        assertThat(errors(model("  state s: [10]\n  loss = sum(x * s)"))).containsExactly("E0402@5:9");
    }

    @Test
    void statePathsReportUnknownNamesWithTheBlockContents() {
        nnc.compiler.source.Diagnostic d = first(BLOCK + model("  h = scaled(x)\n  loss = sum(h) + sum(h.t)"));
        assertThat(d.code()).isEqualTo(nnc.compiler.source.ErrorCode.E0108);
        assertThat(d.notes()).contains("its parameters are g, s");
    }

    @Test
    void stateShapesAreFixedAndItsNameIsDeclaredOnce() {
        assertThat(errors(model("  state s: [batch]\n  loss = sum(x)"))).contains("E0403@5:13");
        assertThat(errors(model("  state W: [10] = zeros\n  loss = sum(x)"))).containsExactly("E0102@5:9");
    }
}

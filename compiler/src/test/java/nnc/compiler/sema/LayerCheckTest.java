package nnc.compiler.sema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checker on the builtins of the layers group: result types and argument diagnostics. */
class LayerCheckTest extends CheckerFixture {
    @Test
    void dropoutKeepsTheTypeAndNeedsAProbabilityBelowOne() {
        assertThat(typeOf(ok(model("  h = dropout(x @ W, p = 0.1)\n  loss = sum(h)")), "h")).isEqualTo("[batch, 10]");
        assertThat(typeOf(ok(model("  h = dropout(x)\n  loss = sum(h)")), "h")).isEqualTo("[batch, 10]");
        assertThat(errors(model("  h = dropout(x, 1)\n  loss = sum(h)"))).containsExactly("E0305@5:7");
        assertThat(first(model("  h = dropout(x, p = -0.5)\n  loss = sum(h)")).message())
                .isEqualTo("dropout probability p must be in [0, 1), got -0.5");
    }
}

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

    private static final String BN = "  param g: [10] = ones\n  param b: [10] = zeros\n"
            + "  state m: [10] = zeros\n  state v: [10] = ones\n";

    @Test
    void batchNormNamesItsStateAndChecksShapes() {
        assertThat(typeOf(ok(model(BN + "  h = batch_norm(x @ W, g, b, m, v)\n  loss = sum(h)")), "h"))
                .isEqualTo("[batch, 10]");
        assertThat(errors(model(BN + "  h = batch_norm(x, g, b, m, v * 2)\n  loss = sum(h)")))
                .containsExactly("E0218@9:30");
        assertThat(errors(model(BN + "  h = batch_norm(x, g, b, m, g)\n  loss = sum(h)")))
                .containsExactly("E0218@9:30");
        assertThat(errors(model(BN + "  h = batch_norm(x, g, b, m, v)\n  k = batch_norm(h, g, b, m, v)\n"
                + "  loss = sum(k)"))).containsExactly("E0219@10:27");
        assertThat(errors(model(BN + "  param g3: [3] = ones\n  h = batch_norm(x, g3, b, m, v)\n  loss = sum(h)")))
                .containsExactly("E0217@10:21");
        assertThat(errors(model(BN + "  h = batch_norm(sum(x, 1), g, b, m, v)\n  loss = sum(h)")))
                .containsExactly("E0217@9:18");
        assertThat(errors(model(BN + "  h = batch_norm(x, g, b, m, v, momentum = 2)\n  loss = sum(h)")))
                .containsExactly("E0305@9:7");
    }

    @Test
    void batchNormStateCanComeFromABlockCall() {
        CheckedModel m = ok("""
                block bn(x: [n, d]) {
                  param gamma: [d] = ones
                  param beta: [d] = zeros
                  state running_mean: [d] = zeros
                  state running_var: [d] = ones
                  return batch_norm(x, gamma, beta, running_mean, running_var)
                }
                model M {
                  input x: [batch, 4]
                  a = bn(x)
                  b = bn(a)
                  loss = sum(b) + sum(b.running_mean)
                }
                """);
        assertThat(m.states()).extracting(ModelState::path)
                .containsExactly("a.running_mean", "a.running_var", "b.running_mean", "b.running_var");
    }

    @Test
    void layerNormNeedsVectorsOfTheLastAxis() {
        assertThat(typeOf(ok(model("  param g: [10] = ones\n  h = layer_norm(x, g, g)\n  loss = sum(h)")), "h"))
                .isEqualTo("[batch, 10]");
        assertThat(errors(model("  param g: [5] = ones\n  h = layer_norm(x, g, g)\n  loss = sum(h)")))
                .containsExactly("E0217@6:21");
    }
}

package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.NncRuntimeException;
import nnc.tests.codegen.CodeSizes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Embeddings, multi-head attention (causal) and plain attention through the whole pipeline, from
 * source: the generated class equals the reference interpreter in training (dropout active) and
 * inference over several steps (f64 to 1e-10, f32 to 1e-4), allocates nothing per step, names the
 * layers' parameters after their bindings, rejects a bad token with a clear exception; and a long
 * sequence (T = 64: an LSTM and causal self-attention) compiles to methods below HotSpot's
 * 8000-byte limit and still agrees with the interpreter.
 */
class AttentionCodegenTest {
    static final String SOURCE = """
            model Tiny {
              input  tokens: i32[batch, 6]
              target y: i32[batch, 6]
              param  pos: %1$s[6, 8] = normal(0.5)
              param  g: %1$s[8] = ones
              param  c: %1$s[8] = zeros
              param  Wout: %1$s[8, 5] = xavier
              e = embedding(tokens, vocab = 5, dim = 8, dtype = %1$s)
              h = e + pos
              a = multi_head_attention(h, heads = 2, causal = true)
              z = layer_norm(h + dropout(a, p = 0.1), g, c)
              s = attention(z, h, h)
              output logits = (z + s) @ Wout
              loss = cross_entropy(logits, y) + 0.01 * l2(a.Wq, e.table)
            }
            """;

    static final String LONG = """
            block lstm_layer(x: [n, T, i]) {
              param W_ih: %1$s[i, 64] = xavier
              param W_hh: %1$s[16, 64] = xavier
              param b_ih: %1$s[64] = zeros
              param b_hh: %1$s[64] = zeros
              return lstm(x, W_ih, W_hh, b_ih, b_hh)
            }
            model Long {
              input  x: %1$s[batch, 64, 4]
              target y: %1$s[batch, 64, 16]
              hs = lstm_layer(x)
              a  = multi_head_attention(hs, heads = 4, causal = true)
              output out = hs + a
              loss = mse(out, y)
            }
            """;

    /** Batched operands that are reshapes of 2-D values: their slots are 2-D, the product is not 3-D @ 2-D. */
    static final String ALIASED = """
            model Aliased {
              input  x: %1$s[batch, 18]
              input  u: %1$s[batch, 12]
              target y: %1$s[batch, 3, 2]
              param  s: %1$s[1] = ones
              output h = reshape(x * s, [batch, 3, 6]) @ reshape(u * s, [batch, 6, 2])
              loss = mse(h, y)
            }
            """;

    private static LayerHarness.Compiled compile(String source, DType dtype) {
        return LayerHarness.compile("attention.nn", source.formatted(dtype.sourceName()), dtype);
    }

    @Test
    void layersNameTheirParametersAfterTheirBindings() {
        LayerHarness.Compiled c = compile(SOURCE, DType.F64);
        assertThat(c.cls().signature().params()).extracting(p -> p.name()).containsExactly(
                "pos", "g", "c", "Wout", "e.table", "a.Wq", "a.bq", "a.Wk", "a.bk", "a.Wv", "a.bv", "a.Wo", "a.bo");
        assertThat(c.train().nodes()).as("the embedding is a gather, its gradient a scatter-add")
                .extracting(Node::op).contains(Op.GATHER, Op.SCATTER_ADD);
        assertThat(c.train().nodes()).as("no one-hot vectors of the tokens")
                .noneMatch(n -> n.op() == Op.ONE_HOT && n.input(0).name().equals("tokens"));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void generatedCodeIsTheInterpretersInBothModes(DType dtype) {
        LayerHarness.Compiled c = compile(SOURCE, dtype);
        Model m = c.instantiate(5);
        m.setSeed(11);
        Map<String, Tensor> v = LayerHarness.values(c.train(), 5, 4, c.model().stateInit());
        for (int step = 0; step < 3; step++) {
            LayerHarness.load(m, v);
            v = LayerHarness.trainStepMatches(c, m, v, 5, 11, LayerHarness.tolerance(dtype));
            LayerHarness.inferenceMatches(c, m, v, 5, LayerHarness.tolerance(dtype));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void aBatchedProductOfReshapedOperandsIsNotTakenForASharedRightOperand(DType dtype) {
        LayerHarness.Compiled c = compile(ALIASED, dtype);
        Model m = c.instantiate(4);
        Map<String, Tensor> v = LayerHarness.values(c.train(), 4, 2, c.model().stateInit());
        LayerHarness.load(m, v);
        LayerHarness.trainStepMatches(c, m, v, 4, 0, LayerHarness.tolerance(dtype));
        LayerHarness.inferenceMatches(c, m, v, 4, LayerHarness.tolerance(dtype));
    }

    @Test
    void noStepAllocates() {
        Model m = compile(SOURCE, DType.F32).instantiate(8);
        LayerHarness.load(m, LayerHarness.values(compile(SOURCE, DType.F32).train(), 8, 5, Map.of()));
        assertThat(LayerHarness.allocated(3_000, i -> m.trainStep(2 + i % 7))).as("bytes allocated by trainStep").isZero();
        assertThat(LayerHarness.allocated(3_000, i -> m.infer(1 + i % 8))).as("bytes allocated by infer").isZero();
    }

    @Test
    void aTokenOutsideTheVocabularyFailsWithAClearMessage() {
        Model m = compile(SOURCE, DType.F32).instantiate(2);
        ((int[]) m.input(0))[3] = 5;
        assertThatThrownBy(() -> m.infer(2)).isInstanceOf(NncRuntimeException.class)
                .hasMessageContaining("index 5 at position 3 of 'tokens'").hasMessageContaining("table of 5 rows");
    }

    @Test
    void aLongSequenceCompilesBelowTheJitLimitAndAgrees() {
        LayerHarness.Compiled c = compile(LONG, DType.F64);
        CodeSizes.of(c.cls()).forEach((method, size) ->
                assertThat(size).as("bytecode bytes of %s", method).isLessThan(CodeSizes.HUGE_METHOD));
        Model m = c.instantiate(2);
        Map<String, Tensor> v = LayerHarness.values(c.train(), 2, 6, c.model().stateInit());
        LayerHarness.load(m, v);
        LayerHarness.trainStepMatches(c, m, v, 2, 0, LayerHarness.tolerance(DType.F64));
        LayerHarness.inferenceMatches(c, m, v, 2, LayerHarness.tolerance(DType.F64));
    }
}

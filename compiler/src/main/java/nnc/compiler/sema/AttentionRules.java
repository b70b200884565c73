package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * The result-type rules of attention and embeddings ({@code attention}, {@code multi_head_attention},
 * {@code embedding}) and the types of the parameters the layers among them create. Sequences are
 * {@code [n, T, d]} with a fixed T and d.
 */
final class AttentionRules {
    private AttentionRules() {
    }

    /** The parameters of {@code multi_head_attention}: weights {@code [D, D]} (xavier) and biases {@code [D]} (zeros). */
    static final List<Builtin.Weight> MULTI_HEAD = List.of(
            weight("Wq"), bias("bq"), weight("Wk"), bias("bk"), weight("Wv"), bias("bv"), weight("Wo"), bias("bo"));

    /** The parameter of {@code embedding}: the table {@code [vocab, dim]}, N(0, 1) like PyTorch's. */
    static final List<Builtin.Weight> EMBEDDING = List.of(new Builtin.Weight("table",
            s -> new Type.Tensor(dtype(s), List.of(Dim.of(integer(s, "vocab")), Dim.of(integer(s, "dim")))),
            t -> new Init.Normal(0, 1, "normal(mean=0.0, std=1.0)")));

    /** {@code attention(q, k, v, causal)}: q {@code [n, Tq, d]}, k {@code [n, Tk, d]}, v {@code [n, Tk, dv]} give {@code [n, Tq, dv]}. */
    static Type attention(CallSite s) {
        for (int i = 0; i < 3; i++) {
            if (!sequence(s, i)) {
                return Type.ERROR;
            }
        }
        Type.Tensor q = s.operand(0);
        Type.Tensor k = s.operand(1);
        Type.Tensor v = s.operand(2);
        if (!k.shape().get(0).equals(q.shape().get(0)) || !v.shape().get(0).equals(q.shape().get(0))) {
            return s.error(ErrorCode.E0807, "attention needs q, k and v with one batch dimension, got "
                    + q + ", " + k + " and " + v);
        }
        if (!k.shape().get(2).equals(q.shape().get(2))) {
            return s.errorAt(1, ErrorCode.E0807, "attention compares each query with each key, so q and k need the "
                    + "same feature size: " + s.operandText(0) + " is " + q + ", " + s.operandText(1) + " is " + k,
                    "q: [n, Tq, d] and k: [n, Tk, d]; the scores q kᵀ / √d are [n, Tq, Tk]");
        }
        if (!v.shape().get(1).equals(k.shape().get(1))) {
            return s.errorAt(2, ErrorCode.E0807, "attention takes one value per key, so v needs the steps of k: "
                    + s.operandText(1) + " is " + k + ", " + s.operandText(2) + " is " + v);
        }
        if (bool(s, "causal") && !q.shape().get(1).equals(k.shape().get(1))) {
            return s.error(ErrorCode.E0807, "causal attention needs as many queries as keys (step t attends to "
                    + "steps 0 … t), got q " + q + " and k " + k);
        }
        return q.withShape(List.of(q.shape().get(0), q.shape().get(1), v.shape().get(2)));
    }

    /** {@code multi_head_attention(x, heads, causal)}: x {@code [n, T, D]} with D divisible by heads; x's type. */
    static Type multiHead(CallSite s) {
        if (!sequence(s, 0)) {
            return Type.ERROR;
        }
        Type.Tensor x = s.operand(0);
        double heads = LayerRules.number(s, "heads");
        if (heads != Math.rint(heads) || heads < 1 || heads > 4096) {
            return s.error(ErrorCode.E0305, "multi_head_attention needs a positive integer number of heads, got "
                    + format(heads));
        }
        int width = ((Dim.Fixed) x.shape().get(2)).size();
        if (width % (int) heads != 0) {
            return s.errorAt(0, ErrorCode.E0808, "multi_head_attention splits the " + width + " features of "
                            + s.operandText(0) + ": " + x + " into " + (int) heads + " heads, but " + width
                            + " is not divisible by " + (int) heads,
                    "each head attends with D / heads features; choose heads among " + divisors(width));
        }
        return x;
    }

    /** {@code embedding(tokens, vocab, dim, dtype)}: i32 tokens {@code [...]} give {@code [..., dim]}. */
    static Type embedding(CallSite s) {
        Type.Tensor tokens = s.operand(0);
        if (tokens.dtype() != DType.I32) {
            return s.errorAt(0, ErrorCode.E0809, "embedding looks up rows by token index, so its tokens must be i32, "
                            + s.operandText(0) + " is " + tokens,
                    "declare the tokens as i32, e.g. input tokens: i32[batch, 8]");
        }
        for (String name : List.of("vocab", "dim")) {
            double v = LayerRules.number(s, name);
            if (v != Math.rint(v) || v < 1 || v > 1 << 24) {
                return s.error(ErrorCode.E0305, "embedding's " + name + " must be a positive integer, got "
                        + format(v), "vocab is the number of tokens, dim the size of each token's vector");
            }
        }
        List<Dim> out = new ArrayList<>(tokens.shape());
        out.add(Dim.of(integer(s, "dim")));
        return new Type.Tensor(dtype(s), out);
    }

    /** Whether operand {@code i} is {@code [n, T, d]} with a fixed T and d; reports E0807 if not. */
    private static boolean sequence(CallSite s, int i) {
        Type.Tensor x = s.operand(i);
        if (x.rank() != 3 || !(x.shape().get(1) instanceof Dim.Fixed) || !(x.shape().get(2) instanceof Dim.Fixed)) {
            s.errorAt(i, ErrorCode.E0807, s.name() + " needs sequences [n, T, d] with a fixed T and d, "
                    + s.operandText(i) + " is " + x, "e.g. x: [batch, 8, 16], 8 steps of 16 features");
            return false;
        }
        return true;
    }

    private static Builtin.Weight weight(String name) {
        return new Builtin.Weight(name, s -> square(s, true), Initializers::xavier);
    }

    private static Builtin.Weight bias(String name) {
        return new Builtin.Weight(name, s -> square(s, false), t -> new Init.Constant(0, "zeros"));
    }

    /** {@code [D, D]} or {@code [D]} for x {@code [n, T, D]}, in x's dtype. */
    private static Type.Tensor square(CallSite s, boolean matrix) {
        Type.Tensor x = s.operand(0);
        Dim d = x.shape().get(2);
        return new Type.Tensor(x.dtype(), matrix ? List.of(d, d) : List.of(d));
    }

    private static String divisors(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (n % i == 0) {
                out.add(Integer.toString(i));
            }
        }
        return String.join(", ", out);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static int integer(CallSite s, String name) {
        return (int) LayerRules.number(s, name);
    }

    static boolean bool(CallSite s, String name) {
        return ((Attr.Bool) s.attr(name)).value();
    }

    private static DType dtype(CallSite s) {
        return ((Attr.Str) s.attr("dtype")).value().equals("f64") ? DType.F64 : DType.F32;
    }
}

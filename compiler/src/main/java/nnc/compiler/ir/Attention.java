package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Dim;

/**
 * Attention and embeddings as composites of primitives (batched matmuls, a masked log-softmax,
 * slices, gathers): gradients, interpretation and code generation come from the primitives.
 * Sequences are {@code [n, T, d]}, batch first.
 *
 * @param e where to build (the call's source position)
 */
public record Attention(Emit e) {
    /**
     * Scaled dot-product attention {@code softmax(q kᵀ / √d [+ mask]) v} over {@code q: [n, Tq, d]},
     * {@code k: [n, Tk, d]}, {@code v: [n, Tk, dv]}: {@code [n, Tq, dv]}. With {@code causal}
     * (Tq = Tk), the scores above the diagonal (key after query) are -∞ before the softmax, so
     * step t attends to steps 0 … t only.
     */
    public Node attention(Node q, Node k, Node v, boolean causal) {
        int d = Composites.length(q, 2);
        Node scores = e.mul(e.matmul(q, e.transpose(k, List.of(0, 2, 1))), e.constant(1 / Math.sqrt(d), q));
        if (causal) {
            scores = e.select(causalMask(scores), scores, e.constant(Double.NEGATIVE_INFINITY, q));
        }
        return e.matmul(e.exp(e.logSoftmax(scores, 2)), v);
    }

    /** 1 where the key (axis 2) is not after the query (axis 1), 0 above the diagonal: {@code [Tq, Tk]}. */
    private Node causalMask(Node scores) {
        List<Dim> square = scores.type().shape().subList(1, 3);
        return e.ge(e.iota(square, 0, scores.type().dtype()), e.iota(square, 1, scores.type().dtype()));
    }

    /**
     * Multi-head self-attention over {@code x: [n, T, D]} with {@code heads} heads of
     * {@code D / heads} features: {@code Q = x Wq + bq}, {@code K}, {@code V} likewise; head h
     * attends with columns {@code h·dh … (h+1)·dh} of Q, K and V; the heads' results, side by side,
     * go through {@code Wo, bo}. Every weight is {@code [D, D]}, every bias {@code [D]} (the
     * transposes of PyTorch's {@code in_proj} blocks and {@code out_proj}).
     */
    public Node multiHead(Node x, List<Node> weights, int heads, boolean causal) {
        int width = Composites.length(x, 2);
        int dh = width / heads;
        Node q = e.add(e.matmul(x, weights.get(0)), weights.get(1));
        Node k = e.add(e.matmul(x, weights.get(2)), weights.get(3));
        Node v = e.add(e.matmul(x, weights.get(4)), weights.get(5));
        List<Node> outs = new ArrayList<>();
        for (int h = 0; h < heads; h++) {
            outs.add(attention(e.slice(q, 2, h * dh, dh), e.slice(k, 2, h * dh, dh), e.slice(v, 2, h * dh, dh), causal));
        }
        Node joined = heads == 1 ? outs.get(0) : new Composites(e).concat(outs, 2);
        return e.add(e.matmul(joined, weights.get(6)), weights.get(7));
    }

    /** The rows of {@code table: [V, D]} at the i32 {@code tokens: [n, T]}: {@code [n, T, D]}. */
    public Node embedding(Node tokens, Node table) {
        return e.gather(table, tokens);
    }
}

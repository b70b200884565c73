package nnc.compiler.sema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.compiler.ir.Composites;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.IrException;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;

/**
 * The builtins of the "layers" group whose graph depends on the {@link Lowering.Mode}: what each
 * becomes in training and in inference, and the state updates training mode records. One lowering
 * (one mode) uses one instance; random layers get streams 0, 1, … in the order they are lowered.
 */
final class LayerLowering {
    private static final Set<String> NAMES = Set.of("dropout", "batch_norm");

    private final Lowering.Mode mode;
    private final Map<String, Named> updates = new LinkedHashMap<>();
    private long streams;

    LayerLowering(Lowering.Mode mode) {
        this.mode = mode;
    }

    /** Whether {@code builtin} is lowered here rather than by {@link BuiltinLowering}. */
    static boolean handles(String builtin) {
        return NAMES.contains(builtin);
    }

    Node lower(String name, List<Node> x, Map<String, Attr> attrs, Emit e) {
        return switch (name) {
            case "dropout" -> dropout(x.get(0), number(attrs, "p"), e);
            case "batch_norm" -> batchNorm(x, number(attrs, "momentum"), number(attrs, "eps"), e);
            default -> throw new IrException(e.span(), "no lowering for builtin " + name);
        };
    }

    /** The new value of each state tensor a layer updated, in first-update order (empty in inference). */
    List<Named> stateUpdates() {
        return List.copyOf(updates.values());
    }

    /**
     * The value of {@code state} (a STATE leaf) as the step has updated it so far: a layer called
     * again in a loop updates its statistics again, from where the previous call left them, as a
     * PyTorch module called T times in one forward pass does.
     */
    private Node current(Node state) {
        Named u = updates.get(state.name());
        return u == null ? state : u.node();
    }

    /** Records that a training step replaces {@code state} (a STATE leaf) with {@code value}. */
    private void update(Node state, Node value) {
        updates.put(state.name(), new Named(state.name(), value));
    }

    /** Inverted dropout: {@code x · [u ≥ p] / (1 - p)} with u uniform in [0, 1); the identity in inference. */
    private Node dropout(Node x, double p, Emit e) {
        long stream = streams++;
        if (mode == Lowering.Mode.INFER) {
            return x;
        }
        Node u = e.randomUniform(stream, x.type().shape(), x.type().dtype());
        Node keep = e.ge(u, e.constant(p, x));
        return e.mul(x, e.mul(keep, e.constant(1 / (1 - p), x)));
    }

    /**
     * Batch norm over every axis but 1. Training: the batch's mean and biased variance, and the
     * running statistics move by {@code momentum} toward the mean and the unbiased variance
     * ({@code n / max(n - 1, 1)} times the biased one, n the elements per channel); inference:
     * the running statistics.
     */
    private Node batchNorm(List<Node> x, double momentum, double eps, Emit e) {
        Composites c = new Composites(e);
        Node rm = x.get(3);
        Node rv = x.get(4);
        if (mode == Lowering.Mode.INFER) {
            return c.batchNormInference(x.get(0), x.get(1), x.get(2), rm, rv, eps);
        }
        List<Node> moments = c.channelMoments(x.get(0));
        Node n = c.count(x.get(0), Composites.batchNormAxes(x.get(0)));
        Node one = e.constant(1, n);
        Node unbiased = e.mul(moments.get(1), e.div(n, e.max(e.sub(n, one), one)));
        update(rm, ema(current(rm), moments.get(0), momentum, e));
        update(rv, ema(current(rv), unbiased, momentum, e));
        return c.batchNorm(x.get(0), x.get(1), x.get(2), moments.get(0), moments.get(1), eps);
    }

    /** {@code (1 - m)·old + m·value}. */
    private static Node ema(Node old, Node value, double m, Emit e) {
        return e.add(e.mul(e.constant(1 - m, old), old), e.mul(e.constant(m, old), value));
    }

    private static double number(Map<String, Attr> attrs, String key) {
        Attr a = attrs.get(key);
        return a instanceof Attr.Int i ? i.value() : ((Attr.Num) a).value();
    }
}

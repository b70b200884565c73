package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Set<String> NAMES = Set.of("dropout");

    private final Lowering.Mode mode;
    private final List<Named> updates = new ArrayList<>();
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
            default -> throw new IrException(e.span(), "no lowering for builtin " + name);
        };
    }

    /** The new value of each state tensor a layer updated, in call order (empty in inference). */
    List<Named> stateUpdates() {
        return List.copyOf(updates);
    }

    /** Records that a training step replaces {@code state} (a STATE leaf) with {@code value}. */
    void update(Node state, Node value) {
        updates.add(new Named(state.name(), value));
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

    private static double number(Map<String, Attr> attrs, String key) {
        Attr a = attrs.get(key);
        return a instanceof Attr.Int i ? i.value() : ((Attr.Num) a).value();
    }
}

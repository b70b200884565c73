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
 * (one mode) uses one instance.
 */
final class LayerLowering {
    private static final Set<String> NAMES = Set.of();

    private final Lowering.Mode mode;
    private final List<Named> updates = new ArrayList<>();

    LayerLowering(Lowering.Mode mode) {
        this.mode = mode;
    }

    /** Whether {@code builtin} is lowered here rather than by {@link BuiltinLowering}. */
    static boolean handles(String builtin) {
        return NAMES.contains(builtin);
    }

    Node lower(String name, List<Node> x, Map<String, Attr> attrs, Emit e) {
        throw new IrException(e.span(), "no lowering for builtin " + name + " in " + mode + " mode");
    }

    /** The new value of each state tensor a layer updated, in call order (empty in inference). */
    List<Named> stateUpdates() {
        return List.copyOf(updates);
    }

    /** Records that a training step replaces {@code state} (a STATE leaf) with {@code value}. */
    void update(Node state, Node value) {
        updates.add(new Named(state.name(), value));
    }
}

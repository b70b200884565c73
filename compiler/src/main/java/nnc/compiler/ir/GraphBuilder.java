package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.source.Span;

/**
 * The only way to create nodes: one builder per compilation, shared by lowering, autodiff and
 * every pass. It interns nodes on (op, operand ids, attribute), so asking twice for the same
 * computation returns the same node (common subexpressions merge for free, and "did a pass change
 * anything" is {@code ==}); the first request's span is kept. Every new node is type-checked by
 * {@link TypeRules}. Ids are creation order, so operands always have smaller ids than users.
 */
public final class GraphBuilder {
    private record Key(Op op, List<Integer> inputs, Attr attr) {
    }

    private final Map<Key, Node> interned = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    /** The node computing {@code op} on {@code inputs} with {@code attr}: an existing one if any. */
    public Node node(Op op, List<Node> inputs, Attr attr, Span span) {
        List<Integer> ids = new ArrayList<>(inputs.size());
        List<Type> types = new ArrayList<>(inputs.size());
        for (Node in : inputs) {
            if (in.id() >= nodes.size() || nodes.get(in.id()) != in) {
                throw new IrException(span, op.textName() + ": operand " + in + " belongs to another builder");
            }
            ids.add(in.id());
            types.add(in.type());
        }
        Key key = new Key(op, List.copyOf(ids), attr);
        Node existing = interned.get(key);
        if (existing != null) {
            return existing;
        }
        Type type = TypeRules.infer(op, types, attr, span);
        Node node = new Node(nodes.size(), op, inputs, attr, type, span);
        nodes.add(node);
        interned.put(key, node);
        return node;
    }

    /** A node factory that gives every node it makes {@code span}. */
    public Emit at(Span span) {
        return new Emit(this, span);
    }

    /** The node with id {@code id}. */
    public Node get(int id) {
        return nodes.get(id);
    }

    /** The number of nodes created so far. */
    public int size() {
        return nodes.size();
    }
}

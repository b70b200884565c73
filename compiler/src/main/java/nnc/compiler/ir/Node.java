package nnc.compiler.ir;

import java.util.List;
import nnc.compiler.source.Span;

/**
 * One value of the graph IR: an operation applied to earlier nodes. Immutable, and compared by
 * identity: a {@link GraphBuilder} interns nodes, so two nodes with the same op, operands and
 * attribute are the same object, and ids (creation order) order every graph topologically.
 *
 * <p>A final class rather than a record so that only the builder can create nodes; the
 * accessors are the record-style ones. Analyses keep their data in side tables indexed by
 * {@link #id()}, never in fields here.
 */
public final class Node {
    private final int id;
    private final Op op;
    private final List<Node> inputs;
    private final Attr attr;
    private final Type type;
    private final Span span;

    Node(int id, Op op, List<Node> inputs, Attr attr, Type type, Span span) {
        this.id = id;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.attr = attr;
        this.type = type;
        this.span = span;
    }

    /** Creation order within the builder; smaller than the id of every user. */
    public int id() {
        return id;
    }

    /** The operation. */
    public Op op() {
        return op;
    }

    /** The operands, in order. */
    public List<Node> inputs() {
        return inputs;
    }

    /** Operand {@code i}. */
    public Node input(int i) {
        return inputs.get(i);
    }

    /** The attribute ({@link Attr#NONE} when the op takes none). */
    public Attr attr() {
        return attr;
    }

    /** The result type, as the op's type rule computes it. */
    public Type type() {
        return type;
    }

    /** The source range this node came from (backward nodes: their forward node's). */
    public Span span() {
        return span;
    }

    /** The leaf's name; fails for nodes that are not named leaves. */
    public String name() {
        if (attr instanceof Attr.Leaf leaf) {
            return leaf.name();
        }
        throw new IrException(span, "%" + id + " (" + op.textName() + ") has no name");
    }

    /** Whether this is the scalar constant {@code value}. */
    public boolean isConstant(double value) {
        return attr instanceof Attr.Scalar s && op == Op.CONSTANT && s.value() == value;
    }

    /** {@code %id}. */
    @Override
    public String toString() {
        return "%" + id;
    }
}

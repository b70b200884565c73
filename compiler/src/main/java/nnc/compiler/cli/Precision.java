package nnc.compiler.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.runtime.DType;

/**
 * {@code --dtype}: the same model computed in another float type. Rebuilds a forward graph in a
 * new builder with every float type (leaves, constants, casts, one-hot encodings) replaced by
 * the chosen one; integer values (labels) keep {@code i32}. Spans are kept, so diagnostics and
 * stack traces still point into the {@code .nn} file.
 */
final class Precision {
    private final DType to;
    private final GraphBuilder builder = new GraphBuilder();
    private final Map<Node, Node> done = new IdentityHashMap<>();

    private Precision(DType to) {
        this.to = to;
    }

    /** The float type of the model's values: that of its first float leaf (f32 when it has none). */
    static DType of(Graph g) {
        return g.leaves().stream().map(n -> n.type().dtype()).filter(DType::isFloat).findFirst().orElse(DType.F32);
    }

    /** {@code forward} (before autodiff) with every float type replaced by {@code to}. */
    static Graph retype(Graph forward, DType to) {
        if (of(forward) == to && forward.nodes().stream().allMatch(n -> !n.type().dtype().isFloat()
                || n.type().dtype() == to)) {
            return forward;
        }
        Precision p = new Precision(to);
        p.mapAll(forward);
        List<Node> leaves = new ArrayList<>();
        for (Node leaf : forward.leaves()) {
            leaves.add(p.map(leaf));
        }
        Graph g = Graph.of(p.builder, leaves).withOutputs(forward.outputs().stream()
                .map(o -> new nnc.compiler.ir.Named(o.name(), p.map(o.node()))).toList());
        Optional<Node> loss = forward.loss().map(p::map);
        return loss.isPresent() ? g.withLoss(loss.get()) : g;
    }

    /** Rebuilds every node in id (topological) order, so operands are always mapped first. */
    private void mapAll(Graph forward) {
        for (Node n : forward.nodes()) {
            List<Node> inputs = new ArrayList<>(n.inputs().size());
            for (Node in : n.inputs()) {
                inputs.add(done.get(in));
            }
            done.put(n, builder.node(n.op(), inputs, attr(n.attr()), n.span()));
        }
    }

    private Node map(Node n) {
        return done.get(n);
    }

    private Attr attr(Attr a) {
        if (a instanceof Attr.Leaf l) {
            return new Attr.Leaf(l.name(), new Type(dtype(l.type().dtype()), l.type().shape()));
        } else if (a instanceof Attr.Scalar s) {
            return new Attr.Scalar(s.value(), dtype(s.dtype()));
        } else if (a instanceof Attr.DimSize d) {
            return new Attr.DimSize(d.dim(), dtype(d.dtype()));
        } else if (a instanceof Attr.ToType t) {
            return new Attr.ToType(dtype(t.dtype()));
        } else if (a instanceof Attr.OneHot h) {
            return new Attr.OneHot(h.classes(), dtype(h.dtype()));
        } else if (a instanceof Attr.Iota io) {
            return new Attr.Iota(io.shape(), io.axis(), dtype(io.dtype()));
        }
        return a;
    }

    private DType dtype(DType d) {
        return d.isFloat() ? to : d;
    }
}

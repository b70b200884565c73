package nnc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.runtime.DType;

/**
 * {@code --dtype}: the same model computing in another float type. Rebuilds a graph (before or
 * after differentiation) with every float type, constant and cast target changed to the
 * requested dtype; i32 values (labels) stay as they are.
 */
public final class Precision {
    private final DType to;
    private final GraphBuilder builder = new GraphBuilder();
    private final Node[] mapped;

    private Precision(Graph g, DType to) {
        this.to = to;
        this.mapped = new Node[g.builder().size()];
    }

    /** {@code graph} computing in {@code dtype} (a new graph; the original is unchanged). */
    public static Graph convert(Graph graph, DType dtype) {
        return convert(List.of(graph), dtype).get(0);
    }

    /**
     * Graphs of one builder (a model's training and inference graphs) computing in {@code dtype}:
     * new graphs sharing one new builder, so nodes they shared stay shared.
     */
    public static List<Graph> convert(List<Graph> graphs, DType dtype) {
        if (!dtype.isFloat()) {
            throw new IllegalArgumentException("a model computes in f32 or f64, not " + dtype.sourceName());
        }
        Precision p = new Precision(graphs.get(0), dtype);
        List<Graph> out = new ArrayList<>();
        for (Graph g : graphs) {
            out.add(p.convertOne(g));
        }
        return List.copyOf(out);
    }

    private Graph convertOne(Graph graph) {
        Precision p = this;
        for (Node n : graph.nodes()) {
            if (p.mapped[n.id()] == null) {
                p.map(n);
            }
        }
        Graph out = Graph.of(p.builder, graph.leaves().stream().map(p::get).toList());
        out = out.withOutputs(p.named(graph.outputs()));
        if (graph.loss().isPresent()) {
            out = out.withLoss(p.get(graph.loss().get()));
        }
        return out.withParamGrads(p.named(graph.paramGrads())).withInputGrads(p.named(graph.inputGrads()))
                .withStateUpdates(p.named(graph.stateUpdates()));
    }

    private Node get(Node n) {
        return mapped[n.id()];
    }

    private void map(Node n) {
        List<Node> inputs = new ArrayList<>();
        n.inputs().forEach(i -> inputs.add(get(i)));
        mapped[n.id()] = builder.node(n.op(), inputs, attr(n.attr()), n.span());
    }

    private Attr attr(Attr a) {
        if (a instanceof Attr.Leaf l) {
            return new Attr.Leaf(l.name(), type(l.type()));
        } else if (a instanceof Attr.Scalar s) {
            return new Attr.Scalar(s.value(), dtype(s.dtype()));
        } else if (a instanceof Attr.DimSize d) {
            return new Attr.DimSize(d.dim(), dtype(d.dtype()));
        } else if (a instanceof Attr.ToType t) {
            return new Attr.ToType(dtype(t.dtype()));
        } else if (a instanceof Attr.OneHot o) {
            return new Attr.OneHot(o.classes(), dtype(o.dtype()));
        } else if (a instanceof Attr.Iota io) {
            return new Attr.Iota(io.shape(), io.axis(), dtype(io.dtype()));
        } else if (a instanceof Attr.Random r) {
            return new Attr.Random(r.stream(), r.shape(), dtype(r.dtype()));
        }
        return a;
    }

    private Type type(Type t) {
        return t.withDtype(dtype(t.dtype()));
    }

    private DType dtype(DType d) {
        return d.isFloat() ? to : d;
    }

    private List<Named> named(List<Named> list) {
        return list.stream().map(n -> new Named(n.name(), get(n.node()))).toList();
    }
}

package nnc.compiler.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;

/**
 * Builds one kernel from a scheduled group: expands the fused expression of each result into a
 * {@link Body}, reading stored values as {@link Expr.Load}s with their index maps.
 */
final class KernelBuilder {
    private record Key(int node, List<Integer> map) {
    }

    private final Map<Node, Slot> stored;
    private final Function<Node, Slot> slotOf;
    private final Body.Builder body = new Body.Builder();
    private final Map<Node, Integer> members = new IdentityHashMap<>();
    private final Map<Key, Integer> memo = new HashMap<>();

    KernelBuilder(Map<Node, Slot> stored, Function<Node, Slot> slotOf) {
        this.stored = stored;
        this.slotOf = slotOf;
    }

    /** The kernel computing {@code roots} (anchored at the first), writing those in {@code outputs}. */
    Kernel build(Node anchor, List<Node> roots, List<Node> outputs) {
        return switch (Form.of(anchor)) {
            case MATMUL -> matmul(anchor, roots, outputs);
            case INLINE, SCALAR -> {
                for (Node r : roots) {
                    members.put(r, expand(r, Views.identity(r.type().rank())));
                }
                yield new Kernel.Elementwise(anchor.type().shape(), body.build(), outs(outputs), anchor.span());
            }
            case REDUCE -> reduce(anchor);
            case LOG_SOFTMAX -> {
                withEpilogue(anchor, roots);
                yield new Kernel.LogSoftmax(slotOf.apply(anchor.input(0)), anchor.input(0).type().shape(),
                        ((Attr.Axis) anchor.attr()).axis(), body.build(), outs(outputs), anchor.span());
            }
            case ONE_HOT -> new Kernel.OneHot(slotOf.apply(anchor.input(0)), stored.get(anchor),
                    ((Attr.OneHot) anchor.attr()).classes(), anchor.span());
            case WINDOW -> window(anchor);
            case IOTA -> iota(anchor);
            case PATCHES -> new Kernel.Patches(slotOf.apply(anchor.input(0)), stored.get(anchor),
                    (Attr.Patches) anchor.attr(), anchor.op() == Op.COL2IM, anchor.span());
            case RANDOM -> new Kernel.Random(((Attr.Random) anchor.attr()).stream(), stored.get(anchor), anchor.span());
            case GATHER -> gather(anchor);
            case LEAF, ALIAS -> throw new IllegalStateException(anchor + " is not computed by a kernel");
        };
    }

    /** A loop writing the value of {@code node} to {@code target}. */
    Kernel copy(Node node, Slot target) {
        int v = expr(node, Views.identity(node.type().rank()));
        return new Kernel.Elementwise(node.type().shape(), body.build(), List.of(new Out(target, v)), node.span());
    }

    /** The anchor's own value is the accumulator; the other roots are its epilogue. */
    private void withEpilogue(Node anchor, List<Node> roots) {
        members.put(anchor, body.add(new Expr.Acc()));
        for (Node r : roots) {
            if (r != anchor) {
                members.put(r, expand(r, Views.identity(r.type().rank())));
            }
        }
    }

    private Kernel matmul(Node m, List<Node> roots, List<Node> outputs) {
        withEpilogue(m, roots);
        Node a = m.input(0);
        Node b = m.input(1);
        boolean ta = false;
        boolean tb = false;
        while (Views.swapsLastTwo(a)) {
            a = a.input(0);
            ta = !ta;
        }
        while (Views.swapsLastTwo(b)) {
            b = b.input(0);
            tb = !tb;
        }
        List<nnc.runtime.Dim> as = m.input(0).type().shape();
        return new Kernel.MatMul(slotOf.apply(a), ta, slotOf.apply(b), tb, as.get(as.size() - 1),
                m.type().shape(), body.build(), outs(outputs), m.span());
    }

    private Kernel reduce(Node r) {
        Node in = r.input(0);
        int root = expr(in, Views.identity(in.type().rank()));
        return new Kernel.Reduce(in.type().shape(), body.build(), root, ((Attr.Axes) r.attr()).axes(),
                r.op() == Op.REDUCE_MAX, stored.get(r), r.span());
    }

    /** A slice copies {@code size} positions from {@code start}; a pad copies the operand to {@code start}. */
    private Kernel window(Node w) {
        Attr.Window a = (Attr.Window) w.attr();
        List<nnc.runtime.Dim> in = w.input(0).type().shape();
        int inLen = ((nnc.runtime.Dim.Fixed) in.get(a.axis())).size();
        boolean pad = w.op() == Op.PAD;
        return new Kernel.Window(slotOf.apply(w.input(0)), stored.get(w), Extent.product(in.subList(0, a.axis())),
                Extent.product(in.subList(a.axis() + 1, in.size())), inLen, a.size(), pad ? 0 : a.start(),
                pad ? a.start() : 0, pad ? inLen : a.size(), w.span());
    }

    /** A gather copies table rows to the result; a scatter-add sums result rows into a zeroed table. */
    private Kernel gather(Node n) {
        boolean scatter = n.op() == Op.SCATTER_ADD;
        Node table = scatter ? n : n.input(0);
        List<nnc.runtime.Dim> shape = table.type().shape();
        return new Kernel.Gather(slotOf.apply(n.input(0)), slotOf.apply(n.input(1)), stored.get(n),
                ((nnc.runtime.Dim.Fixed) shape.get(0)).size(), ((nnc.runtime.Dim.Fixed) shape.get(1)).size(),
                scatter, n.span());
    }

    private Kernel iota(Node n) {
        Attr.Iota a = (Attr.Iota) n.attr();
        List<nnc.runtime.Dim> s = a.shape();
        return new Kernel.Iota(stored.get(n), Extent.product(s.subList(0, a.axis())),
                ((nnc.runtime.Dim.Fixed) s.get(a.axis())).size(), Extent.product(s.subList(a.axis() + 1, s.size())),
                n.span());
    }

    private List<Out> outs(List<Node> outputs) {
        List<Out> outs = new ArrayList<>();
        for (Node o : outputs) {
            outs.add(new Out(stored.get(o), members.get(o)));
        }
        return outs;
    }

    private int expr(Node x, List<Integer> map) {
        Integer member = members.get(x);
        if (member != null) {
            return member;
        }
        Key key = new Key(x.id(), map);
        Integer done = memo.get(key);
        if (done != null) {
            return done;
        }
        int v = compute(x, map);
        memo.put(key, v);
        return v;
    }

    private int compute(Node x, List<Integer> map) {
        Form f = Form.of(x);
        if (f == Form.ALIAS || stored.containsKey(x)) {
            return body.add(new Expr.Load(slotOf.apply(x), x.type().shape(), map));
        }
        if (f == Form.INLINE || f == Form.SCALAR) {
            return expand(x, map);
        }
        throw new IllegalStateException(x + " (" + x.op().textName() + ") is neither stored nor fusable");
    }

    private int expand(Node x, List<Integer> map) {
        if (x.op() == Op.CONSTANT) {
            return body.add(new Expr.Const(Scheduler.constant(x)));
        }
        if (x.op() == Op.DIM_SIZE) {
            return body.add(new Expr.BatchSize());
        }
        if (x.op() == Op.TRANSPOSE) {
            return expr(x.input(0), Views.transpose(x, map));
        }
        if (x.op() == Op.RESHAPE) {
            return expr(x.input(0), Views.reshape(x, map));
        }
        if (x.op() == Op.BROADCAST_TO || x.op() == Op.STOP_GRADIENT) {
            return expr(x.input(0), Views.broadcast(x.input(0).type().shape(), x.type().shape(), map));
        }
        List<Integer> args = new ArrayList<>();
        for (Node in : x.inputs()) {
            args.add(expr(in, Views.broadcast(in.type().shape(), x.type().shape(), map)));
        }
        return body.add(new Expr.Apply(x.op(), x.attr(), args));
    }
}

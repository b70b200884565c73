package nnc.compiler.kernel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.IrException;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * Graph IR to kernel IR for one entry method. Deterministic: everything is decided in node-id
 * order.
 *
 * <ul>
 *   <li>Elementwise nodes (with broadcasts and transposes, which only change index maps) used
 *       once are inlined into their user's loop; a node used more than once, by a non-fusable
 *       op, or playing a role is stored ("materialized").</li>
 *   <li>A stored elementwise node joins an earlier kernel of the same domain when it reads that
 *       kernel's results at the same element and everything else it reads is ready before that
 *       kernel runs: so a matmul absorbs its bias and activation (and the pre-activation stays
 *       available for the backward pass), and backward chains share one loop.</li>
 *   <li>A matmul absorbs transposes of its operands as flags; reductions take their fused input
 *       expression; log-softmax and one-hot are kernels of their own; reshapes are views.</li>
 *   <li>A stored value is written to its role's array when it plays one (output, gradient,
 *       loss), else to a temporary slot; a role whose value lives elsewhere gets a copy loop.</li>
 * </ul>
 */
public final class Scheduler {
    /** Most results one fused loop writes, to keep generated methods small. */
    private static final int MAX_ROOTS = 6;

    private record Root(Node node, Slot slot) {
    }

    private record Operand(Node node, boolean trans) {
    }

    private record Ref(Node node, boolean identity) {
    }

    private static final class Group {
        final Node anchor;
        final List<Dim> domain;
        final List<Node> roots = new ArrayList<>();

        Group(Node anchor) {
            this.anchor = anchor;
            this.domain = anchor.type().shape();
        }

        boolean fusable() {
            return switch (Form.of(anchor)) {
                case MATMUL, INLINE, SCALAR -> true;
                case LOG_SOFTMAX -> domain.size() == 2 && ((Attr.Axis) anchor.attr()).axis() == 1;
                case LEAF, ALIAS, REDUCE, ONE_HOT, WINDOW, IOTA, RANDOM, PATCHES -> false;
                case GATHER -> false;
            };
        }
    }

    private final Graph graph;
    private final SlotTable slots;
    private final DType dtype;
    private final List<Root> roots;
    private final List<Node> needed = new ArrayList<>();
    private final Map<Node, List<Node>> users = new IdentityHashMap<>();
    private final Map<Node, Integer> roleUses = new IdentityHashMap<>();
    private final Set<Node> forced = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Group> groupOf = new IdentityHashMap<>();
    private final Map<Node, List<Group>> home = new IdentityHashMap<>();
    private final Map<Node, Slot> slotOf = new IdentityHashMap<>();
    private final List<Group> groups = new ArrayList<>();

    private Scheduler(Graph graph, Entry entry, SlotTable slots, DType dtype) {
        this.graph = graph;
        this.slots = slots;
        this.dtype = dtype;
        this.roots = roots(graph, entry, slots);
    }

    /**
     * The kernels of {@code entry} for {@code graph}, whose floating-point values are all
     * {@code dtype}.
     *
     * @throws IrException if the graph uses something the code generator does not support
     */
    public static Program schedule(Graph graph, Entry entry, SlotTable slots, DType dtype) {
        Scheduler s = new Scheduler(graph, entry, slots, dtype);
        s.analyze();
        s.group();
        s.assignSlots();
        List<Kernel> kernels = new ArrayList<>();
        for (Group g : s.groups) {
            kernels.add(new KernelBuilder(s.slotOf, s::slot).build(g.anchor, g.roots, s.outputs(g)));
        }
        kernels.addAll(s.roleCopies());
        return new Program(entry, kernels);
    }

    private static List<Root> roots(Graph graph, Entry entry, SlotTable slots) {
        List<Root> r = new ArrayList<>();
        List<Named> outs = graph.outputs();
        for (int i = 0; i < outs.size(); i++) {
            r.add(new Root(outs.get(i).node(), slots.outputs().get(i)));
        }
        if (entry.hasLoss() && graph.loss().isPresent() && slots.loss().isPresent()) {
            r.add(new Root(graph.loss().get(), slots.loss().get()));
        }
        if (entry.trains()) {
            for (Named g : graph.paramGrads()) {
                int i = graph.params().stream().map(Node::name).toList().indexOf(g.name());
                r.add(new Root(g.node(), slots.grads().get(i)));
            }
            for (Named u : graph.stateUpdates()) {
                int i = graph.states().stream().map(Node::name).toList().indexOf(u.name());
                r.add(new Root(u.node(), slots.states().get(i)));
            }
        }
        return List.copyOf(r);
    }

    // ---- analysis -------------------------------------------------------------------------

    private void analyze() {
        BitSet seen = new BitSet();
        List<Node> stack = new ArrayList<>();
        for (Root r : roots) {
            stack.add(r.node());
            roleUses.merge(r.node(), 1, Integer::sum);
        }
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (!seen.get(n.id())) {
                seen.set(n.id());
                stack.addAll(operands(n));
            }
        }
        seen.stream().forEach(id -> needed.add(graph.builder().get(id)));
        for (Node n : needed) {
            checkDtype(n);
            for (Node in : operands(n).stream().distinct().toList()) {
                users.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            switch (Form.of(n)) {
                case MATMUL -> operands(n).forEach(this::force);
                case LOG_SOFTMAX, ONE_HOT, ALIAS, WINDOW, PATCHES -> force(n.input(0));
                case GATHER -> n.inputs().forEach(this::force);
                case LEAF, SCALAR, INLINE, REDUCE, IOTA, RANDOM -> { }
            }
        }
    }

    private void checkDtype(Node n) {
        DType t = n.type().dtype();
        if (t.isFloat() && t != dtype) {
            throw new IrException(n.span(), "the code generator compiles one float type per model ("
                    + dtype.sourceName() + "), but " + n + " (" + n.op().textName() + ") is " + n.type());
        }
    }

    /** The operands as kernels see them: a matmul's transposed operands without the transpose. */
    private static List<Node> operands(Node n) {
        if (n.op() == Op.MATMUL) {
            return List.of(strip(n.input(0)).node(), strip(n.input(1)).node());
        }
        return n.inputs();
    }

    private static Operand strip(Node x) {
        boolean trans = false;
        while (Views.swapsLastTwo(x)) {
            x = x.input(0);
            trans = !trans;
        }
        return new Operand(x, trans);
    }

    private void force(Node x) {
        forced.add(base(x));
    }

    /** The node whose slot holds {@code x}'s data: {@code x} itself unless it is a reshape. */
    static Node base(Node x) {
        while (Form.of(x) == Form.ALIAS) {
            x = x.input(0);
        }
        return x;
    }

    private boolean materialized(Node n) {
        return switch (Form.of(n)) {
            case LEAF, MATMUL, REDUCE, LOG_SOFTMAX, ONE_HOT, WINDOW, IOTA, RANDOM, PATCHES -> true;
            case GATHER -> true;
            case ALIAS -> false;
            case SCALAR -> forced.contains(n);
            case INLINE -> forced.contains(n) || roleUses.containsKey(n)
                    || !Form.isView(n) && users.getOrDefault(n, List.of()).size() != 1;
        };
    }

    // ---- grouping ---------------------------------------------------------------------------

    private void group() {
        for (Node n : needed) {
            if (!materialized(n) || Form.of(n) == Form.LEAF) {
                continue;
            }
            Optional<Group> target = Form.of(n) == Form.INLINE || Form.of(n) == Form.SCALAR
                    ? fuseTarget(n) : Optional.empty();
            Group g = target.orElseGet(() -> {
                Group fresh = new Group(n);
                groups.add(fresh);
                return fresh;
            });
            g.roots.add(n);
            groupOf.put(n, g);
        }
        for (Group g : groups) {
            for (Node r : g.roots) {
                markHome(r, g, true);
            }
        }
    }

    private Optional<Group> fuseTarget(Node e) {
        List<Ref> refs = new ArrayList<>();
        references(e, Views.identity(e.type().rank()), e.type().shape(), true, refs);
        for (int i = groups.size() - 1; i >= 0; i--) {
            Group g = groups.get(i);
            if (g.fusable() && g.domain.equals(e.type().shape()) && g.roots.size() < MAX_ROOTS && joins(g, refs)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    private boolean joins(Group g, List<Ref> refs) {
        boolean touches = false;
        for (Ref r : refs) {
            if (groupOf.get(r.node()) == g) {
                if (!r.identity()) {
                    return false;
                }
                touches = true;
            } else if (Form.of(r.node()) != Form.LEAF && r.node().id() > g.anchor.id()) {
                return false;
            }
        }
        return touches;
    }

    /** The stored values {@code x}'s fused expression reads, and whether at the loop's own index. */
    private void references(Node x, List<Integer> map, List<Dim> domain, boolean top, List<Ref> out) {
        Form f = Form.of(x);
        if (!top && (materialized(x) || f == Form.ALIAS)) {
            Node b = base(x);
            out.add(new Ref(b, f != Form.ALIAS && Views.isIdentity(map, x.type().shape(), domain)));
            return;
        }
        if (f != Form.INLINE) {
            return;
        }
        if (x.op() == Op.TRANSPOSE) {
            references(x.input(0), Views.transpose(x, map), domain, false, out);
            return;
        }
        if (x.op() == Op.RESHAPE) {
            references(x.input(0), Views.reshape(x, map), domain, false, out);
            return;
        }
        for (Node in : x.inputs()) {
            references(in, Views.broadcast(in.type().shape(), x.type().shape(), map), domain, false, out);
        }
    }

    private void markHome(Node x, Group g, boolean top) {
        if (!top && (materialized(x) || Form.of(x) == Form.ALIAS)) {
            return;
        }
        if (!top) {
            home.computeIfAbsent(x, k -> new ArrayList<>()).add(g);
        }
        if (Form.of(x) == Form.INLINE || Form.of(x) == Form.REDUCE) {
            x.inputs().forEach(in -> markHome(in, g, false));
        }
    }

    // ---- slots ----------------------------------------------------------------------------

    private void assignSlots() {
        Set<Slot> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node leaf : graph.leaves()) {
            slotOf.put(leaf, slots.leaf(leaf));
        }
        for (Group g : groups) {
            for (Node r : g.roots) {
                if (needsBuffer(r, g)) {
                    slotOf.put(r, roleSlot(r, claimed).orElseGet(() -> slots.temp(r)));
                }
            }
        }
    }

    private boolean needsBuffer(Node r, Group g) {
        if (roleUses.containsKey(r) || !g.fusable()) {
            return true;
        }
        for (Node u : users.getOrDefault(r, List.of())) {
            List<Group> in = groupOf.containsKey(u) ? List.of(groupOf.get(u)) : home.getOrDefault(u, List.of());
            if (in.isEmpty() || in.stream().anyMatch(h -> h != g)) {
                return true;
            }
        }
        return false;
    }

    private Optional<Slot> roleSlot(Node r, Set<Slot> claimed) {
        for (Root root : roots) {
            if (root.node() == r && root.slot().role() != Slot.Role.STATE && claimed.add(root.slot())) {
                return Optional.of(root.slot());
            }
        }
        return Optional.empty();
    }

    private Slot slot(Node n) {
        Slot s = slotOf.get(base(n));
        if (s == null) {
            throw new IllegalStateException("no slot for " + n + " (" + n.op().textName() + ")");
        }
        return s;
    }

    private List<Node> outputs(Group g) {
        return g.roots.stream().filter(slotOf::containsKey).toList();
    }

    private List<Kernel> roleCopies() {
        List<Kernel> copies = new ArrayList<>();
        for (Root r : roots) {
            if (slotOf.get(r.node()) != r.slot()) {
                copies.add(new KernelBuilder(slotOf, this::slot).copy(r.node(), r.slot()));
            }
        }
        return copies;
    }

    /** The scalar value of a constant node. */
    static double constant(Node n) {
        return ((Attr.Scalar) n.attr()).value();
    }
}

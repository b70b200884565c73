package nnc.compiler.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.ir.Type;

/**
 * The slots of one compilation: the exposed arrays (created up front from the graph's roles, in
 * signature order) and the temporaries the scheduler asks for.
 */
public final class SlotTable {
    private final List<Slot> all = new ArrayList<>();
    private final List<Slot> inputs;
    private final List<Slot> targets;
    private final List<Slot> params;
    private final List<Slot> states;
    private final List<Slot> outputs;
    private final List<Slot> grads;
    private final Optional<Slot> loss;

    /** The exposed slots of {@code graph}. */
    public SlotTable(Graph graph) {
        inputs = leaves(graph.inputs(), Slot.Role.INPUT);
        targets = leaves(graph.targets(), Slot.Role.TARGET);
        params = leaves(graph.params(), Slot.Role.PARAM);
        states = leaves(graph.states(), Slot.Role.STATE);
        outputs = named(graph.outputs(), Slot.Role.OUTPUT);
        List<Slot> g = new ArrayList<>();
        for (int i = 0; i < graph.params().size(); i++) {
            Node p = graph.params().get(i);
            g.add(add(p.name(), p.type(), Slot.Role.GRAD, i));
        }
        grads = List.copyOf(g);
        loss = graph.loss().map(l -> add("loss", l.type(), Slot.Role.LOSS, 0));
    }

    /** A new temporary for the value of {@code node}. */
    public Slot temp(Node node) {
        return add(node.toString(), node.type(), Slot.Role.TEMP, 0);
    }

    /** Every slot created so far, in creation order. */
    public List<Slot> all() {
        return List.copyOf(all);
    }

    public List<Slot> inputs() {
        return inputs;
    }

    public List<Slot> targets() {
        return targets;
    }

    public List<Slot> params() {
        return params;
    }

    public List<Slot> states() {
        return states;
    }

    public List<Slot> outputs() {
        return outputs;
    }

    public List<Slot> grads() {
        return grads;
    }

    public Optional<Slot> loss() {
        return loss;
    }

    /** The slot of a declared leaf. */
    Slot leaf(Node leaf) {
        List<Slot> list = leaf.op() == Op.INPUT ? inputs
                : leaf.op() == Op.TARGET ? targets
                : leaf.op() == Op.PARAM ? params : states;
        return list.stream().filter(s -> s.name().equals(leaf.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("undeclared leaf " + leaf.name()));
    }

    private List<Slot> leaves(List<Node> nodes, Slot.Role role) {
        List<Slot> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(add(nodes.get(i).name(), nodes.get(i).type(), role, i));
        }
        return List.copyOf(out);
    }

    private List<Slot> named(List<Named> nodes, Slot.Role role) {
        List<Slot> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(add(nodes.get(i).name(), nodes.get(i).node().type(), role, i));
        }
        return List.copyOf(out);
    }

    private Slot add(String name, Type type, Slot.Role role, int index) {
        Slot s = new Slot(all.size(), name, type, role, index);
        all.add(s);
        return s;
    }
}

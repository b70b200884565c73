package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An immutable graph: the nodes reachable from its roles, in topological (id) order, and the
 * roles themselves. Declared leaves (inputs, targets, parameters, state) are listed in
 * declaration order, and belong to the graph even when nothing uses them. Named roles:
 * outputs, the loss, the gradient of the loss for each parameter and for requested inputs, and
 * the new value of each state tensor after a training step.
 *
 * <p>Graphs are values: {@code equals} compares roles node by node (identity), so a pass that
 * changed nothing returns an equal graph.
 */
public final class Graph {
    private final GraphBuilder builder;
    private final List<Node> inputs;
    private final List<Node> targets;
    private final List<Node> params;
    private final List<Node> states;
    private final List<Named> outputs;
    private final Optional<Node> loss;
    private final List<Named> paramGrads;
    private final List<Named> inputGrads;
    private final List<Named> stateUpdates;
    private final List<Node> nodes;

    private Graph(GraphBuilder builder, List<Node> inputs, List<Node> targets, List<Node> params,
            List<Node> states, List<Named> outputs, Optional<Node> loss, List<Named> paramGrads,
            List<Named> inputGrads, List<Named> stateUpdates) {
        this.builder = builder;
        this.inputs = List.copyOf(inputs);
        this.targets = List.copyOf(targets);
        this.params = List.copyOf(params);
        this.states = List.copyOf(states);
        this.outputs = List.copyOf(outputs);
        this.loss = loss;
        this.paramGrads = List.copyOf(paramGrads);
        this.inputGrads = List.copyOf(inputGrads);
        this.stateUpdates = List.copyOf(stateUpdates);
        this.nodes = reachable();
    }

    /** A graph with the given declared leaves (any mix of inputs, targets, params, state, in order) and no roles yet. */
    public static Graph of(GraphBuilder builder, List<Node> leaves) {
        List<Node> in = leaves.stream().filter(n -> n.op() == Op.INPUT).toList();
        List<Node> tg = leaves.stream().filter(n -> n.op() == Op.TARGET).toList();
        List<Node> pa = leaves.stream().filter(n -> n.op() == Op.PARAM).toList();
        List<Node> st = leaves.stream().filter(n -> n.op() == Op.STATE).toList();
        for (Node n : leaves) {
            if (!n.op().isNamedLeaf()) {
                throw new IrException(n.span(), n + " (" + n.op().textName() + ") is not a named leaf");
            }
        }
        return new Graph(builder, in, tg, pa, st, List.of(), Optional.empty(), List.of(), List.of(), List.of());
    }

    /** This graph with one more output. */
    public Graph withOutput(String name, Node node) {
        List<Named> out = new ArrayList<>(outputs);
        out.add(new Named(name, node));
        return withOutputs(out);
    }

    /** This graph with these outputs instead of its own. */
    public Graph withOutputs(List<Named> newOutputs) {
        return new Graph(builder, inputs, targets, params, states, newOutputs, loss, paramGrads, inputGrads, stateUpdates);
    }

    /** This graph with this loss. */
    public Graph withLoss(Node newLoss) {
        return new Graph(builder, inputs, targets, params, states, outputs, Optional.of(newLoss), paramGrads, inputGrads, stateUpdates);
    }

    /** This graph with these parameter gradients. */
    public Graph withParamGrads(List<Named> grads) {
        return new Graph(builder, inputs, targets, params, states, outputs, loss, grads, inputGrads, stateUpdates);
    }

    /** This graph with these input gradients. */
    public Graph withInputGrads(List<Named> grads) {
        return new Graph(builder, inputs, targets, params, states, outputs, loss, paramGrads, grads, stateUpdates);
    }

    /** This graph with these state updates (state name → its value after a training step). */
    public Graph withStateUpdates(List<Named> updates) {
        return new Graph(builder, inputs, targets, params, states, outputs, loss, paramGrads, inputGrads, updates);
    }

    /** This graph with {@code f} applied to the node of every role, leaves included. */
    public Graph mapRoles(UnaryOperator<Node> f) {
        return new Graph(builder, map(inputs, f), map(targets, f), map(params, f), map(states, f),
                mapNamed(outputs, f), loss.map(f), mapNamed(paramGrads, f), mapNamed(inputGrads, f),
                mapNamed(stateUpdates, f));
    }

    public GraphBuilder builder() {
        return builder;
    }

    /** Every node reachable from a role, in id (topological) order. */
    public List<Node> nodes() {
        return nodes;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public List<Node> targets() {
        return targets;
    }

    public List<Node> params() {
        return params;
    }

    public List<Node> states() {
        return states;
    }

    public List<Named> outputs() {
        return outputs;
    }

    public Optional<Node> loss() {
        return loss;
    }

    public List<Named> paramGrads() {
        return paramGrads;
    }

    public List<Named> inputGrads() {
        return inputGrads;
    }

    public List<Named> stateUpdates() {
        return stateUpdates;
    }

    /** All declared leaves: inputs, targets, params, state. */
    public List<Node> leaves() {
        List<Node> all = new ArrayList<>(inputs);
        all.addAll(targets);
        all.addAll(params);
        all.addAll(states);
        return List.copyOf(all);
    }

    /** Every role node: leaves, outputs, loss, gradients, state updates (with repeats). */
    public List<Node> roots() {
        List<Node> all = new ArrayList<>(leaves());
        outputs.forEach(n -> all.add(n.node()));
        loss.ifPresent(all::add);
        paramGrads.forEach(n -> all.add(n.node()));
        inputGrads.forEach(n -> all.add(n.node()));
        stateUpdates.forEach(n -> all.add(n.node()));
        return all;
    }

    /** The output named {@code name}. */
    public Optional<Node> output(String name) {
        return find(outputs, name);
    }

    /** The gradient of the loss for parameter {@code name}. */
    public Optional<Node> paramGrad(String name) {
        return find(paramGrads, name);
    }

    /** The gradient of the loss for input {@code name}. */
    public Optional<Node> inputGrad(String name) {
        return find(inputGrads, name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Graph g && g.builder == builder && g.inputs.equals(inputs)
                && g.targets.equals(targets) && g.params.equals(params) && g.states.equals(states)
                && g.outputs.equals(outputs) && g.loss.equals(loss) && g.paramGrads.equals(paramGrads)
                && g.inputGrads.equals(inputGrads) && g.stateUpdates.equals(stateUpdates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputs, targets, params, states, outputs, loss, paramGrads, inputGrads, stateUpdates);
    }

    @Override
    public String toString() {
        return IrPrinter.print(this);
    }

    private List<Node> reachable() {
        BitSet seen = new BitSet();
        List<Node> stack = new ArrayList<>(roots());
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (n.id() >= builder.size() || builder.get(n.id()) != n) {
                throw new IrException(n.span(), n + " belongs to another builder");
            }
            if (!seen.get(n.id())) {
                seen.set(n.id());
                stack.addAll(n.inputs());
            }
        }
        return seen.stream().mapToObj(builder::get).toList();
    }

    private static Optional<Node> find(List<Named> list, String name) {
        return list.stream().filter(n -> n.name().equals(name)).map(Named::node).findFirst();
    }

    private static List<Node> map(List<Node> list, UnaryOperator<Node> f) {
        return list.stream().map(f).toList();
    }

    private static List<Named> mapNamed(List<Named> list, UnaryOperator<Node> f) {
        return list.stream().map(n -> new Named(n.name(), f.apply(n.node()))).toList();
    }
}

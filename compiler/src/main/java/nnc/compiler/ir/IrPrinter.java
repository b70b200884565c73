package nnc.compiler.ir;

import java.util.stream.Collectors;

/**
 * Textual IR, one node per line, then one line per role:
 * <pre>
 * %12 = matmul %3, %7 : f32[batch, 256]  @ mlp.nn:9:12
 * %13 = reduce_sum %12 axes=[0] : f32[256]  @ mlp.nn:9:12
 * output probs = %20
 * loss = %25
 * grad h1.W = %40
 * </pre>
 * Leaves print their name ({@code %0 = param h1.W : f32[784, 256]}), constants their value.
 * {@link IrParser} reads this format back.
 */
public final class IrPrinter {
    private IrPrinter() {
    }

    /** The graph with source positions. */
    public static String print(Graph graph) {
        return print(graph, true);
    }

    /** The graph, with or without the {@code @ file:line:col} suffix. */
    public static String print(Graph graph, boolean spans) {
        StringBuilder out = new StringBuilder();
        for (Node n : graph.nodes()) {
            out.append(line(n, spans)).append('\n');
        }
        graph.inputs().forEach(n -> out.append("input ").append(n.name()).append(" = ").append(n).append('\n'));
        graph.targets().forEach(n -> out.append("target ").append(n.name()).append(" = ").append(n).append('\n'));
        graph.params().forEach(n -> out.append("param ").append(n.name()).append(" = ").append(n).append('\n'));
        graph.states().forEach(n -> out.append("state ").append(n.name()).append(" = ").append(n).append('\n'));
        roles(out, "output ", graph.outputs());
        graph.loss().ifPresent(n -> out.append("loss = ").append(n).append('\n'));
        roles(out, "grad ", graph.paramGrads());
        roles(out, "grad_input ", graph.inputGrads());
        roles(out, "update ", graph.stateUpdates());
        return out.toString();
    }

    /** One node: {@code %5 = add %3, %4 : f32[batch, 8]  @ xor.nn:12:9}. */
    public static String line(Node n, boolean span) {
        StringBuilder s = new StringBuilder().append(n).append(" = ").append(n.op().textName());
        String operands = n.inputs().stream().map(Node::toString).collect(Collectors.joining(", "));
        if (!operands.isEmpty()) {
            s.append(' ').append(operands);
        }
        String attr = n.attr().toString();
        if (!attr.isEmpty()) {
            s.append(' ').append(attr);
        }
        s.append(" : ").append(n.type());
        if (span) {
            s.append("  @ ").append(n.span());
        }
        return s.toString();
    }

    private static void roles(StringBuilder out, String prefix, java.util.List<Named> list) {
        for (Named r : list) {
            out.append(prefix).append(r.name()).append(" = ").append(r.node()).append('\n');
        }
    }
}

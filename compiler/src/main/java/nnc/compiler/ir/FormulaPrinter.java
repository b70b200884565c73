package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders an expression as a readable formula for {@code nnc grad --symbolic}:
 * {@code 2·x·y}, {@code x² + 1}. Shape-only ops (broadcast, reshape) are invisible; products
 * show constants first and repeated factors as powers; structural ops print as functions
 * ({@code sum(x, axes=[0])}). Meant for simplified graphs, where it reads best.
 */
public final class FormulaPrinter {
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    private FormulaPrinter() {
    }

    /** The formula of {@code n}. */
    public static String print(Node n) {
        return render(n).text;
    }

    private record Text(String text, int precedence) {
        String at(int min) {
            return precedence < min ? "(" + text + ")" : text;
        }
    }

    private static Text render(Node n) {
        return switch (n.op()) {
            case INPUT, TARGET, PARAM, STATE -> new Text(n.name(), ATOM);
            case CONSTANT -> number(((Attr.Scalar) n.attr()).value());
            case DIM_SIZE -> new Text("size(" + ((Attr.DimSize) n.attr()).dim() + ")", ATOM);
            case BROADCAST_TO, RESHAPE, CAST, STOP_GRADIENT -> render(n.input(0));
            case NEG -> new Text("-" + render(n.input(0)).at(POWER), UNARY);
            case ADD -> new Text(render(n.input(0)).at(SUM) + " + " + render(n.input(1)).at(SUM), SUM);
            case SUB -> new Text(render(n.input(0)).at(SUM) + " - " + render(n.input(1)).at(PRODUCT), SUM);
            case MUL -> product(n);
            case DIV -> new Text(render(n.input(0)).at(PRODUCT) + " / " + render(n.input(1)).at(UNARY), PRODUCT);
            case POW -> new Text(render(n.input(0)).at(ATOM) + "^" + render(n.input(1)).at(ATOM), POWER);
            case MATMUL -> new Text(render(n.input(0)).at(UNARY) + " @ " + render(n.input(1)).at(UNARY), PRODUCT);
            case TRANSPOSE -> new Text(render(n.input(0)).at(ATOM) + "ᵀ", ATOM);
            case SLICE, PAD, IOTA -> call(n);
            case EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, ERF, ABS, SIGN, GT, GE, EQ, MAX, MIN, SELECT,
                    REDUCE_SUM, REDUCE_MAX, ONE_HOT, LOG_SOFTMAX, RANDOM_UNIFORM, IM2COL, COL2IM -> call(n);
            case GATHER, SCATTER_ADD -> call(n);
        };
    }

    private static Text call(Node n) {
        List<String> args = new ArrayList<>();
        n.inputs().forEach(i -> args.add(render(i).text));
        String attr = n.attr().toString();
        if (!attr.isEmpty()) {
            args.add(attr);
        }
        String name = n.op() == Op.REDUCE_SUM ? "sum" : n.op() == Op.REDUCE_MAX ? "max" : n.op().textName();
        return new Text(name + "(" + String.join(", ", args) + ")", ATOM);
    }

    /** Flattens nested products: constants first, then the other factors by id (declaration order), repeats as powers. */
    private static Text product(Node n) {
        List<Node> factors = new ArrayList<>();
        flatten(n, factors);
        List<Node> ordered = new ArrayList<>(factors.stream().filter(f -> f.op() == Op.CONSTANT).toList());
        factors.stream().filter(f -> f.op() != Op.CONSTANT).sorted(java.util.Comparator.comparingInt(Node::id))
                .forEach(ordered::add);
        List<String> parts = new ArrayList<>();
        List<Node> seen = new ArrayList<>();
        for (Node f : ordered) {
            if (seen.contains(f)) {
                continue;
            }
            seen.add(f);
            long times = ordered.stream().filter(g -> g == f).count();
            String base = render(f).at(times > 1 ? ATOM : PRODUCT);
            parts.add(times == 1 ? base : base + superscript(times));
        }
        return new Text(parts.stream().collect(Collectors.joining("·")), PRODUCT);
    }

    private static void flatten(Node n, List<Node> out) {
        if (n.op() == Op.MUL) {
            flatten(n.input(0), out);
            flatten(n.input(1), out);
        } else {
            out.add(n);
        }
    }

    private static Text number(double v) {
        String s = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        return new Text(s, v < 0 ? UNARY : ATOM);
    }

    private static String superscript(long k) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder s = new StringBuilder();
        for (char ch : Long.toString(k).toCharArray()) {
            s.append(digits.charAt(ch - '0'));
        }
        return s.toString();
    }
}

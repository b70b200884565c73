package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.compiler.source.SourceFile;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * Reads the textual IR that {@link IrPrinter} writes, into a given builder. Because the builder
 * interns, parsing an expected graph into the builder of a pass's result makes "the pass
 * produced exactly this" a comparison of nodes by identity. Node numbers in the text only name
 * nodes within the text; each node's span is its line. Blank lines and {@code #} comments are
 * skipped; a printed type must equal the type the op's rule gives. Named leaves are declared
 * in the order they appear; the printer's {@code input x = %0} lines are optional.
 */
public final class IrParser {
    private static final Pattern NODE = Pattern.compile(
            "%(\\d+) = ([a-z_0-9]+)((?: %\\d+(?:,)?)*)(?: (.*?))? : ([a-z0-9]+)\\[([^\\]]*)\\](?:\\s+@ .*)?");
    private static final Pattern ROLE = Pattern.compile("(input|target|param|state|output|loss|grad|grad_input|update)(?: (\\S+))? = %(\\d+)");

    private static final Pattern WINDOW = Pattern.compile("axis=(\\d+) start=(\\d+) size=(\\d+)");
    private static final Pattern PATCHES = Pattern.compile(
            "kernel=(\\d+)x(\\d+) stride=(\\d+) padding=(\\d+) image=(\\d+)x(\\d+)");
    private static final Pattern IOTA = Pattern.compile("shape=\\[([^\\]]*)\\] axis=(\\d+)");

    private final GraphBuilder builder;
    private final SourceFile file;
    private final Map<Integer, Node> byNumber = new HashMap<>();
    private final List<Node> leaves = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();
    private final List<Named> grads = new ArrayList<>();
    private final List<Named> inputGrads = new ArrayList<>();
    private final List<Named> updates = new ArrayList<>();
    private Node loss;

    private IrParser(GraphBuilder builder, SourceFile file) {
        this.builder = builder;
        this.file = file;
    }

    /** The graph {@code text} describes, built with {@code builder}. @throws IllegalArgumentException on a malformed line */
    public static Graph parse(GraphBuilder builder, String name, String text) {
        IrParser p = new IrParser(builder, new SourceFile(name, text));
        String[] lines = text.split("\n", -1);
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            p.line(lines[i].strip(), offset, i + 1);
            offset += lines[i].length() + 1;
        }
        return p.graph();
    }

    private void line(String line, int offset, int number) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        Matcher node = NODE.matcher(line);
        Matcher role = ROLE.matcher(line);
        try {
            if (node.matches()) {
                node(node, new Span(file, offset, offset + line.length()));
            } else if (role.matches()) {
                role(role.group(1), role.group(2), ref(role.group(3)));
            } else {
                throw new IllegalArgumentException("not a node or role line");
            }
        } catch (IllegalArgumentException | IrException ex) {
            throw new IllegalArgumentException(file.name() + ":" + number + ": " + ex.getMessage() + ": " + line, ex);
        }
    }

    private void node(Matcher m, Span span) {
        Op op = Op.fromText(m.group(2)).orElseThrow(() -> new IllegalArgumentException("unknown op " + m.group(2)));
        List<Node> inputs = new ArrayList<>();
        for (String operand : m.group(3).split("[ ,]+")) {
            if (!operand.isEmpty()) {
                inputs.add(ref(operand.substring(1)));
            }
        }
        Type type = new Type(dtype(m.group(5)), shape(m.group(6)));
        Attr attr = attr(op, m.group(4) == null ? "" : m.group(4).strip(), type);
        Node n = builder.node(op, inputs, attr, span);
        if (!n.type().equals(type)) {
            throw new IllegalArgumentException("written type " + type + " but the rule gives " + n.type());
        }
        byNumber.put(Integer.parseInt(m.group(1)), n);
        if (op.isNamedLeaf() && !leaves.contains(n)) {
            leaves.add(n);
        }
    }

    private Attr attr(Op op, String text, Type type) {
        return switch (op) {
            case INPUT, TARGET, PARAM, STATE -> new Attr.Leaf(text, type);
            case CONSTANT -> new Attr.Scalar(Double.parseDouble(text), type.dtype());
            case DIM_SIZE -> new Attr.DimSize(text, type.dtype());
            case CAST -> new Attr.ToType(dtype(value(text, "to")));
            case BROADCAST_TO, RESHAPE -> new Attr.Shape(shape(brackets(value(text, "shape"))));
            case REDUCE_SUM, REDUCE_MAX -> new Attr.Axes(ints(value(text, "axes")));
            case TRANSPOSE -> new Attr.Perm(ints(value(text, "perm")));
            case SLICE, PAD -> window(text);
            case IOTA -> iota(text, type);
            case IM2COL, COL2IM -> patches(text);
            case LOG_SOFTMAX -> new Attr.Axis(Integer.parseInt(value(text, "axis")));
            case RANDOM_UNIFORM -> random(text, type);
            case ONE_HOT -> new Attr.OneHot(Integer.parseInt(value(text, "classes")), type.dtype());
            case SCATTER_ADD -> new Attr.Rows(Integer.parseInt(value(text, "rows")));
            case GATHER -> Attr.NONE;
            case NEG, EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, ERF, ABS, SIGN, STOP_GRADIENT, ADD, SUB, MUL,
                    DIV, POW, MAX, MIN, GT, GE, EQ, SELECT, MATMUL -> Attr.NONE;
        };
    }

    private static Attr window(String text) {
        Matcher m = WINDOW.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected axis=… start=… size=…, got '" + text + "'");
        }
        return new Attr.Window(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    private static Attr patches(String text) {
        Matcher m = PATCHES.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected kernel=KxK stride=… padding=… image=HxW, got '" + text + "'");
        }
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            v[i] = Integer.parseInt(m.group(i + 1));
        }
        return new Attr.Patches(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    private static Attr iota(String text, Type type) {
        Matcher m = IOTA.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected shape=[…] axis=…, got '" + text + "'");
        }
        return new Attr.Iota(shape(m.group(1)), Integer.parseInt(m.group(2)), type.dtype());
    }

    private static Attr random(String text, Type type) {
        int at = text.indexOf(" shape=");
        if (at < 0) {
            throw new IllegalArgumentException("expected stream=… shape=[…], got '" + text + "'");
        }
        long stream = Long.parseLong(value(text.substring(0, at), "stream"));
        return new Attr.Random(stream, shape(brackets(value(text.substring(at + 1), "shape"))), type.dtype());
    }

    private void role(String kind, String name, Node n) {
        switch (kind) {
            case "input", "target", "param", "state" -> {
                if (!n.op().textName().equals(kind) || !n.name().equals(name)) {
                    throw new IllegalArgumentException(n + " is not the " + kind + " " + name);
                }
            }
            case "output" -> outputs.add(new Named(name, n));
            case "loss" -> loss = n;
            case "grad" -> grads.add(new Named(name, n));
            case "grad_input" -> inputGrads.add(new Named(name, n));
            default -> updates.add(new Named(name, n));
        }
    }

    private Graph graph() {
        Graph g = Graph.of(builder, leaves).withOutputs(outputs).withParamGrads(grads)
                .withInputGrads(inputGrads).withStateUpdates(updates);
        return loss == null ? g : g.withLoss(loss);
    }

    private Node ref(String number) {
        Node n = byNumber.get(Integer.parseInt(number));
        if (n == null) {
            throw new IllegalArgumentException("%" + number + " is used before it is defined");
        }
        return n;
    }

    private static String value(String text, String key) {
        if (!text.startsWith(key + "=")) {
            throw new IllegalArgumentException("expected " + key + "=…, got '" + text + "'");
        }
        return text.substring(key.length() + 1);
    }

    private static String brackets(String text) {
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IllegalArgumentException("expected [...], got " + text);
        }
        return text.substring(1, text.length() - 1);
    }

    private static List<Integer> ints(String text) {
        String inner = brackets(text).strip();
        return inner.isEmpty() ? List.of() : java.util.Arrays.stream(inner.split(",")).map(s -> Integer.parseInt(s.strip())).toList();
    }

    private static List<Dim> shape(String inner) {
        if (inner.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(inner.split(",")).map(String::strip)
                .map(d -> d.chars().allMatch(Character::isDigit) ? Dim.of(Integer.parseInt(d)) : Dim.of(d)).toList();
    }

    private static DType dtype(String text) {
        for (DType t : DType.values()) {
            if (t.sourceName().equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype " + text);
    }
}

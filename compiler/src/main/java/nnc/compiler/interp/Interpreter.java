package nnc.compiler.interp;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.runtime.MathFns;

/**
 * The reference semantics of every op, in double precision: runs any graph at any stage (forward,
 * with gradients, after any pass) given a value for each leaf it uses and the batch size. This
 * is the living specification generated code is tested against.
 */
public final class Interpreter {
    private final Map<String, Tensor> leaves;
    private final int batch;
    private final long seed;
    private final long step;

    private Interpreter(Map<String, Tensor> leaves, int batch, long seed, long step) {
        this.leaves = leaves;
        this.batch = batch;
        this.seed = seed;
        this.step = step;
    }

    /**
     * Evaluates every node of {@code graph}.
     *
     * @param leaves a value for each input, target, param and state the graph uses, by name
     * @param batch  the size of the symbolic dimension
     * @throws IllegalArgumentException when a leaf value is missing or has the wrong shape, or a
     *                                  label is out of range
     */
    public static Evaluation run(Graph graph, Map<String, Tensor> leaves, int batch) {
        return run(graph, leaves, batch, 0, 0);
    }

    /**
     * Evaluates every node of {@code graph}, drawing random tensors as a generated model does in
     * training step {@code step} after {@code setSeed(seed)} ({@link nnc.runtime.RandomStream}).
     *
     * @see #run(Graph, Map, int)
     */
    public static Evaluation run(Graph graph, Map<String, Tensor> leaves, int batch, long seed, long step) {
        Interpreter in = new Interpreter(leaves, batch, seed, step);
        Tensor[] values = new Tensor[graph.builder().size()];
        for (Node n : graph.nodes()) {
            Tensor[] args = n.inputs().stream().map(i -> values[i.id()]).toArray(Tensor[]::new);
            values[n.id()] = in.eval(n, args);
        }
        return new Evaluation(graph, values);
    }

    /**
     * The value of one node given its operands' values (for constant folding). Leaves other
     * than constants and dimension sizes are not available here.
     */
    public static Tensor evaluate(Node n, List<Tensor> operands, int batch) {
        return new Interpreter(Map.of(), batch, 0, 0).eval(n, operands.toArray(Tensor[]::new));
    }

    private Tensor eval(Node n, Tensor[] in) {
        int[] shape = n.type().dims(batch);
        return switch (n.op()) {
            case INPUT, TARGET, PARAM, STATE -> leaf(n);
            case CONSTANT -> Tensor.scalar(n.type().dtype(), ((Attr.Scalar) n.attr()).value());
            case DIM_SIZE -> Tensor.scalar(n.type().dtype(), batch);
            case IOTA -> Kernels.iota(n.type().dtype(), shape, ((Attr.Iota) n.attr()).axis());
            case NEG -> Kernels.map(in[0], x -> -x);
            case EXP -> Kernels.map(in[0], Math::exp);
            case LOG -> Kernels.map(in[0], Math::log);
            case LOG1P -> Kernels.map(in[0], Math::log1p);
            case SQRT -> Kernels.map(in[0], Math::sqrt);
            case TANH -> Kernels.map(in[0], Math::tanh);
            case SIGMOID -> Kernels.map(in[0], Interpreter::sigmoid);
            case ERF -> Kernels.map(in[0], MathFns::erf);
            case ABS -> Kernels.map(in[0], Math::abs);
            case SIGN -> Kernels.map(in[0], Math::signum);
            case STOP_GRADIENT -> in[0];
            case CAST -> Kernels.map(in[0], n.type().dtype(), n.type().dtype().isFloat() ? x -> x : x -> (int) x);
            case ADD -> Kernels.zip(in[0], in[1], shape, Double::sum);
            case SUB -> Kernels.zip(in[0], in[1], shape, (a, b) -> a - b);
            case MUL -> Kernels.zip(in[0], in[1], shape, (a, b) -> a * b);
            case DIV -> Kernels.zip(in[0], in[1], shape, (a, b) -> a / b);
            case POW -> Kernels.zip(in[0], in[1], shape, Math::pow);
            case MAX -> Kernels.zip(in[0], in[1], shape, Math::max);
            case MIN -> Kernels.zip(in[0], in[1], shape, Math::min);
            case GT -> Kernels.zip(in[0], in[1], shape, (a, b) -> a > b ? 1 : 0);
            case GE -> Kernels.zip(in[0], in[1], shape, (a, b) -> a >= b ? 1 : 0);
            case EQ -> Kernels.zip(in[0], in[1], shape, (a, b) -> a == b ? 1 : 0);
            case SELECT -> Kernels.select(in[0], in[1], in[2], shape);
            case BROADCAST_TO -> Kernels.broadcast(in[0], shape);
            case REDUCE_SUM -> Kernels.reduce(in[0], ((Attr.Axes) n.attr()).axes(), false, shape);
            case REDUCE_MAX -> Kernels.reduce(in[0], ((Attr.Axes) n.attr()).axes(), true, shape);
            case RESHAPE -> Tensor.wrap(in[0].dtype(), shape, in[0].raw());
            case TRANSPOSE -> Kernels.transpose(in[0], ((Attr.Perm) n.attr()).perm(), shape);
            case SLICE -> Kernels.window(in[0], (Attr.Window) n.attr(), false, shape);
            case PAD -> Kernels.window(in[0], (Attr.Window) n.attr(), true, shape);
            case MATMUL -> Kernels.matmul(in[0], in[1], shape);
            case RANDOM_UNIFORM -> Kernels.random(((Attr.Random) n.attr()), shape, seed, step);
            case ONE_HOT -> Kernels.oneHot(in[0], ((Attr.OneHot) n.attr()).classes(), n.type().dtype());
            case IM2COL -> Kernels.patches(in[0], (Attr.Patches) n.attr(), false, shape);
            case COL2IM -> Kernels.patches(in[0], (Attr.Patches) n.attr(), true, shape);
            case LOG_SOFTMAX -> Kernels.logSoftmax(in[0], ((Attr.Axis) n.attr()).axis());
            case GATHER -> Kernels.gather(in[0], in[1], shape);
            case SCATTER_ADD -> Kernels.scatterAdd(in[0], in[1], shape);
        };
    }

    /** {@code 1 / (1 + e^-x)}, written so that neither branch overflows. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    private Tensor leaf(Node n) {
        String kind = n.op().textName();
        Tensor value = leaves.get(n.name());
        if (value == null) {
            throw new IllegalArgumentException("no value for " + kind + " '" + n.name() + "'");
        }
        int[] expected = n.type().dims(batch);
        if (!Arrays.equals(value.rawShape(), expected)) {
            throw new IllegalArgumentException(kind + " '" + n.name() + "' needs shape "
                    + Arrays.toString(expected) + ", got " + Arrays.toString(value.rawShape()));
        }
        return value;
    }

    /** The values of one run, by node, with shortcuts for the graph's roles. */
    public static final class Evaluation {
        private final Graph graph;
        private final Tensor[] values;

        Evaluation(Graph graph, Tensor[] values) {
            this.graph = graph;
            this.values = values;
        }

        /** The value of a node of the graph. */
        public Tensor value(Node n) {
            Tensor t = n.id() < values.length ? values[n.id()] : null;
            if (t == null) {
                throw new IllegalArgumentException(n + " is not a node of the evaluated graph");
            }
            return t;
        }

        /** The value of the output named {@code name}. */
        public Tensor output(String name) {
            return value(graph.output(name).orElseThrow(() -> missing("output", name)));
        }

        /** The loss. */
        public Tensor loss() {
            return value(graph.loss().orElseThrow(() -> missing("loss", "")));
        }

        /** The gradient of the loss for parameter {@code name}. */
        public Tensor paramGrad(String name) {
            return value(graph.paramGrad(name).orElseThrow(() -> missing("gradient of param", name)));
        }

        /** The gradient of the loss for input {@code name}. */
        public Tensor inputGrad(String name) {
            return value(graph.inputGrad(name).orElseThrow(() -> missing("gradient of input", name)));
        }

        private static IllegalArgumentException missing(String what, String name) {
            return new IllegalArgumentException("the graph has no " + what + " " + name);
        }

        /** The new value of state tensor {@code name} that a training step writes. */
        public Tensor stateUpdate(String name) {
            return value(graph.stateUpdates().stream().filter(u -> u.name().equals(name)).findFirst()
                    .orElseThrow(() -> missing("update of state", name)).node());
        }

        /** Values of every node, for tests that inspect intermediate results. */
        public List<Tensor> all() {
            return Arrays.stream(values).filter(java.util.Objects::nonNull).toList();
        }
    }
}

package nnc.tests.gen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Composites;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Shapes;
import nnc.compiler.ir.Type;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * Random well-typed model graphs for differential and gradient tests: an input {@code x} of
 * shape [batch, n], parameters of shapes [], [n], [n, n] and [batch-free] combinations, and up
 * to a dozen layers of ops (elementwise with broadcasting, reductions, matmul, transpose,
 * reshape, softmax, select, composites) whose operands are drawn from everything built so far,
 * so values fan out and parameters are shared. Expression depth stays ≤ 6. Operations with a
 * restricted domain get safe arguments (log of {@code a² + 1}, division by {@code b² + 1}).
 *
 * <p>Reusable by the code generator's tests: {@code RandomGraphs.generate(seed, DType.F32)}.
 */
public final class RandomGraphs {
    /** The maximum expression depth. */
    public static final int MAX_DEPTH = 6;

    /**
     * A generated case.
     *
     * @param graph  forward graph: declared leaves, output {@code out}, a scalar loss
     * @param output the output node
     * @param values a value for every leaf
     * @param batch  the size of the batch dimension
     */
    public record Generated(Graph graph, Node output, Map<String, Tensor> values, int batch) {
    }

    private final Rand r;
    private final Emit e;
    private final Composites c;
    private final DType dtype;
    private final int n;
    private final Map<Node, Integer> depth = new HashMap<>();
    private final List<Node> pool = new ArrayList<>();

    private RandomGraphs(long seed, DType dtype) {
        this.r = new Rand(seed);
        this.e = new GraphBuilder().at(Span.synthetic("random-graph-" + seed));
        this.c = new Composites(e);
        this.dtype = dtype;
        this.n = 2 + r.nextInt(2);
    }

    /** A random graph from {@code seed}, computing in {@code dtype}. */
    public static Generated generate(long seed, DType dtype) {
        return new RandomGraphs(seed, dtype).build();
    }

    private Generated build() {
        List<Node> leaves = new ArrayList<>();
        Map<String, Tensor> values = new HashMap<>();
        leaves.add(leaf(e.input("x", type(Dim.of(Rand.BATCH), Dim.of(n))), values));
        leaves.add(leaf(e.param("w", type(Dim.of(n), Dim.of(n))), values));
        leaves.add(leaf(e.param("b", type(Dim.of(n))), values));
        leaves.add(leaf(e.param("s", type()), values));
        if (r.nextBoolean()) {
            leaves.add(leaf(e.param("v", type(Dim.of(n), Dim.of(n))), values));
        }
        Node out = leaves.get(0);
        int steps = 3 + r.nextInt(MAX_DEPTH + 6);
        for (int made = 0, attempts = 0; made < steps && attempts < 100; attempts++) {
            Optional<Node> next = step();
            if (next.isPresent() && !depth.containsKey(next.get())) {
                Node node = next.get();
                depth.put(node, 1 + node.inputs().stream().mapToInt(this::depthOf).max().orElse(0));
                pool.add(node);
                out = depthOf(node) >= depthOf(out) ? node : out;
                made++;
            }
        }
        Node loss = loss(out, leaves, values);
        Graph graph = Graph.of(e.builder(), leaves).withOutput("out", out).withLoss(loss);
        return new Generated(graph, out, Map.copyOf(values), r.batch());
    }

    private Node leaf(Node leaf, Map<String, Tensor> values) {
        values.put(leaf.name(), r.tensor(leaf.type(), Rand.Domain.range(-1.5, 1.5)));
        depth.put(leaf, 0);
        pool.add(leaf);
        return leaf;
    }

    /** One level: usually on top of the newest node (depth), with operands from anywhere (fan-out). */
    private Optional<Node> step() {
        Node newest = pool.get(pool.size() - 1);
        Node a = r.nextInt(10) < 7 && depthOf(newest) < MAX_DEPTH ? newest : operand(x -> true);
        return switch (r.nextInt(10)) {
            case 0, 1 -> Optional.of(unary(a));
            case 2, 3, 4 -> Optional.of(binary(a, operand(x -> compatible(a, x))));
            case 5 -> reduce(a);
            case 6 -> matmul(a);
            case 7 -> structure(a);
            case 8 -> Optional.of(select(a, operand(x -> compatible(a, x))));
            default -> rowwise(a);
        };
    }

    private Node unary(Node a) {
        return switch (r.nextInt(14)) {
            case 0 -> e.tanh(a);
            case 1 -> e.sigmoid(a);
            case 2 -> e.neg(a);
            case 3 -> e.erf(a);
            case 4 -> e.exp(e.tanh(a));
            case 5 -> e.log(e.add(e.mul(a, a), one()));
            case 6 -> e.sqrt(e.add(e.mul(a, a), e.constant(0.5, dtype)));
            case 7 -> e.log1p(e.mul(a, a));
            case 8 -> c.softplus(a);
            case 9 -> c.gelu(a);
            case 10 -> c.elu(a, 1.0);
            case 11 -> c.leakyRelu(a, 0.1);
            case 12 -> c.relu(a);
            default -> e.abs(a);
        };
    }

    private Node binary(Node a, Node b) {
        return switch (r.nextInt(8)) {
            case 0, 1 -> e.add(a, b);
            case 2 -> e.sub(a, b);
            case 3, 4 -> e.mul(a, b);
            case 5 -> e.div(a, e.add(e.mul(b, b), one()));
            case 6 -> e.pow(e.add(e.sigmoid(a), e.constant(0.5, dtype)), e.tanh(b));
            default -> r.nextBoolean() ? e.max(a, b) : e.min(a, b);
        };
    }

    private Node select(Node a, Node b) {
        Node other = operand(x -> compatible(a, x) && compatible(b, x));
        return e.select(e.gt(a, b), a, other);
    }

    private Optional<Node> reduce(Node a) {
        if (a.type().rank() == 0) {
            return Optional.empty();
        }
        List<Integer> axes = List.of(a.type().rank() - 1);
        return Optional.of(switch (r.nextInt(4)) {
            case 0 -> e.reduceSum(a, r.axes(a.type().rank()));
            case 1 -> c.mean(a, axes);
            case 2 -> e.reduceMax(a, axes);
            default -> c.variance(a, axes);
        });
    }

    private Optional<Node> matmul(Node a) {
        if (a.type().rank() != 2) {
            return Optional.empty();
        }
        Node b = operand(x -> x.type().shape().equals(List.of(Dim.of(n), Dim.of(n))));
        return Optional.of(e.matmul(a, b));
    }

    private Optional<Node> structure(Node a) {
        List<Dim> shape = a.type().shape();
        int last = shape.size() - 1;
        if (last >= 0 && shape.get(last) instanceof Dim.Fixed f && f.size() > 1 && r.nextInt(3) == 0) {
            return Optional.of(r.nextBoolean() ? rotate(a, last, 1 + r.nextInt(f.size() - 1))
                    : e.mul(a, e.iota(shape, last, dtype)));
        }
        if (shape.equals(List.of(Dim.of(n), Dim.of(n)))) {
            return Optional.of(e.transpose(a, List.of(1, 0)));
        }
        if (shape.equals(List.of(Dim.of(n)))) {
            Node row = e.reshape(a, List.of(Dim.of(1), Dim.of(n)));
            return Optional.of(e.broadcastTo(row, List.of(Dim.of(Rand.BATCH), Dim.of(n))));
        }
        return Optional.empty();
    }

    /** {@code a} rotated by {@code k} along {@code axis}: a concat of two slices (pads in the backward pass). */
    private Node rotate(Node a, int axis, int k) {
        int len = ((Dim.Fixed) a.type().dim(axis)).size();
        return c.concat(List.of(e.slice(a, axis, k, len - k), e.slice(a, axis, 0, k)), axis);
    }

    private Optional<Node> rowwise(Node a) {
        if (a.type().rank() == 0) {
            return Optional.empty();
        }
        int axis = a.type().rank() - 1;
        return Optional.of(r.nextBoolean() ? e.logSoftmax(a, axis) : c.softmax(a, axis));
    }

    private Node loss(Node out, List<Node> leaves, Map<String, Tensor> values) {
        int rank = out.type().rank();
        if (rank == 2 && r.nextBoolean()) {
            Node target = leaf(e.target("t", out.type()), values);
            leaves.add(target);
            return r.nextBoolean() ? c.mse(out, target, Composites.Reduction.MEAN) : c.crossEntropy(out, c.softmax(target, 1));
        }
        Node sq = r.nextBoolean() ? out : e.mul(out, out);
        return e.reduceSum(sq, Shapes.range(rank));
    }

    /** A node of the pool satisfying {@code ok}, preferring shallow ones; a parameter [n] always fits. */
    private Node operand(java.util.function.Predicate<Node> ok) {
        List<Node> fits = pool.stream().filter(ok).filter(x -> depthOf(x) < MAX_DEPTH).toList();
        return fits.isEmpty() ? pool.stream().filter(x -> x.type().rank() == 1).findFirst().orElseThrow() : r.pick(fits);
    }

    /** Generator levels below {@code x}: helper nodes inside a level (the {@code a² + 1} of a log) do not count. */
    private int depthOf(Node x) {
        Integer known = depth.get(x);
        return known != null ? known : x.inputs().stream().mapToInt(this::depthOf).max().orElse(0);
    }

    private static boolean compatible(Node a, Node b) {
        return Shapes.broadcast(a.type().shape(), b.type().shape()).isPresent();
    }

    private Node one() {
        return e.constant(1, dtype);
    }

    private Type type(Dim... dims) {
        return new Type(dtype, List.of(dims));
    }
}

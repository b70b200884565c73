package nnc.compiler.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.ir.Shapes;
import nnc.runtime.Dim;

/**
 * Local algebra: a table of rewrite rules, each one line with its identity as a comment, applied
 * bottom-up to every node until none fires. Rewrites never change a value, including inf and
 * NaN: {@code x * 0 -> 0} is deliberately absent (inf·0 is NaN, and the rewrite would hide an
 * overflow the original graph reports), as are {@code x - x -> 0} and {@code log(exp x) -> x}.
 * Commutative operands are put in a canonical order (newest non-constant first, constants last) so that
 * interning also merges {@code a + b} with {@code b + a}. MAX and MIN keep their order: at a tie
 * their gradient goes to the second operand.
 */
public final class Simplify {
    @FunctionalInterface
    private interface Rule {
        Optional<Node> apply(Node n, Emit e);
    }

    private static final List<Rule> RULES = List.of(
            Simplify::fold,               // f(c1, …, ck) -> c        elementwise op of scalar constants
            Simplify::commute,            // a ∘ b -> b ∘ a           canonical order for + · == (newest first, constants last)
            Simplify::addZero,            // x + 0 -> x
            Simplify::subZero,            // x - 0 -> x
            Simplify::zeroSub,            // 0 - x -> -x
            Simplify::mulOne,             // x · 1 -> x
            Simplify::mulMinusOne,        // x · -1 -> -x
            Simplify::divOne,             // x / 1 -> x
            Simplify::powOne,             // x ^ 1 -> x
            Simplify::powZero,            // x ^ 0 -> 1               (Math.pow(x, 0) is 1 even for NaN)
            Simplify::powTwo,             // x ^ 2 -> x · x
            Simplify::mulConstants,       // (x · a) · b -> x · (a·b) for constants a, b
            Simplify::addSame,            // a + a -> 2 · a
            Simplify::negNeg,             // -(-x) -> x
            Simplify::addNeg,             // a + (-b) -> a - b,  (-a) + b -> b - a
            Simplify::subNeg,             // a - (-b) -> a + b
            Simplify::mulNeg,             // (-a) · b -> -(a · b),  a · (-b) -> -(a · b)
            Simplify::selectSame,         // select(c, x, x) -> x
            Simplify::castSame,           // cast(x : t) to t -> x
            Simplify::stopStop,           // stop_gradient(stop_gradient x) -> stop_gradient x
            Simplify::broadcastSame,      // broadcast_to(x : s, s) -> x
            Simplify::broadcastTwice,     // broadcast_to(broadcast_to(x, s1), s2) -> broadcast_to(x, s2)
            Simplify::implicitBroadcast,  // a ∘ broadcast_to(b, s) -> a ∘ b when the result type is the same
            Simplify::implicitReshape,    // a ∘ reshape(b, [1, …, 1] ++ shape(b)) -> a ∘ b when the result type is the same
            Simplify::reshapeLater,       // f(reshape(y), c) -> reshape(f(y, c'), shape) when the reshape splits axes and c is constant along them
            Simplify::reduceNothing,      // reduce(x, axes=[]) -> x
            Simplify::reduceTwice,        // sum(sum(x, a), b) -> sum(x, a ∪ b'), b' = b's axes of x (same for max)
            Simplify::reshapeSame,        // reshape(x : s, s) -> x
            Simplify::reshapeTwice,       // reshape(reshape(x, s1), s2) -> reshape(x, s2)
            Simplify::reshapeUniform,     // reshape(broadcast_to(x, s1), s2) -> broadcast_to(x as a scalar, s2) when x has one element
            Simplify::transposeIdentity,  // transpose(x, [0, 1, …]) -> x
            Simplify::transposeTwice,     // transpose(transpose(x, p), q) -> transpose(x, p∘q)
            Simplify::windowSame,         // slice(x : s, …) -> x and pad(x : s, …) -> x when the result type is s
            Simplify::sliceOfPad,         // slice(pad(x, a, s, n), a, s, len x) -> x
            Simplify::sliceOfPadPart,     // slice(pad(x, a, s, n), a, w…) -> 0 when w misses x, slice(x, a, w - s) inside it
            Simplify::sliceOfSum);        // slice(a + b) -> slice(a) + slice(b) when a or b is a pad (concat, stack)

    private Simplify() {
    }

    /** One bottom-up sweep over the graph; {@link Passes#optimize} repeats it to a fixed point. */
    public static Graph run(Graph graph) {
        Node[] image = new Node[graph.builder().size()];
        for (Node n : graph.nodes()) {
            List<Node> inputs = n.inputs().stream().map(i -> image[i.id()]).toList();
            Node rebuilt = graph.builder().node(n.op(), inputs, n.attr(), n.span());
            image[n.id()] = rewrite(rebuilt, graph.builder().at(n.span()));
        }
        return graph.mapRoles(n -> image[n.id()]);
    }

    private static Node rewrite(Node n, Emit e) {
        Node current = n;
        for (int round = 0; round < 64; round++) {
            Optional<Node> next = firstRule(current, e);
            if (next.isEmpty()) {
                return current;
            }
            current = next.get();
        }
        return current;
    }

    private static Optional<Node> firstRule(Node n, Emit e) {
        for (Rule rule : RULES) {
            Optional<Node> r = rule.apply(n, e).filter(m -> m != n);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    // ---- the rules ----------------------------------------------------------------------------

    private static Optional<Node> fold(Node n, Emit e) {
        if (n.op().kind() != Op.Kind.ELEMENTWISE || !n.type().dtype().isFloat()
                || !n.inputs().stream().allMatch(i -> i.op() == Op.CONSTANT)) {
            return Optional.empty();
        }
        List<Tensor> values = n.inputs().stream().map(i -> Tensor.scalar(i.type().dtype(), value(i))).toList();
        return Optional.of(e.constant(Interpreter.evaluate(n, values, 1).item(), n.type().dtype()));
    }

    private static Optional<Node> commute(Node n, Emit e) {
        boolean commutative = n.op() == Op.ADD || n.op() == Op.MUL || n.op() == Op.EQ;
        return commutative && rank(n.input(1)) < rank(n.input(0))
                ? Optional.of(e.apply(n.op(), n.attr(), n.input(1), n.input(0))) : Optional.empty();
    }

    private static Optional<Node> addZero(Node n, Emit e) {
        return n.op() == Op.ADD && isConst(n.input(1), 0) ? keep(n, n.input(0), e) : Optional.empty();
    }

    private static Optional<Node> subZero(Node n, Emit e) {
        return n.op() == Op.SUB && isConst(n.input(1), 0) ? keep(n, n.input(0), e) : Optional.empty();
    }

    private static Optional<Node> zeroSub(Node n, Emit e) {
        return n.op() == Op.SUB && isConst(n.input(0), 0) ? keep(n, e.neg(n.input(1)), e) : Optional.empty();
    }

    private static Optional<Node> mulOne(Node n, Emit e) {
        return n.op() == Op.MUL && isConst(n.input(1), 1) ? keep(n, n.input(0), e) : Optional.empty();
    }

    private static Optional<Node> mulMinusOne(Node n, Emit e) {
        return n.op() == Op.MUL && isConst(n.input(1), -1) ? keep(n, e.neg(n.input(0)), e) : Optional.empty();
    }

    private static Optional<Node> divOne(Node n, Emit e) {
        return n.op() == Op.DIV && isConst(n.input(1), 1) ? keep(n, n.input(0), e) : Optional.empty();
    }

    private static Optional<Node> powOne(Node n, Emit e) {
        return n.op() == Op.POW && isConst(n.input(1), 1) ? keep(n, n.input(0), e) : Optional.empty();
    }

    private static Optional<Node> powZero(Node n, Emit e) {
        return n.op() == Op.POW && isConst(n.input(1), 0) ? keep(n, e.constant(1, n), e) : Optional.empty();
    }

    private static Optional<Node> powTwo(Node n, Emit e) {
        return n.op() == Op.POW && isConst(n.input(1), 2) ? keep(n, e.mul(n.input(0), n.input(0)), e) : Optional.empty();
    }

    private static Optional<Node> mulConstants(Node n, Emit e) {
        if (n.op() != Op.MUL || n.input(1).op() != Op.CONSTANT || n.input(0).op() != Op.MUL
                || n.input(0).input(1).op() != Op.CONSTANT) {
            return Optional.empty();
        }
        double c = value(n.input(0).input(1)) * value(n.input(1));
        return keep(n, e.mul(n.input(0).input(0), e.constant(c, n)), e);
    }

    private static Optional<Node> addSame(Node n, Emit e) {
        return n.op() == Op.ADD && n.input(0) == n.input(1)
                ? Optional.of(e.mul(n.input(0), e.constant(2, n))) : Optional.empty();
    }

    private static Optional<Node> negNeg(Node n, Emit e) {
        return n.op() == Op.NEG && n.input(0).op() == Op.NEG ? Optional.of(n.input(0).input(0)) : Optional.empty();
    }

    private static Optional<Node> addNeg(Node n, Emit e) {
        if (n.op() != Op.ADD) {
            return Optional.empty();
        }
        if (n.input(1).op() == Op.NEG) {
            return Optional.of(e.sub(n.input(0), n.input(1).input(0)));
        }
        return n.input(0).op() == Op.NEG ? Optional.of(e.sub(n.input(1), n.input(0).input(0))) : Optional.empty();
    }

    private static Optional<Node> subNeg(Node n, Emit e) {
        return n.op() == Op.SUB && n.input(1).op() == Op.NEG
                ? Optional.of(e.add(n.input(0), n.input(1).input(0))) : Optional.empty();
    }

    private static Optional<Node> mulNeg(Node n, Emit e) {
        if (n.op() != Op.MUL) {
            return Optional.empty();
        }
        if (n.input(0).op() == Op.NEG) {
            return Optional.of(e.neg(e.mul(n.input(0).input(0), n.input(1))));
        }
        return n.input(1).op() == Op.NEG ? Optional.of(e.neg(e.mul(n.input(0), n.input(1).input(0)))) : Optional.empty();
    }

    private static Optional<Node> selectSame(Node n, Emit e) {
        return n.op() == Op.SELECT && n.input(1) == n.input(2) ? keep(n, n.input(1), e) : Optional.empty();
    }

    private static Optional<Node> castSame(Node n, Emit e) {
        return n.op() == Op.CAST && n.input(0).type().equals(n.type()) ? Optional.of(n.input(0)) : Optional.empty();
    }

    private static Optional<Node> stopStop(Node n, Emit e) {
        return n.op() == Op.STOP_GRADIENT && n.input(0).op() == Op.STOP_GRADIENT ? Optional.of(n.input(0)) : Optional.empty();
    }

    private static Optional<Node> broadcastSame(Node n, Emit e) {
        return n.op() == Op.BROADCAST_TO && n.input(0).type().equals(n.type()) ? Optional.of(n.input(0)) : Optional.empty();
    }

    private static Optional<Node> broadcastTwice(Node n, Emit e) {
        return n.op() == Op.BROADCAST_TO && n.input(0).op() == Op.BROADCAST_TO
                ? Optional.of(e.broadcastTo(n.input(0).input(0), n.type().shape())) : Optional.empty();
    }

    private static Optional<Node> implicitBroadcast(Node n, Emit e) {
        if (n.op().kind() != Op.Kind.ELEMENTWISE || n.op().arity() < 2) {
            return Optional.empty();
        }
        for (int i = 0; i < n.inputs().size(); i++) {
            if (n.input(i).op() == Op.BROADCAST_TO) {
                List<Node> inputs = new ArrayList<>(n.inputs());
                inputs.set(i, n.input(i).input(0));
                if (broadcastShape(inputs).equals(Optional.of(n.type().shape()))) {
                    return Optional.of(e.apply(n.op(), n.attr(), inputs.toArray(Node[]::new)));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Node> implicitReshape(Node n, Emit e) {
        if (n.op().kind() != Op.Kind.ELEMENTWISE || n.op().arity() < 2) {
            return Optional.empty();
        }
        for (int i = 0; i < n.inputs().size(); i++) {
            Node in = n.input(i);
            if (in.op() == Op.RESHAPE && onlyLeadingOnes(in.input(0).type().shape(), in.type().shape())) {
                List<Node> inputs = new ArrayList<>(n.inputs());
                inputs.set(i, in.input(0));
                if (broadcastShape(inputs).equals(Optional.of(n.type().shape()))) {
                    return Optional.of(e.apply(n.op(), n.attr(), inputs.toArray(Node[]::new)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Moves a reshape that splits axes of {@code y} (e.g. a convolution's {@code [N, O, OH·OW]}
     * into {@code [N, O, OH, OW]}) after the elementwise op that reads it, when every other
     * operand is constant along each group of split axes (a scalar, a per-channel vector) or is a
     * reshape of the same shape: the op then runs on y's layout, where it fuses into the kernel
     * that computes y (the matmul's epilogue).
     */
    private static Optional<Node> reshapeLater(Node n, Emit e) {
        if (n.op().kind() != Op.Kind.ELEMENTWISE || n.op() == Op.CAST && !n.type().dtype().isFloat()) {
            return Optional.empty();
        }
        for (Node in : n.inputs()) {
            if (in.op() != Op.RESHAPE || !in.type().shape().equals(n.type().shape())) {
                continue;
            }
            Optional<List<Integer>> groups = splitGroups(in.input(0).type().shape(), n.type().shape());
            if (groups.isEmpty() || groups.get().size() == n.type().rank()) {
                continue;
            }
            List<Node> operands = new ArrayList<>();
            for (Node other : n.inputs()) {
                Optional<Node> o = other.op() == Op.RESHAPE && other.type().shape().equals(n.type().shape())
                        && other.input(0).type().shape().equals(in.input(0).type().shape()) ? Optional.of(other.input(0))
                        : regroup(other, n.type().shape(), groups.get(), e);
                if (o.isEmpty()) {
                    return Optional.empty();
                }
                operands.add(o.get());
            }
            return Optional.of(e.reshape(e.apply(n.op(), n.attr(), operands.toArray(Node[]::new)), n.type().shape()));
        }
        return Optional.empty();
    }

    /**
     * How {@code to} splits the axes of {@code from}: for each axis of {@code from}, the number
     * of consecutive axes of {@code to} whose product it is (symbolic axes match one to one).
     */
    private static Optional<List<Integer>> splitGroups(List<Dim> from, List<Dim> to) {
        List<Integer> groups = new ArrayList<>();
        int k = 0;
        for (Dim d : from) {
            if (d instanceof Dim.Symbolic) {
                if (k >= to.size() || !to.get(k++).equals(d)) {
                    return Optional.empty();
                }
                groups.add(1);
                continue;
            }
            long want = ((Dim.Fixed) d).size();
            long got = 1;
            int start = k;
            do {
                if (k >= to.size() || !(to.get(k) instanceof Dim.Fixed f)) {
                    return Optional.empty();
                }
                got *= f.size();
                k++;
            } while (got < want);
            if (got != want) {
                return Optional.empty();
            }
            groups.add(k - start);
        }
        return k == to.size() ? Optional.of(List.copyOf(groups)) : Optional.empty();
    }

    /** {@code x} (broadcasting to {@code shape}) in the grouped layout, if it is constant along every group of more than one axis. */
    private static Optional<Node> regroup(Node x, List<Dim> shape, List<Integer> groups, Emit e) {
        List<Dim> xs = x.type().shape();
        int lead = shape.size() - xs.size();
        List<Dim> out = new ArrayList<>();
        int k = 0;
        for (int size : groups) {
            boolean ones = true;
            for (int a = k; a < k + size; a++) {
                ones &= a < lead || xs.get(a - lead).equals(Dim.of(1));
            }
            if (size == 1) {
                out.add(k < lead ? Dim.of(1) : xs.get(k - lead));
            } else if (ones) {
                out.add(Dim.of(1));
            } else {
                return Optional.empty();
            }
            k += size;
        }
        return Optional.of(out.equals(xs) ? x : e.reshape(x, out));
    }

    private static boolean onlyLeadingOnes(List<Dim> from, List<Dim> to) {
        int lead = to.size() - from.size();
        return lead >= 0 && to.subList(lead, to.size()).equals(from)
                && to.subList(0, lead).stream().allMatch(d -> d.equals(Dim.of(1)));
    }

    private static Optional<Node> reduceNothing(Node n, Emit e) {
        boolean reduce = n.op() == Op.REDUCE_SUM || n.op() == Op.REDUCE_MAX;
        return reduce && ((Attr.Axes) n.attr()).axes().isEmpty() ? Optional.of(n.input(0)) : Optional.empty();
    }

    private static Optional<Node> reduceTwice(Node n, Emit e) {
        boolean reduce = n.op() == Op.REDUCE_SUM || n.op() == Op.REDUCE_MAX;
        if (!reduce || n.input(0).op() != n.op()) {
            return Optional.empty();
        }
        List<Integer> inner = ((Attr.Axes) n.input(0).attr()).axes();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < n.input(0).input(0).type().rank(); i++) {
            if (!inner.contains(i)) {
                kept.add(i);
            }
        }
        List<Integer> all = new ArrayList<>(inner);
        ((Attr.Axes) n.attr()).axes().forEach(a -> all.add(kept.get(a)));
        Node x = n.input(0).input(0);
        return Optional.of(n.op() == Op.REDUCE_SUM ? e.reduceSum(x, all) : e.reduceMax(x, all));
    }

    private static Optional<Node> reshapeSame(Node n, Emit e) {
        return n.op() == Op.RESHAPE && n.input(0).type().equals(n.type()) ? Optional.of(n.input(0)) : Optional.empty();
    }

    private static Optional<Node> reshapeTwice(Node n, Emit e) {
        return n.op() == Op.RESHAPE && n.input(0).op() == Op.RESHAPE
                ? Optional.of(e.reshape(n.input(0).input(0), n.type().shape())) : Optional.empty();
    }

    private static Optional<Node> reshapeUniform(Node n, Emit e) {
        if (n.op() != Op.RESHAPE || n.input(0).op() != Op.BROADCAST_TO) {
            return Optional.empty();
        }
        Node x = n.input(0).input(0);
        if (!x.type().shape().stream().allMatch(d -> d.equals(Dim.of(1)))) {
            return Optional.empty();
        }
        Node scalar = x.type().isScalar() ? x : e.reshape(x, List.of());
        return Optional.of(e.broadcastTo(scalar, n.type().shape()));
    }

    private static Optional<Node> transposeIdentity(Node n, Emit e) {
        return n.op() == Op.TRANSPOSE && ((Attr.Perm) n.attr()).perm().equals(Shapes.range(n.type().rank()))
                ? Optional.of(n.input(0)) : Optional.empty();
    }

    private static Optional<Node> transposeTwice(Node n, Emit e) {
        if (n.op() != Op.TRANSPOSE || n.input(0).op() != Op.TRANSPOSE) {
            return Optional.empty();
        }
        List<Integer> inner = ((Attr.Perm) n.input(0).attr()).perm();
        List<Integer> outer = ((Attr.Perm) n.attr()).perm();
        return Optional.of(e.transpose(n.input(0).input(0), outer.stream().map(inner::get).toList()));
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** {@code x} standing in for {@code n}: broadcast when {@code n}'s shape is larger. */
    private static Optional<Node> windowSame(Node n, Emit e) {
        return (n.op() == Op.SLICE || n.op() == Op.PAD) && n.input(0).type().equals(n.type())
                ? Optional.of(n.input(0)) : Optional.empty();
    }

    private static Optional<Node> sliceOfPad(Node n, Emit e) {
        if (n.op() != Op.SLICE || n.input(0).op() != Op.PAD) {
            return Optional.empty();
        }
        Attr.Window slice = (Attr.Window) n.attr();
        Attr.Window pad = (Attr.Window) n.input(0).attr();
        Node x = n.input(0).input(0);
        return slice.axis() == pad.axis() && slice.start() == pad.start() && x.type().equals(n.type())
                ? Optional.of(x) : Optional.empty();
    }

    /**
     * A slice that only sees the zeros of a pad (the other parts of a concat) is zero, exact
     * whatever x holds; one that lies inside the padded operand is a slice of the operand.
     */
    private static Optional<Node> sliceOfPadPart(Node n, Emit e) {
        if (n.op() != Op.SLICE || n.input(0).op() != Op.PAD || n.attr().equals(n.input(0).attr())) {
            return Optional.empty();
        }
        Attr.Window slice = (Attr.Window) n.attr();
        Attr.Window pad = (Attr.Window) n.input(0).attr();
        Node x = n.input(0).input(0);
        int length = ((Dim.Fixed) x.type().dim(pad.axis())).size();
        if (slice.axis() != pad.axis()) {
            return Optional.empty();
        } else if (slice.start() + slice.size() <= pad.start() || pad.start() + length <= slice.start()) {
            return Optional.of(e.broadcastTo(e.constant(0, n), n.type().shape()));
        } else if (pad.start() <= slice.start() && slice.start() + slice.size() <= pad.start() + length) {
            return Optional.of(e.slice(x, slice.axis(), slice.start() - pad.start(), slice.size()));
        }
        return Optional.empty();
    }

    /**
     * The slice of a sum of same-shaped terms, one of them a pad, is the sum of the terms' slices:
     * with the two rules above, a step taken back out of a concat or stack ({@code at(hs, t)},
     * the h of an LSTM state {@code [h, c]}) becomes the value that went in, and unused parts die.
     */
    private static Optional<Node> sliceOfSum(Node n, Emit e) {
        if (n.op() != Op.SLICE || n.input(0).op() != Op.ADD) {
            return Optional.empty();
        }
        Node sum = n.input(0);
        Node a = sum.input(0);
        Node b = sum.input(1);
        boolean sameShapes = a.type().equals(sum.type()) && b.type().equals(sum.type());
        if (!sameShapes || (a.op() != Op.PAD && b.op() != Op.PAD)) {
            return Optional.empty();
        }
        Attr.Window w = (Attr.Window) n.attr();
        return Optional.of(e.add(e.slice(a, w.axis(), w.start(), w.size()), e.slice(b, w.axis(), w.start(), w.size())));
    }

    private static Optional<Node> keep(Node n, Node x, Emit e) {
        return Optional.of(x.type().equals(n.type()) ? x : e.broadcastTo(x, n.type().shape()));
    }

    /** The value of a scalar constant, possibly broadcast. */
    private static OptionalDouble constValue(Node n) {
        if (n.op() == Op.BROADCAST_TO) {
            return constValue(n.input(0));
        }
        return n.op() == Op.CONSTANT ? OptionalDouble.of(value(n)) : OptionalDouble.empty();
    }

    private static boolean isConst(Node n, double v) {
        OptionalDouble c = constValue(n);
        return c.isPresent() && c.getAsDouble() == v;
    }

    private static double value(Node constant) {
        return ((Attr.Scalar) constant.attr()).value();
    }

    /**
     * Sort key for commutative operands: non-constants newest first (so {@code x @ W + b} keeps
     * its written order: the leaf {@code b} is older than the matmul), then constants.
     */
    private static long rank(Node n) {
        return (constValue(n).isPresent() ? 1L << 32 : 0L) + (Integer.MAX_VALUE - n.id());
    }

    private static Optional<List<Dim>> broadcastShape(List<Node> inputs) {
        Optional<List<Dim>> shape = Optional.of(List.of());
        for (Node in : inputs) {
            shape = shape.flatMap(s -> Shapes.broadcast(s, in.type().shape()));
        }
        return shape;
    }
}

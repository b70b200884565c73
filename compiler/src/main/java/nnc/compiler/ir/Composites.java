package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Dim;

/**
 * Every operation that can be written in primitives, in its numerically stable form: the one
 * place a composite is defined. Gradients, interpretation and code generation come from the
 * primitives. Reductions over the batch divide by the run-time batch size ({@code DIM_SIZE}).
 *
 * @param e where to build (the call's source position)
 */
public record Composites(Emit e) {
    /** Loss reductions: the mean, or half the sum (the "½·Σ" convention of the course). */
    public enum Reduction { MEAN, HALF_SUM }

    /** {@code exp(log_softmax(x))}: stable because log-softmax subtracts the row maximum. */
    public Node softmax(Node x, int axis) {
        return e.exp(e.logSoftmax(x, axis));
    }

    /** {@code max(x, 0)}. */
    public Node relu(Node x) {
        return e.max(x, zero(x));
    }

    /** {@code x > 0 ? x : slope·x}. */
    public Node leakyRelu(Node x, double slope) {
        return e.select(e.gt(x, zero(x)), x, e.mul(e.constant(slope, x), x));
    }

    /** {@code x > 0 ? x : α(e^x - 1)}; exp sees {@code min(x, 0)} so the unused branch cannot overflow. */
    public Node elu(Node x, double alpha) {
        Node negative = e.mul(e.constant(alpha, x), e.sub(e.exp(e.min(x, zero(x))), e.constant(1, x)));
        return e.select(e.gt(x, zero(x)), x, negative);
    }

    /** Exact GELU: {@code ½·x·(1 + erf(x/√2))}. */
    public Node gelu(Node x) {
        Node cdf = e.add(e.constant(1, x), e.erf(e.mul(x, e.constant(Math.sqrt(0.5), x))));
        return e.mul(e.mul(e.constant(0.5, x), x), cdf);
    }

    /** {@code log(1 + e^x)} as {@code max(x, 0) + log1p(e^(-|x|))}: no overflow, no cancellation. */
    public Node softplus(Node x) {
        return e.add(relu(x), e.log1p(e.exp(e.neg(e.abs(x)))));
    }

    /** Mean over {@code axes}, dividing by the run-time size of a symbolic axis. */
    public Node mean(Node x, List<Integer> axes) {
        return e.div(e.reduceSum(x, axes), count(x, axes));
    }

    /** Mean over every axis. */
    public Node meanAll(Node x) {
        return mean(x, Shapes.range(x.type().rank()));
    }

    /** Minimum over {@code axes}: {@code -max(-x)}. */
    public Node reduceMin(Node x, List<Integer> axes) {
        return e.neg(e.reduceMax(e.neg(x), axes));
    }

    /** Biased variance over {@code axes}: mean of squared deviations from the mean. */
    public Node variance(Node x, List<Integer> axes) {
        Node centered = e.sub(x, keepDims(mean(x, axes), x, axes));
        return mean(e.mul(centered, centered), axes);
    }

    /** Mean squared error, or ½·Σ(pred - target)². */
    public Node mse(Node pred, Node target, Reduction reduction) {
        Node d = e.sub(pred, target);
        Node sq = e.mul(d, d);
        return reduction == Reduction.MEAN ? meanAll(sq)
                : e.mul(e.constant(0.5, sq), e.reduceSum(sq, Shapes.range(sq.type().rank())));
    }

    /** Mean of {@code -(y·log p + (1-y)·log(1-p))}, each log clamped at -100 like PyTorch. */
    public Node binaryCrossEntropy(Node p, Node y) {
        Node floor = e.constant(-100, p);
        Node one = e.constant(1, p);
        Node ll = e.add(e.mul(y, e.max(e.log(p), floor)), e.mul(e.sub(one, y), e.max(e.log(e.sub(one, p)), floor)));
        return e.neg(meanAll(ll));
    }

    /** Mean of {@code max(z, 0) - z·y + log1p(e^(-|z|))}: binary cross-entropy of sigmoid(z), stable. */
    public Node bceWithLogits(Node z, Node y) {
        return meanAll(e.add(e.sub(relu(z), e.mul(z, y)), e.log1p(e.exp(e.neg(e.abs(z))))));
    }

    /**
     * Softmax cross-entropy over the last axis, averaged over the rest: with i32 class indices
     * (shape of {@code logits} without its last axis) or with float targets of the logits' shape.
     */
    public Node crossEntropy(Node logits, Node labels) {
        int last = logits.type().rank() - 1;
        Node targets = labels.type().dtype().isFloat() ? labels
                : e.oneHot(labels, ((Dim.Fixed) logits.type().dim(last)).size(), logits.type().dtype());
        Node picked = e.reduceSum(e.mul(targets, e.logSoftmax(logits, last)), List.of(last));
        return e.neg(meanAll(picked));
    }

    /** Mean Huber loss: {@code ½d²} where {@code |d| ≤ δ}, else {@code δ(|d| - ½δ)}. */
    public Node huber(Node pred, Node target, double delta) {
        Node d = e.sub(pred, target);
        Node ad = e.abs(d);
        Node quadratic = e.mul(e.constant(0.5, d), e.mul(d, d));
        Node linear = e.mul(e.constant(delta, d), e.sub(ad, e.constant(0.5 * delta, d)));
        return meanAll(e.select(e.ge(e.constant(delta, d), ad), quadratic, linear));
    }

    /** {@code Σ |p|} over every element of every tensor. */
    public Node l1(List<Node> params) {
        return total(params.stream().map(p -> e.reduceSum(e.abs(p), Shapes.range(p.type().rank()))).toList());
    }

    /** {@code Σ p²} over every element of every tensor. */
    public Node l2(List<Node> params) {
        return total(params.stream().map(p -> e.reduceSum(e.mul(p, p), Shapes.range(p.type().rank()))).toList());
    }

    // ---- sequences ----------------------------------------------------------------------------

    /**
     * {@code parts} joined along the fixed {@code axis}: the sum of each part zero-padded to the
     * whole, so each part's gradient is the slice of the whole's.
     */
    public Node concat(List<Node> parts, int axis) {
        int size = parts.stream().mapToInt(p -> length(p, axis)).sum();
        List<Node> padded = new ArrayList<>();
        int start = 0;
        for (Node p : parts) {
            padded.add(e.pad(p, axis, start, size));
            start += length(p, axis);
        }
        return total(padded);
    }

    /** Element {@code index} along the fixed {@code axis}, which is dropped: {@code x[:, t]} for axis 1. */
    public Node at(Node x, int axis, int index) {
        List<Dim> shape = new ArrayList<>(x.type().shape());
        shape.remove(axis);
        return e.reshape(e.slice(x, axis, index, 1), shape);
    }

    /** {@code values} (of one shape) stacked along a new axis {@code axis} of the result. */
    public Node stack(List<Node> values, int axis) {
        List<Dim> one = new ArrayList<>(values.get(0).type().shape());
        one.add(axis, Dim.of(1));
        return concat(values.stream().map(v -> e.reshape(v, one)).toList(), axis);
    }

    /**
     * The input and recurrent pre-activations of gate {@code k} (of width {@code hidden}) of a
     * recurrent cell: {@code (x W_ih + b_ih)[k]} and {@code (h W_hh + b_hh)[k]}, the gates laid
     * side by side along the last axis of the weights in PyTorch's order.
     */
    private Node[] gate(Node xi, Node hh, int k, int hidden) {
        int last = xi.type().rank() - 1;
        return new Node[] {e.slice(xi, last, k * hidden, hidden), e.slice(hh, last, k * hidden, hidden)};
    }

    /** Elman cell: {@code h' = tanh(x W_ih + b_ih + h W_hh + b_hh)}. */
    public Node rnnCell(Node x, Node h, Node wih, Node whh, Node bih, Node bhh) {
        return e.tanh(e.add(e.add(e.matmul(x, wih), bih), e.add(e.matmul(h, whh), bhh)));
    }

    /**
     * LSTM cell with PyTorch's gates i, f, g, o (the column blocks of {@code W_ih: [in, 4H]},
     * {@code W_hh: [H, 4H]}, {@code b: [4H]}): {@code i = σ(·), f = σ(·), g = tanh(·),
     * o = σ(·), c' = f⊙c + i⊙g, h' = o⊙tanh(c')}. The state is {@code [h, c]} joined along the
     * last axis ({@code [n, 2H]}), and so is the result.
     */
    public Node lstmCell(Node x, Node state, Node wih, Node whh, Node bih, Node bhh) {
        int hidden = length(whh, 0);
        int last = state.type().rank() - 1;
        Node h = e.slice(state, last, 0, hidden);
        Node c = e.slice(state, last, hidden, hidden);
        Node xi = e.add(e.matmul(x, wih), bih);
        Node hh = e.add(e.matmul(h, whh), bhh);
        Node[] pre = new Node[4];
        for (int k = 0; k < 4; k++) {
            Node[] g = gate(xi, hh, k, hidden);
            pre[k] = e.add(g[0], g[1]);
        }
        Node next = e.add(e.mul(e.sigmoid(pre[1]), c), e.mul(e.sigmoid(pre[0]), e.tanh(pre[2])));
        Node out = e.mul(e.sigmoid(pre[3]), e.tanh(next));
        return concat(List.of(out, next), last);
    }

    /**
     * GRU cell with PyTorch's gates r, z, n (column blocks of {@code W_ih: [in, 3H]},
     * {@code W_hh: [H, 3H]}): {@code r = σ(x W_ir + b_ir + h W_hr + b_hr)}, z likewise,
     * {@code n = tanh(x W_in + b_in + r⊙(h W_hn + b_hn))}, {@code h' = (1 - z)⊙n + z⊙h}.
     */
    public Node gruCell(Node x, Node h, Node wih, Node whh, Node bih, Node bhh) {
        int hidden = length(whh, 0);
        Node xi = e.add(e.matmul(x, wih), bih);
        Node hh = e.add(e.matmul(h, whh), bhh);
        Node[] r = gate(xi, hh, 0, hidden);
        Node[] z = gate(xi, hh, 1, hidden);
        Node[] n = gate(xi, hh, 2, hidden);
        Node reset = e.sigmoid(e.add(r[0], r[1]));
        Node update = e.sigmoid(e.add(z[0], z[1]));
        Node cand = e.tanh(e.add(n[0], e.mul(reset, n[1])));
        return e.add(e.mul(e.sub(e.constant(1, update), update), cand), e.mul(update, h));
    }

    /** The recurrent cells, with their number of gates and the width of their state in hidden units. */
    public enum Cell {
        RNN(1, 1), LSTM(4, 2), GRU(3, 1);

        private final int gates;
        private final int stateWidth;

        Cell(int gates, int stateWidth) {
            this.gates = gates;
            this.stateWidth = stateWidth;
        }

        /** How many hidden-sized column blocks the weights have. */
        public int gates() {
            return gates;
        }

        /** The state's width in hidden units ({@code [h, c]} for the LSTM). */
        public int stateWidth() {
            return stateWidth;
        }
    }

    /** One step of {@code cell}. */
    public Node cell(Cell cell, Node x, Node state, Node wih, Node whh, Node bih, Node bhh) {
        return switch (cell) {
            case RNN -> rnnCell(x, state, wih, whh, bih, bhh);
            case LSTM -> lstmCell(x, state, wih, whh, bih, bhh);
            case GRU -> gruCell(x, state, wih, whh, bih, bhh);
        };
    }

    /**
     * {@code cell} over axis 1 of {@code x: [n, T, in]} from a zero state: the hidden state of
     * every step, {@code [n, T, H]} (for the LSTM, h without c).
     */
    public Node recurrent(Cell cell, Node x, Node wih, Node whh, Node bih, Node bhh) {
        int hidden = length(whh, 0);
        int steps = length(x, 1);
        List<Dim> stateShape = List.of(x.type().dim(0), Dim.of(cell.stateWidth() * hidden));
        Node state = e.broadcastTo(e.constant(0, x), stateShape);
        List<Node> hs = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            state = cell(cell, at(x, 1, t), state, wih, whh, bih, bhh);
            hs.add(cell == Cell.LSTM ? e.slice(state, 1, 0, hidden) : state);
        }
        return stack(hs, 1);
    }

    /** The length of a fixed axis. */
    static int length(Node x, int axis) {
        if (!(x.type().dim(axis) instanceof Dim.Fixed f)) {
            throw new IrException(x.span(), "axis " + axis + " of " + x.type() + " is not of fixed size");
        }
        return f.size();
    }

    // ---- layers (issue 7) ---------------------------------------------------------------------

    /** Layer normalization over the last axis: {@code (x - μ) / √(σ² + ε) · gain + bias}, σ² biased. */
    public Node layerNorm(Node x, Node gain, Node bias, double eps) {
        List<Integer> last = List.of(x.type().rank() - 1);
        Node centered = e.sub(x, keepDims(mean(x, last), x, last));
        Node var = mean(e.mul(centered, centered), last);
        Node inv = e.div(e.constant(1, x), e.sqrt(e.add(keepDims(var, x, last), e.constant(eps, x))));
        return e.add(e.mul(e.mul(centered, inv), gain), bias);
    }

    /** The axes batch norm reduces: every axis but the channel axis 1. */
    public static List<Integer> batchNormAxes(Node x) {
        List<Integer> axes = new ArrayList<>(Shapes.range(x.type().rank()));
        axes.remove(1);
        return List.copyOf(axes);
    }

    /** Batch statistics per channel (axis 1): the mean and the biased variance, each {@code [C]}. */
    public List<Node> channelMoments(Node x) {
        List<Integer> axes = batchNormAxes(x);
        Node mu = mean(x, axes);
        Node centered = e.sub(x, keepDims(mu, x, axes));
        return List.of(mu, mean(e.mul(centered, centered), axes));
    }

    /** Training-mode batch norm with the batch's {@code mean} and {@code var}: {@code (x - μ)·γ/√(σ² + ε) + β} per channel. */
    public Node batchNorm(Node x, Node gamma, Node beta, Node mean, Node var, double eps) {
        Node scale = e.div(gamma, e.sqrt(e.add(var, e.constant(eps, x))));
        return e.add(e.mul(e.sub(x, channel(mean, x)), channel(scale, x)), channel(beta, x));
    }

    /**
     * Inference-mode batch norm with running statistics, as the affine map it is:
     * {@code x·s + t} with {@code s = γ/√(rv + ε)} and {@code t = β - rm·s}, per-channel vectors
     * that do not depend on the batch (two operations per element).
     */
    public Node batchNormInference(Node x, Node gamma, Node beta, Node mean, Node var, double eps) {
        Node scale = e.div(gamma, e.sqrt(e.add(var, e.constant(eps, x))));
        Node shift = e.sub(beta, e.mul(mean, scale));
        return e.add(e.mul(x, channel(scale, x)), channel(shift, x));
    }

    /** A {@code [C]} vector shaped {@code [C, 1, …]} to broadcast along axis 1 of {@code x}. */
    private Node channel(Node v, Node x) {
        List<Dim> shape = new ArrayList<>(List.of(v.type().dim(0)));
        for (int i = 2; i < x.type().rank(); i++) {
            shape.add(Dim.of(1));
        }
        return shape.size() == 1 ? v : e.reshape(v, shape);
    }

    /** The number of elements along {@code axes} of {@code x}, as a scalar of its dtype. */
    public Node count(Node x, List<Integer> axes) {
        long fixed = 1;
        List<Node> symbolic = new ArrayList<>();
        for (int axis : axes) {
            Dim d = x.type().dim(axis);
            if (d instanceof Dim.Fixed f) {
                fixed *= f.size();
            } else {
                symbolic.add(e.dimSize(d.toString(), x.type().dtype()));
            }
        }
        Node n = e.constant(fixed, x);
        for (Node s : symbolic) {
            n = n.isConstant(1) ? s : e.mul(n, s);
        }
        return n;
    }

    /** A reduction's result reshaped to keep the reduced axes as size 1, so it broadcasts against {@code x}. */
    public Node keepDims(Node reduced, Node x, List<Integer> axes) {
        return e.reshape(reduced, Shapes.keep(x.type().shape(), axes));
    }

    private Node total(List<Node> terms) {
        Node sum = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            sum = e.add(sum, terms.get(i));
        }
        return sum;
    }

    private Node zero(Node like) {
        return e.constant(0, like);
    }
}

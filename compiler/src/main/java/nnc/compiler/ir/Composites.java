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

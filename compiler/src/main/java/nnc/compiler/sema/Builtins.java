package nnc.compiler.sema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import nnc.compiler.ir.Composites;
import nnc.compiler.sema.Builtin.Kind;
import nnc.compiler.sema.Builtin.Parameter;

/**
 * The builtin functions of the language: one entry each. Adding one (a layer such as
 * {@code dropout(x, p=0.5)}) is one line here, with a rule from {@link Rules}; the checker,
 * the argument binding, the error messages and {@code docs/language.md}'s table follow.
 */
public final class Builtins {
    /** Every builtin, by name, in the order of this file. */
    public static final Map<String, Builtin> TABLE = table(List.of(
            // activations and elementwise math
            unary("relu", "max(x, 0)"),
            fn("leaky_relu", Rules::same, "x if x > 0 else slope * x", tensor("x"), number("slope", 0.01)),
            unary("sigmoid", "1 / (1 + exp(-x))"),
            unary("tanh", "hyperbolic tangent"),
            fn("softmax", Rules::same, "exp(x) / sum(exp(x)) along axis", tensor("x"), axis("axis", -1)),
            fn("log_softmax", Rules::same, "x - log(sum(exp(x))) along axis", tensor("x"), axis("axis", -1)),
            unary("gelu", "x * Phi(x), the Gaussian error linear unit"),
            fn("elu", Rules::same, "x if x > 0 else alpha * (exp(x) - 1)", tensor("x"), number("alpha", 1)),
            unary("softplus", "log(1 + exp(x))"),
            unary("exp", "e to the x"),
            unary("log", "natural logarithm"),
            unary("sqrt", "square root"),
            unary("abs", "absolute value"),
            unary("sign", "-1, 0 or 1 (the perceptron's step); its gradient is zero"),
            fn("stop_gradient", Rules::same, "x, with no gradient flowing back through it", tensor("x")),
            // reductions and shape
            reduction("sum", "sum"),
            reduction("mean", "mean"),
            reduction("max", "maximum"),
            reduction("min", "minimum"),
            fn("transpose", Rules::transpose, "swap the axes of a 2-D x, or permute them with perm",
                    tensor("x"), optional("perm", Kind.PERM)),
            fn("reshape", Rules::reshape, "x with a new shape of as many elements (one -1 is inferred)",
                    tensor("x"), required("shape", Kind.SHAPE)),
            // losses and regularizers: all return a scalar
            fn("mse", Rules::pointwiseLoss, "mean squared error; reduction=\"half_sum\" gives 1/2 * sum",
                    tensor("pred"), tensor("target"), choice("reduction", "mean", "mean", "half_sum")),
            fn("binary_cross_entropy", Rules::pointwiseLoss, "mean of -(y log p + (1-y) log(1-p))",
                    tensor("p"), tensor("y")),
            fn("bce_with_logits", Rules::pointwiseLoss, "binary_cross_entropy(sigmoid(logits), y), stable",
                    tensor("logits"), tensor("y")),
            fn("cross_entropy", Rules::crossEntropy,
                    "mean softmax cross-entropy; y: i32 class indices or one-hot rows",
                    tensor("logits"), labels("y")),
            fn("huber", Rules::pointwiseLoss, "mean Huber loss: quadratic within delta, linear outside",
                    tensor("pred"), tensor("target"), number("delta", 1)),
            fn("l1", Rules::norm, "sum of absolute values of all arguments", tensors("params")),
            fn("l2", Rules::norm, "sum of squares of all arguments", tensors("params")),
            // differentiation
            fn("grad", Rules::grad, "gradient of the scalar expr with respect to a parameter or input",
                    tensor("expr"), required("wrt", Kind.WRT)),
            // sequence
            fn("at", SeqRules::at, "step index of x along axis (default 1, the time axis of [batch, T, features]), "
                    + "the axis dropped", tensor("x"), required("index", Kind.INDEX), axis("axis", 1)),
            fn("slice", SeqRules::slice, "elements start .. end-1 of x along axis",
                    tensor("x"), required("start", Kind.INDEX), required("end", Kind.INDEX), axis("axis", -1)),
            fn("concat", SeqRules::concat, "the arguments joined along axis", tensors("parts"), axis("axis", -1)),
            cell("rnn_cell", Composites.Cell.RNN, "Elman step: tanh(x W_ih + b_ih + h W_hh + b_hh)"),
            cell("lstm_cell", Composites.Cell.LSTM, "LSTM step (gates i, f, g, o) on the state [h, c]: [n, 2H]"),
            cell("gru_cell", Composites.Cell.GRU, "GRU step (gates r, z, n)"),
            layer("rnn", Composites.Cell.RNN, "Elman RNN over axis 1 of x from a zero state: every h_t, [n, T, H]"),
            layer("lstm", Composites.Cell.LSTM, "LSTM over axis 1 of x from a zero state: every h_t, [n, T, H]"),
            layer("gru", Composites.Cell.GRU, "GRU over axis 1 of x from a zero state: every h_t, [n, T, H]"),
            fn("zeros", SeqRules::zeros, "a tensor of zeros of the given shape (e.g. an initial state)",
                    required("shape", Kind.DIMS), choice("dtype", "f32", "f32", "f64")),

            // layers: their meaning depends on the mode (LayerLowering)
            fn("dropout", LayerRules::dropout, "training: zero each element with probability p and scale "
                    + "the rest by 1/(1-p); inference: x", tensor("x"), number("p", 0.5)),
            fn("batch_norm", LayerRules::batchNorm, "normalize each channel (axis 1) with the batch's statistics "
                    + "in training, updating the running ones; with the running statistics in inference",
                    tensor("x"), tensor("gamma"), tensor("beta"), state("running_mean"), state("running_var"),
                    number("momentum", 0.1), number("eps", 1e-5)),
            fn("layer_norm", LayerRules::layerNorm, "normalize over the last axis, then scale by gain and add bias",
                    tensor("x"), tensor("gain"), tensor("bias"), number("eps", 1e-5)),

            // convolution and pooling on NCHW images (ConvRules)
            fn("conv2d", ConvRules::conv2d, "2-D cross-correlation of x: [n, C, H, W] with W: [O, C, kH, kW], "
                    + "plus b: [O] if given: [n, O, OH, OW]", tensor("x"), tensor("W"), optionalTensor("b"),
                    number("stride", 1), number("padding", 0)),
            fn("max_pool2d", ConvRules::pool, "maximum of each k×k window of x: [n, C, H, W], moved by stride",
                    tensor("x"), required("k", Kind.NUMBER), optional("stride", Kind.NUMBER)),
            fn("avg_pool2d", ConvRules::pool, "mean of each k×k window of x: [n, C, H, W], moved by stride",
                    tensor("x"), required("k", Kind.NUMBER), optional("stride", Kind.NUMBER)),
            fn("flatten", ConvRules::flatten, "x: [n, d1, d2, …] as [n, d1·d2·…]", tensor("x")),

            // attention and embeddings (AttentionRules; Attention composites)
            fn("attention", AttentionRules::attention, "softmax(q k^T / sqrt(d)) v over [n, T, d] sequences; "
                    + "causal: step t attends to steps 0 .. t", tensor("q"), tensor("k"), tensor("v"), bool("causal", false)),
            layer("multi_head_attention", AttentionRules::multiHead, AttentionRules.MULTI_HEAD,
                    "self-attention of x: [n, T, D] with heads heads of D/heads features; creates Wq, bq, Wk, bk, "
                            + "Wv, bv, Wo, bo", tensor("x"), required("heads", Kind.NUMBER), bool("causal", false)),
            layer("embedding", AttentionRules::embedding, AttentionRules.EMBEDDING,
                    "the rows of a [vocab, dim] table (a parameter it creates) at i32 tokens: [..., dim]",
                    labels("tokens"), required("vocab", Kind.NUMBER), required("dim", Kind.NUMBER),
                    choice("dtype", "f32", "f32", "f64"))));

    private Builtins() {
    }

    /** The builtin called {@code name}, if there is one. */
    public static Optional<Builtin> lookup(String name) {
        return Optional.ofNullable(TABLE.get(name));
    }

    private static Map<String, Builtin> table(List<Builtin> all) {
        return Collections.unmodifiableMap(all.stream().collect(Collectors.toMap(
                Builtin::name, Function.identity(), (a, b) -> a, LinkedHashMap::new)));
    }

    private static Builtin fn(String name, Builtin.Rule rule, String doc, Parameter... params) {
        return new Builtin(name, List.of(params), rule, doc);
    }

    private static Builtin cell(String name, Composites.Cell cell, String doc) {
        return fn(name, site -> SeqRules.cell(site, cell, false), doc, tensor("x"), tensor("state"),
                tensor("W_ih"), tensor("W_hh"), tensor("b_ih"), tensor("b_hh"));
    }

    private static Builtin layer(String name, Composites.Cell cell, String doc) {
        return fn(name, site -> SeqRules.cell(site, cell, true), doc, tensor("x"),
                tensor("W_ih"), tensor("W_hh"), tensor("b_ih"), tensor("b_hh"));
    }

    /** A builtin that creates parameters for each call, named after its binding. */
    private static Builtin layer(String name, Builtin.Rule rule, List<Builtin.Weight> weights, String doc,
                                 Parameter... params) {
        return new Builtin(name, List.of(params), rule, doc, weights);
    }

    private static Builtin unary(String name, String doc) {
        return fn(name, Rules::same, doc, tensor("x"));
    }

    private static Builtin reduction(String name, String what) {
        return fn(name, Rules::reduce, what + " over axis, or over all axes without one",
                tensor("x"), optional("axis", Kind.AXIS), bool("keepdims", false));
    }

    private static Parameter tensor(String name) {
        return new Parameter(name, Kind.TENSOR, Optional.empty(), false, List.of());
    }

    /** A tensor operand that may be left out (conv2d's bias): then the rule sees one operand fewer. */
    private static Parameter optionalTensor(String name) {
        return new Parameter(name, Kind.TENSOR, Optional.empty(), true, List.of());
    }

    private static Parameter state(String name) {
        return new Parameter(name, Kind.STATE, Optional.empty(), false, List.of());
    }

    private static Parameter labels(String name) {
        return new Parameter(name, Kind.LABELS, Optional.empty(), false, List.of());
    }

    private static Parameter tensors(String name) {
        return new Parameter(name, Kind.TENSORS, Optional.empty(), false, List.of());
    }

    private static Parameter number(String name, double dflt) {
        return new Parameter(name, Kind.NUMBER, Optional.of(new Attr.Num(dflt)), false, List.of());
    }

    private static Parameter bool(String name, boolean dflt) {
        return new Parameter(name, Kind.BOOL, Optional.of(new Attr.Bool(dflt)), false, List.of());
    }

    private static Parameter axis(String name, long dflt) {
        return new Parameter(name, Kind.AXIS, Optional.of(new Attr.Int(dflt)), false, List.of());
    }

    private static Parameter optional(String name, Kind kind) {
        return new Parameter(name, kind, Optional.empty(), true, List.of());
    }

    private static Parameter required(String name, Kind kind) {
        return new Parameter(name, kind, Optional.empty(), false, List.of());
    }

    private static Parameter choice(String name, String dflt, String... choices) {
        return new Parameter(name, Kind.CHOICE, Optional.of(new Attr.Str(dflt)), false, List.of(choices));
    }
}

package nnc.compiler.sema;

import java.util.List;
import java.util.Map;
import nnc.compiler.ir.Attention;
import nnc.compiler.ir.Composites;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.IrException;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Shapes;

/**
 * What each builtin of {@link Builtins#TABLE} becomes in the IR: one line per builtin, a
 * primitive or a {@link Composites} method. ({@code grad} is lowered by {@link Lowering}.)
 */
final class BuiltinLowering {
    private BuiltinLowering() {
    }

    static Node lower(String name, List<Node> x, Map<String, Attr> attrs, Emit e) {
        Composites c = new Composites(e);
        return switch (name) {
            case "relu" -> c.relu(x.get(0));
            case "leaky_relu" -> c.leakyRelu(x.get(0), number(attrs, "slope"));
            case "sigmoid" -> e.sigmoid(x.get(0));
            case "tanh" -> e.tanh(x.get(0));
            case "softmax" -> c.softmax(x.get(0), axis(attrs));
            case "log_softmax" -> e.logSoftmax(x.get(0), axis(attrs));
            case "gelu" -> c.gelu(x.get(0));
            case "elu" -> c.elu(x.get(0), number(attrs, "alpha"));
            case "softplus" -> c.softplus(x.get(0));
            case "exp" -> e.exp(x.get(0));
            case "log" -> e.log(x.get(0));
            case "sqrt" -> e.sqrt(x.get(0));
            case "abs" -> e.abs(x.get(0));
            case "sign" -> e.sign(x.get(0));
            case "stop_gradient" -> e.stopGradient(x.get(0));
            case "sum" -> keep(e.reduceSum(x.get(0), axes(attrs)), x.get(0), attrs, c);
            case "mean" -> keep(c.mean(x.get(0), axes(attrs)), x.get(0), attrs, c);
            case "max" -> keep(e.reduceMax(x.get(0), axes(attrs)), x.get(0), attrs, c);
            case "min" -> keep(c.reduceMin(x.get(0), axes(attrs)), x.get(0), attrs, c);
            case "transpose" -> e.transpose(x.get(0), perm(attrs.get("perm"), x.get(0)));
            case "reshape" -> e.reshape(x.get(0), ((Attr.Shape) attrs.get("shape")).dims());
            case "mse" -> c.mse(x.get(0), x.get(1), reduction(attrs));
            case "binary_cross_entropy" -> c.binaryCrossEntropy(x.get(0), x.get(1));
            case "bce_with_logits" -> c.bceWithLogits(x.get(0), x.get(1));
            case "cross_entropy" -> c.crossEntropy(x.get(0), x.get(1));
            case "huber" -> c.huber(x.get(0), x.get(1), number(attrs, "delta"));
            case "l1" -> c.l1(x);
            case "l2" -> c.l2(x);
            case "at" -> c.at(x.get(0), axis(attrs), integer(attrs, "index"));
            case "slice" -> e.slice(x.get(0), axis(attrs), integer(attrs, "start"),
                    integer(attrs, "end") - integer(attrs, "start"));
            case "concat" -> c.concat(x, axis(attrs));
            case "rnn_cell" -> c.cell(Composites.Cell.RNN, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5));
            case "lstm_cell" -> c.cell(Composites.Cell.LSTM, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5));
            case "gru_cell" -> c.cell(Composites.Cell.GRU, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5));
            case "rnn" -> c.recurrent(Composites.Cell.RNN, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4));
            case "lstm" -> c.recurrent(Composites.Cell.LSTM, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4));
            case "gru" -> c.recurrent(Composites.Cell.GRU, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4));
            case "zeros" -> e.broadcastTo(e.constant(0, dtype(attrs)), ((Attr.Shape) attrs.get("shape")).dims());
            case "layer_norm" -> c.layerNorm(x.get(0), x.get(1), x.get(2), number(attrs, "eps"));
            case "attention" -> new Attention(e).attention(x.get(0), x.get(1), x.get(2), bool(attrs, "causal"));
            case "multi_head_attention" -> new Attention(e).multiHead(x.get(0), x.subList(1, 9),
                    (int) number(attrs, "heads"), bool(attrs, "causal"));
            case "embedding" -> new Attention(e).embedding(x.get(0), x.get(1));
            default -> throw new IrException(e.span(), "no lowering for builtin " + name);
        };
    }

    private static Node keep(Node reduced, Node x, Map<String, Attr> attrs, Composites c) {
        boolean keepdims = attrs.get("keepdims") instanceof Attr.Bool b && b.value();
        return keepdims ? c.keepDims(reduced, x, axes(attrs)) : reduced;
    }

    private static List<Integer> axes(Map<String, Attr> attrs) {
        return ((Attr.Axes) attrs.get("axis")).axes();
    }

    private static int axis(Map<String, Attr> attrs) {
        return axes(attrs).get(0);
    }

    private static List<Integer> perm(Attr perm, Node x) {
        if (perm instanceof Attr.Ints ints) {
            return ints.values().stream().map(Long::intValue).toList();
        }
        List<Integer> reversed = new java.util.ArrayList<>(Shapes.range(x.type().rank()));
        java.util.Collections.reverse(reversed);
        return List.copyOf(reversed);
    }

    private static int integer(Map<String, Attr> attrs, String key) {
        return Math.toIntExact(((Attr.Int) attrs.get(key)).value());
    }

    private static nnc.runtime.DType dtype(Map<String, Attr> attrs) {
        return ((Attr.Str) attrs.get("dtype")).value().equals("f64") ? nnc.runtime.DType.F64 : nnc.runtime.DType.F32;
    }

    private static boolean bool(Map<String, Attr> attrs, String key) {
        return ((Attr.Bool) attrs.get(key)).value();
    }

    private static double number(Map<String, Attr> attrs, String key) {
        Attr a = attrs.get(key);
        return a instanceof Attr.Int i ? i.value() : ((Attr.Num) a).value();
    }

    private static Composites.Reduction reduction(Map<String, Attr> attrs) {
        return ((Attr.Str) attrs.get("reduction")).value().equals("half_sum")
                ? Composites.Reduction.HALF_SUM : Composites.Reduction.MEAN;
    }
}

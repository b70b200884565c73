package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ir.ConvLayers;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Node;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.Dim;

/**
 * The result-type rules and the lowering of the convolution group: {@code conv2d},
 * {@code max_pool2d}, {@code avg_pool2d}, {@code flatten}. Images are NCHW:
 * {@code [batch, channels, height, width]} with fixed channels, height and width.
 */
final class ConvRules {
    private ConvRules() {
    }

    /** conv2d(x, W, b?, stride, padding): {@code [N, C, H, W]}, {@code [O, C, kH, kW]}, {@code [O]}. */
    static Type conv2d(CallSite s) {
        Optional<int[]> image = image(s);
        Type.Tensor w = s.operand(1);
        if (image.isEmpty() || !positive(s, "stride", 1) || !positive(s, "padding", 0)) {
            return Type.ERROR;
        }
        if (w.rank() != 4 || !w.shape().stream().allMatch(d -> d instanceof Dim.Fixed)) {
            return s.errorAt(1, ErrorCode.E0902, "conv2d needs a kernel W of shape [out_channels, in_channels, "
                    + "kH, kW], " + s.operandText(1) + " is " + w, "declare it as e.g. param W: [16, "
                    + image.get()[0] + ", 3, 3] = kaiming");
        }
        int[] k = w.shape().stream().mapToInt(d -> ((Dim.Fixed) d).size()).toArray();
        if (k[1] != image.get()[0]) {
            return s.errorAt(1, ErrorCode.E0902, "conv2d's kernel " + s.operandText(1) + " " + w + " takes "
                    + k[1] + " input channels, but " + s.operandText(0) + " " + s.operand(0) + " has "
                    + image.get()[0], "axis 1 of the kernel is the number of input channels (axis 1 of x)");
        }
        if (s.operands().size() == 3 && !s.operand(2).shape().equals(List.of(Dim.of(k[0])))) {
            return s.errorAt(2, ErrorCode.E0902, "conv2d's bias must have one element per output channel, ["
                    + k[0] + "], " + s.operandText(2) + " is " + s.operand(2));
        }
        return fits(s, image.get(), k[2], k[3], integer(s, "stride"), integer(s, "padding"))
                ? out(s, k[0], image.get(), k[2], k[3], integer(s, "stride"), integer(s, "padding")) : Type.ERROR;
    }

    /** max_pool2d / avg_pool2d(x, k, stride = k): {@code [N, C, OH, OW]}. */
    static Type pool(CallSite s) {
        Optional<int[]> image = image(s);
        if (image.isEmpty() || !positive(s, "k", 1) || !positive(s, "stride", 1)) {
            return Type.ERROR;
        }
        int k = integer(s, "k");
        int stride = stride(s.attr("stride"), k);
        return fits(s, image.get(), k, k, stride, 0) ? out(s, image.get()[0], image.get(), k, k, stride, 0) : Type.ERROR;
    }

    /** flatten(x): {@code [N, d1·d2·…]}, the trailing axes fixed. */
    static Type flatten(CallSite s) {
        Type.Tensor x = s.operand(0);
        if (x.rank() < 2 || !x.shape().subList(1, x.rank()).stream().allMatch(d -> d instanceof Dim.Fixed)) {
            return s.errorAt(0, ErrorCode.E0905, "flatten needs a value of rank 2 or more whose axes after the "
                    + "first are fixed, " + s.operandText(0) + " is " + x, "it keeps axis 0 (the batch) and joins the rest");
        }
        long size = 1;
        for (Dim d : x.shape().subList(1, x.rank())) {
            size *= ((Dim.Fixed) d).size();
        }
        return x.withShape(List.of(x.shape().get(0), Dim.of((int) size)));
    }

    /** The IR of a call of one of this group's builtins ({@code x}: its operands). */
    static Node lower(String name, List<Node> x, Map<String, Attr> attrs, Emit e) {
        ConvLayers c = new ConvLayers(e);
        return switch (name) {
            case "conv2d" -> c.conv2d(x.get(0), x.get(1), x.size() == 3 ? Optional.of(x.get(2)) : Optional.empty(),
                    integer(attrs.get("stride")), integer(attrs.get("padding")));
            case "max_pool2d" -> c.maxPool2d(x.get(0), integer(attrs.get("k")),
                    stride(attrs.get("stride"), integer(attrs.get("k"))));
            case "avg_pool2d" -> c.avgPool2d(x.get(0), integer(attrs.get("k")),
                    stride(attrs.get("stride"), integer(attrs.get("k"))));
            case "flatten" -> c.flatten(x.get(0));
            default -> throw new IllegalArgumentException("not a convolution builtin: " + name);
        };
    }

    /** Whether {@code name} is lowered by {@link #lower}. */
    static boolean handles(String name) {
        return List.of("conv2d", "max_pool2d", "avg_pool2d", "flatten").contains(name);
    }

    /** {C, H, W} of operand 0, after reporting E0901 when it is not {@code [N, C, H, W]} with fixed C, H, W. */
    private static Optional<int[]> image(CallSite s) {
        Type.Tensor x = s.operand(0);
        if (x.rank() != 4 || !x.shape().subList(1, 4).stream().allMatch(d -> d instanceof Dim.Fixed)) {
            s.errorAt(0, ErrorCode.E0901, s.name() + " needs images [batch, channels, height, width] with fixed "
                    + "channels, height and width, " + s.operandText(0) + " is " + x,
                    "reshape flat rows first, e.g. reshape(x, [batch, 1, 8, 8])");
            return Optional.empty();
        }
        return Optional.of(x.shape().subList(1, 4).stream().mapToInt(d -> ((Dim.Fixed) d).size()).toArray());
    }

    /** Whether the integer argument {@code name} (if given) is an integer of at least {@code min}; E0904 if not. */
    private static boolean positive(CallSite s, String name, int min) {
        Attr a = s.attr(name);
        if (a instanceof Attr.None) {
            return true;
        }
        double v = LayerRules.number(s, name);
        if (v != Math.rint(v) || v < min || v > 1 << 16) {
            s.error(ErrorCode.E0904, s.name() + "'s " + name + " must be an integer " + (min == 0 ? "≥ 0" : "≥ 1")
                    + ", got " + (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v)));
            return false;
        }
        return true;
    }

    /** Whether a {@code kh × kw} window fits the padded image; E0903 if not. */
    private static boolean fits(CallSite s, int[] image, int kh, int kw, int stride, int padding) {
        if (image[1] + 2 * padding >= kh && image[2] + 2 * padding >= kw) {
            return true;
        }
        s.error(ErrorCode.E0903, s.name() + "'s " + kh + "×" + kw + " window is larger than the "
                + (padding > 0 ? "padded " : "") + "input, " + (image[1] + 2 * padding) + "×" + (image[2] + 2 * padding)
                + " (" + s.operandText(0) + " is " + s.operand(0) + (padding > 0 ? ", padding " + padding : "") + ")",
                "use a smaller window or more padding");
        return false;
    }

    private static Type out(CallSite s, int channels, int[] image, int kh, int kw, int stride, int padding) {
        List<Dim> shape = new ArrayList<>(List.of(s.operand(0).shape().get(0), Dim.of(channels)));
        shape.add(Dim.of((image[1] + 2 * padding - kh) / stride + 1));
        shape.add(Dim.of((image[2] + 2 * padding - kw) / stride + 1));
        return s.operand(0).withShape(shape);
    }

    private static int integer(CallSite s, String name) {
        return (int) LayerRules.number(s, name);
    }

    private static int integer(Attr a) {
        return a instanceof Attr.Int i ? (int) i.value() : (int) ((Attr.Num) a).value();
    }

    /** The pooling stride: as given, or the window size. */
    private static int stride(Attr a, int k) {
        return a instanceof Attr.None ? k : integer(a);
    }
}

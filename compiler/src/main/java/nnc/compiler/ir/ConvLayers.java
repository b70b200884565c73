package nnc.compiler.ir;

import java.util.List;
import java.util.Optional;
import nnc.runtime.Dim;

/**
 * Convolution, pooling and flatten, written in primitives: {@link Op#IM2COL} lays each image's
 * windows out as the columns of a matrix, so a convolution is one matrix product per image (the
 * code generator's matmul kernel, with the bias in its epilogue) and pooling a reduction over
 * the window axis. Gradients come from the primitives: {@link Op#COL2IM} sums the columns'
 * cotangents back into the image.
 *
 * @param e where to build (the call's source position)
 */
public record ConvLayers(Emit e) {

    /**
     * {@code y[n, o, r, c] = b[o] + Σ_{ch, i, j} W[o, ch, i, j] · x[n, ch, r·s - p + i, c·s - p + j]}
     * (zero outside x), PyTorch's {@code F.conv2d}: {@code x: [N, C, H, W]}, {@code W: [O, C, kH, kW]},
     * {@code b: [O]}, result {@code [N, O, OH, OW]} with {@code OH = (H + 2p - kH)/s + 1}.
     * Computed as {@code W' @ im2col(x)} per image, {@code W' = reshape(W, [O, C·kH·kW])}.
     */
    public Node conv2d(Node x, Node w, Optional<Node> bias, int stride, int padding) {
        int out = Composites.length(w, 0);
        Attr.Patches p = patches(x, Composites.length(w, 2), Composites.length(w, 3), stride, padding);
        Node cols = e.im2col(x, p);
        int rows = Composites.length(cols, 1);
        Node kernel = e.broadcastTo(e.reshape(w, List.of(Dim.of(out), Dim.of(rows))),
                List.of(x.type().dim(0), Dim.of(out), Dim.of(rows)));
        Node y = e.matmul(kernel, cols);
        if (bias.isPresent()) {
            y = e.add(y, e.reshape(bias.get(), List.of(Dim.of(out), Dim.of(1))));
        }
        return e.reshape(y, List.of(x.type().dim(0), Dim.of(out), Dim.of(p.outH()), Dim.of(p.outW())));
    }

    /** The maximum of each {@code k × k} window moved by {@code stride}: {@code [N, C, OH, OW]}. */
    public Node maxPool2d(Node x, int k, int stride) {
        return pool(x, k, stride, true);
    }

    /** The mean of each {@code k × k} window moved by {@code stride}: {@code [N, C, OH, OW]}. */
    public Node avgPool2d(Node x, int k, int stride) {
        return pool(x, k, stride, false);
    }

    /** {@code [N, d1, d2, …]} to {@code [N, d1·d2·…]}: the same elements, axis 0 kept. */
    public Node flatten(Node x) {
        int size = 1;
        for (int axis = 1; axis < x.type().rank(); axis++) {
            size *= Composites.length(x, axis);
        }
        return e.reshape(x, List.of(x.type().dim(0), Dim.of(size)));
    }

    /**
     * The windows as {@code [N, C, k·k, OH·OW]} (a reshape of the columns, free), reduced over
     * axis 2. The maximum's gradient goes to the element that attains it, shared evenly on ties
     * ({@link Op#REDUCE_MAX}).
     */
    private Node pool(Node x, int k, int stride, boolean max) {
        Attr.Patches p = patches(x, k, k, stride, 0);
        int channels = Composites.length(x, 1);
        Node windows = e.reshape(e.im2col(x, p),
                List.of(x.type().dim(0), Dim.of(channels), Dim.of(k * k), Dim.of(p.outH() * p.outW())));
        Node r = max ? e.reduceMax(windows, List.of(2))
                : e.mul(e.reduceSum(windows, List.of(2)), e.constant(1.0 / (k * k), x));
        return e.reshape(r, List.of(x.type().dim(0), Dim.of(channels), Dim.of(p.outH()), Dim.of(p.outW())));
    }

    private static Attr.Patches patches(Node x, int kh, int kw, int stride, int padding) {
        return new Attr.Patches(kh, kw, stride, padding, Composites.length(x, 2), Composites.length(x, 3));
    }
}

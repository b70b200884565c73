package nnc.runtime;

/**
 * The data movement of convolution and pooling, called by generated classes (the compiler's
 * {@code IM2COL} and {@code COL2IM} kernels): an image batch {@code [n, channels, h, w]} to the
 * columns {@code [n, channels·kh·kw, oh·ow]} a matrix product consumes, and back.
 *
 * <p>Element {@code [b, (c·kh + i)·kw + j, y·ow + x]} of the columns is image element
 * {@code [b, c, y·stride - padding + i, x·stride - padding + j]}, or zero where that lies in the
 * padding. For each kernel column {@code j} the range of {@code x} that reads inside the image
 * is known before the loop, so the inner loop has no branch; with stride 1 it is one
 * {@code System.arraycopy} (or a stride-1 add) per output row. Nothing is allocated.
 */
public final class Patches {
    private Patches() {
    }

    /** The number of window positions along an axis of {@code size} elements. */
    public static int positions(int size, int k, int stride, int padding) {
        return (size + 2 * padding - k) / stride + 1;
    }

    /** The first window position {@code x} whose element {@code x·stride - padding + j} is inside the image. */
    static int first(int j, int stride, int padding, int out) {
        return Math.min(out, Math.max(0, Math.floorDiv(padding - j + stride - 1, stride)));
    }

    /** One past the last window position whose element is inside an axis of {@code size}. */
    static int last(int j, int stride, int padding, int size, int out, int first) {
        return Math.max(first, Math.min(out, Math.floorDiv(size - 1 + padding - j, stride) + 1));
    }

    /** Image batch to columns (f32); see the class comment. Overwrites all of {@code cols}' first n·channels·kh·kw·oh·ow elements. */
    public static void im2col(float[] img, float[] cols, int n, int channels, int h, int w, int kh, int kw,
            int stride, int padding) {
        int oh = positions(h, kh, stride, padding);
        int ow = positions(w, kw, stride, padding);
        int row = 0;
        for (int plane = 0; plane < n * channels; plane++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, row++) {
                    int lo = first(j, stride, padding, ow);
                    int hi = last(j, stride, padding, w, ow, lo);
                    for (int y = 0; y < oh; y++) {
                        int dst = (row * oh + y) * ow;
                        int iy = y * stride - padding + i;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(cols, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = (plane * h + iy) * w - padding + j;
                        java.util.Arrays.fill(cols, dst, dst + lo, 0f);
                        if (stride == 1) {
                            System.arraycopy(img, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int x = lo; x < hi; x++) {
                                cols[dst + x] = img[src + x * stride];
                            }
                        }
                        java.util.Arrays.fill(cols, dst + hi, dst + ow, 0f);
                    }
                }
            }
        }
    }

    /** Image batch to columns (f64). */
    public static void im2col(double[] img, double[] cols, int n, int channels, int h, int w, int kh, int kw,
            int stride, int padding) {
        int oh = positions(h, kh, stride, padding);
        int ow = positions(w, kw, stride, padding);
        int row = 0;
        for (int plane = 0; plane < n * channels; plane++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, row++) {
                    int lo = first(j, stride, padding, ow);
                    int hi = last(j, stride, padding, w, ow, lo);
                    for (int y = 0; y < oh; y++) {
                        int dst = (row * oh + y) * ow;
                        int iy = y * stride - padding + i;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(cols, dst, dst + ow, 0d);
                            continue;
                        }
                        int src = (plane * h + iy) * w - padding + j;
                        java.util.Arrays.fill(cols, dst, dst + lo, 0d);
                        if (stride == 1) {
                            System.arraycopy(img, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int x = lo; x < hi; x++) {
                                cols[dst + x] = img[src + x * stride];
                            }
                        }
                        java.util.Arrays.fill(cols, dst + hi, dst + ow, 0d);
                    }
                }
            }
        }
    }

    /**
     * Columns back to the image batch (f32), the adjoint of {@link #im2col(float[], float[], int,
     * int, int, int, int, int, int, int)}: zeroes the image, then adds every column element to the
     * image element it was taken from (overlapping windows add up; padding is dropped).
     */
    public static void col2im(float[] cols, float[] img, int n, int channels, int h, int w, int kh, int kw,
            int stride, int padding) {
        int oh = positions(h, kh, stride, padding);
        int ow = positions(w, kw, stride, padding);
        java.util.Arrays.fill(img, 0, n * channels * h * w, 0f);
        int row = 0;
        for (int plane = 0; plane < n * channels; plane++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, row++) {
                    int lo = first(j, stride, padding, ow);
                    int hi = last(j, stride, padding, w, ow, lo);
                    for (int y = 0; y < oh; y++) {
                        int iy = y * stride - padding + i;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = (row * oh + y) * ow;
                        int dst = (plane * h + iy) * w - padding + j;
                        if (stride == 1) {
                            for (int x = lo; x < hi; x++) {
                                img[dst + x] += cols[src + x];
                            }
                        } else {
                            for (int x = lo; x < hi; x++) {
                                img[dst + x * stride] += cols[src + x];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Columns back to the image batch (f64); see the f32 version. */
    public static void col2im(double[] cols, double[] img, int n, int channels, int h, int w, int kh, int kw,
            int stride, int padding) {
        int oh = positions(h, kh, stride, padding);
        int ow = positions(w, kw, stride, padding);
        java.util.Arrays.fill(img, 0, n * channels * h * w, 0d);
        int row = 0;
        for (int plane = 0; plane < n * channels; plane++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, row++) {
                    int lo = first(j, stride, padding, ow);
                    int hi = last(j, stride, padding, w, ow, lo);
                    for (int y = 0; y < oh; y++) {
                        int iy = y * stride - padding + i;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = (row * oh + y) * ow;
                        int dst = (plane * h + iy) * w - padding + j;
                        if (stride == 1) {
                            for (int x = lo; x < hi; x++) {
                                img[dst + x] += cols[src + x];
                            }
                        } else {
                            for (int x = lo; x < hi; x++) {
                                img[dst + x * stride] += cols[src + x];
                            }
                        }
                    }
                }
            }
        }
    }
}

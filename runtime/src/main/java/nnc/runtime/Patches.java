package nnc.runtime;

/**
 * The data movement of convolution and pooling, called by generated classes (the compiler's
 * {@code IM2COL} and {@code COL2IM} kernels): an image batch {@code [n, channels, h, w]} to the
 * columns {@code [n, channels·kh·kw, oh·ow]} a matrix product consumes, and back.
 *
 * <p>Element {@code [b, (c·kh + i)·kw + j, y·ow + x]} of the columns is image element
 * {@code [b, c, y·stride - padding + i, x·stride - padding + j]}, or zero where that lies in the
 * padding. For each kernel position {@code (i, j)} the window positions that read inside the
 * image form a rectangle known before the loops ({@link #first}, {@link #last}), so the inner
 * loop is a branch-free copy (or add) of one output row; a block that touches the padding is
 * zeroed first. Images are small, so plain loops beat {@code System.arraycopy} and
 * {@code Arrays.fill} calls per row. Nothing is allocated.
 */
public final class Patches {
    private Patches() {
    }

    /** The number of window positions along an axis of {@code size} elements. */
    public static int positions(int size, int k, int stride, int padding) {
        return (size + 2 * padding - k) / stride + 1;
    }

    /** The first window position whose element {@code position·stride - padding + j} is inside the axis. */
    static int first(int j, int stride, int padding, int out) {
        return padding <= j ? 0 : Math.min(out, (padding - j + stride - 1) / stride);
    }

    /** One past the last window position whose element is inside an axis of {@code size}. */
    static int last(int j, int stride, int padding, int size, int out, int first) {
        int reach = size - 1 + padding - j;
        return reach < 0 ? first : Math.max(first, Math.min(out, reach / stride + 1));
    }

    /** Image batch to columns (f32); see the class comment. */
    public static void im2col(float[] img, float[] cols, int n, int channels, int h, int w, int kh, int kw,
            int stride, int padding) {
        int oh = positions(h, kh, stride, padding);
        int ow = positions(w, kw, stride, padding);
        int block = oh * ow;
        int row = 0;
        for (int plane = 0; plane < n * channels; plane++) {
            int base = plane * h * w;
            for (int i = 0; i < kh; i++) {
                int top = first(i, stride, padding, oh);
                int bottom = last(i, stride, padding, h, oh, top);
                for (int j = 0; j < kw; j++, row++) {
                    int lo = first(j, stride, padding, ow);
                    int hi = last(j, stride, padding, w, ow, lo);
                    int start = row * block;
                    if (top > 0 || bottom < oh || lo > 0 || hi < ow) {
                        for (int k = 0; k < block; k++) {
                            cols[start + k] = 0f;
                        }
                    }
                    for (int y = top; y < bottom; y++) {
                        int dst = start + y * ow;
                        int src = base + (y * stride - padding + i) * w - padding + j;
                        for (int x = lo; x < hi; x++) {
                            cols[dst + x] = img[src + x * stride];
                        }
                    }
                }
            }
        }
    }

    /** Image batch to columns (f64); see the class comment. */
    public static void im2col(double[] img, double[] cols, int n, int channels, int h, int w, int kh, int kw,
            int stride, int padding) {
        int oh = positions(h, kh, stride, padding);
        int ow = positions(w, kw, stride, padding);
        int block = oh * ow;
        int row = 0;
        for (int plane = 0; plane < n * channels; plane++) {
            int base = plane * h * w;
            for (int i = 0; i < kh; i++) {
                int top = first(i, stride, padding, oh);
                int bottom = last(i, stride, padding, h, oh, top);
                for (int j = 0; j < kw; j++, row++) {
                    int lo = first(j, stride, padding, ow);
                    int hi = last(j, stride, padding, w, ow, lo);
                    int start = row * block;
                    if (top > 0 || bottom < oh || lo > 0 || hi < ow) {
                        for (int k = 0; k < block; k++) {
                            cols[start + k] = 0d;
                        }
                    }
                    for (int y = top; y < bottom; y++) {
                        int dst = start + y * ow;
                        int src = base + (y * stride - padding + i) * w - padding + j;
                        for (int x = lo; x < hi; x++) {
                            cols[dst + x] = img[src + x * stride];
                        }
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
        int block = oh * ow;
        for (int k = 0, size = n * channels * h * w; k < size; k++) {
            img[k] = 0f;
        }
        int row = 0;
        for (int plane = 0; plane < n * channels; plane++) {
            int base = plane * h * w;
            for (int i = 0; i < kh; i++) {
                int top = first(i, stride, padding, oh);
                int bottom = last(i, stride, padding, h, oh, top);
                for (int j = 0; j < kw; j++, row++) {
                    int lo = first(j, stride, padding, ow);
                    int hi = last(j, stride, padding, w, ow, lo);
                    for (int y = top; y < bottom; y++) {
                        int src = row * block + y * ow;
                        int dst = base + (y * stride - padding + i) * w - padding + j;
                        for (int x = lo; x < hi; x++) {
                            img[dst + x * stride] += cols[src + x];
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
        int block = oh * ow;
        for (int k = 0, size = n * channels * h * w; k < size; k++) {
            img[k] = 0d;
        }
        int row = 0;
        for (int plane = 0; plane < n * channels; plane++) {
            int base = plane * h * w;
            for (int i = 0; i < kh; i++) {
                int top = first(i, stride, padding, oh);
                int bottom = last(i, stride, padding, h, oh, top);
                for (int j = 0; j < kw; j++, row++) {
                    int lo = first(j, stride, padding, ow);
                    int hi = last(j, stride, padding, w, ow, lo);
                    for (int y = top; y < bottom; y++) {
                        int src = row * block + y * ow;
                        int dst = base + (y * stride - padding + i) * w - padding + j;
                        for (int x = lo; x < hi; x++) {
                            img[dst + x * stride] += cols[src + x];
                        }
                    }
                }
            }
        }
    }
}

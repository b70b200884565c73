package nnc.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST ({@code train-images-idx3-ubyte}), plain or gzip-compressed
 * (recognized by content, not by name). An IDX file is two zero bytes, a type byte (0x08 ubyte,
 * 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), a dimension count, that many
 * big-endian 32-bit sizes, then the big-endian values.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /**
     * An IDX array.
     *
     * @param dims   the sizes, outermost (the sample count) first
     * @param values every value, row-major
     */
    public record IdxArray(int[] dims, double[] values) {
        /** Values per sample: the product of every dimension after the first. */
        public int rowWidth() {
            return Arrays.stream(dims).skip(1).reduce(1, (a, b) -> a * b);
        }
    }

    /**
     * Reads images and labels into a dataset for {@code spec}. With {@code unitScale}, unsigned
     * byte images are divided by 255 (the usual MNIST preprocessing).
     *
     * @throws DataFormatException if a file is malformed, the counts differ, an image does not
     *     have the model's feature count, or a label is out of range
     */
    public static Dataset read(Path images, Path labels, DataSpec spec, boolean unitScale) {
        IdxArray x = read(images);
        IdxArray y = read(labels);
        if (x.dims()[0] != y.dims()[0]) {
            throw new DataFormatException(labels, "has " + y.dims()[0] + " labels, but " + images + " has "
                    + x.dims()[0] + " images");
        }
        if (x.rowWidth() != spec.features()) {
            throw new DataFormatException(images, "images are " + shape(x.dims()) + " = " + x.rowWidth()
                    + " features each, but model input " + spec.input() + " needs " + spec.features());
        }
        double[] xv = x.values();
        if (unitScale) {
            for (int i = 0; i < xv.length; i++) {
                xv[i] /= 255.0;
            }
        }
        Column input = Column.of(spec.input().name(), spec.input().dtype(), x.rowWidth(), xv);
        return new Dataset(List.of(input), List.of(target(labels, y, spec)));
    }

    private static Column target(Path file, IdxArray y, DataSpec spec) {
        var t = spec.target().orElseThrow(() -> new DataFormatException(file, "the model has no target to feed labels to"));
        int classes = spec.classes();
        if (classes == 0 || y.rowWidth() != 1) {
            throw new DataFormatException(file, "holds labels of shape " + shape(y.dims())
                    + ", but the model's target " + t + " is not a class label or one-hot target");
        }
        int n = y.dims()[0];
        double[] out = new double[spec.intLabels() ? n : n * classes];
        for (int i = 0; i < n; i++) {
            double v = y.values()[i];
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new DataFormatException(file, "label " + v + " of sample " + i + " is not a class index in 0.."
                        + (classes - 1) + "; the model's output has " + classes + " classes");
            }
            if (spec.intLabels()) {
                out[i] = v;
            } else {
                out[i * classes + (int) v] = 1;
            }
        }
        return Column.of(t.name(), t.dtype(), spec.intLabels() ? 1 : classes, out);
    }

    /** Reads one IDX file. */
    public static IdxArray read(Path file) {
        try (DataInputStream in = new DataInputStream(open(file))) {
            int zero = in.readUnsignedShort(), type = in.readUnsignedByte(), rank = in.readUnsignedByte();
            checkType(file, zero, type);
            if (rank == 0) {
                throw new DataFormatException(file, "IDX header declares 0 dimensions");
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int d = 0; d < rank; d++) {
                dims[d] = in.readInt();
                count *= dims[d];
                if (dims[d] < 0 || count > Integer.MAX_VALUE) {
                    throw new DataFormatException(file, "IDX dimension " + d + " is " + Integer.toUnsignedString(dims[d])
                            + "; the array is too large or the file is corrupt");
                }
            }
            double[] values = new double[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = readValue(in, type);
            }
            if (in.read() >= 0) {
                throw new DataFormatException(file, "has bytes after the " + count + " values its header "
                        + shape(dims) + " declares");
            }
            return new IdxArray(dims, values);
        } catch (EOFException e) {
            throw new DataFormatException(file, "is truncated: it ends before the values its header declares");
        } catch (ZipException e) {
            throw new DataFormatException(file, "is a corrupt gzip file: " + e.getMessage());
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot be read: " + e.getMessage());
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read(), b2 = raw.read();
        raw.reset();
        return b1 == 0x1F && b2 == 0x8B ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    private static void checkType(Path file, int zero, int type) {
        if (zero != 0) {
            throw new DataFormatException(file, "is not an IDX file: it must start with two zero bytes");
        }
        switch (type) {
            case 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E -> { }
            default -> throw new DataFormatException(file, "has unknown IDX type byte 0x" + Integer.toHexString(type)
                    + "; expected 08, 09, 0B, 0C, 0D or 0E");
        }
    }

    private static double readValue(DataInputStream in, int type) throws IOException {
        return switch (type) {
            case 0x08 -> in.readUnsignedByte();
            case 0x09 -> in.readByte();
            case 0x0B -> in.readShort();
            case 0x0C -> in.readInt();
            case 0x0D -> in.readFloat();
            default -> in.readDouble();
        };
    }

    private static String shape(int[] dims) {
        return Arrays.toString(dims);
    }
}

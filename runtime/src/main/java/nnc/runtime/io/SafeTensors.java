package nnc.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.DType;

/**
 * Reads and writes the safetensors format (huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of UTF-8 JSON mapping tensor names to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional string map
 * {@code "__metadata__"}, then the little-endian, row-major data of every tensor.
 *
 * <p>{@link #readHeader(Path)} validates everything about the file before any data is read:
 * length fields, the 100 MB header cap, strict JSON, dtype strings, shapes, that every tensor's
 * byte range matches shape × element size, and that the ranges are in bounds, do not overlap,
 * leave no gaps and cover the data exactly. {@link #write} is atomic.
 */
public final class SafeTensors {
    /** The largest header this reader accepts, as the reference implementation. */
    public static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final int CHUNK = 1 << 20;

    private SafeTensors() {
    }

    /**
     * One tensor in a header.
     *
     * @param name  the key
     * @param dtype the dtype string, e.g. {@code F32}
     * @param shape the dimensions
     * @param begin first byte, relative to the data section
     * @param end   one past the last byte, relative to the data section
     */
    public record Entry(String name, String dtype, List<Long> shape, long begin, long end) {
        public Entry {
            shape = List.copyOf(shape);
        }

        /** Shape rendered as {@code [2, 3]}. */
        public String shapeText() {
            return shape.toString();
        }
    }

    /**
     * A validated header.
     *
     * @param metadata  the {@code __metadata__} map (empty if absent)
     * @param entries   tensors in header order
     * @param dataStart file offset of the data section (8 + N)
     */
    public record Header(Map<String, String> metadata, List<Entry> entries, long dataStart) {
        public Header {
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            entries = List.copyOf(entries);
        }
    }

    /**
     * A tensor to write.
     *
     * @param name  the key
     * @param dtype the element type
     * @param shape the dimensions; their product is the array's length
     * @param array a {@code float[]}, {@code double[]} or {@code int[]}
     */
    public record Tensor(String name, DType dtype, int[] shape, Object array) {
    }

    /** Reads and validates the header of {@code file}; see the class comment for the checks. */
    public static Header readHeader(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointException(file, "truncated: " + size + " bytes, but a safetensors file starts with"
                        + " an 8-byte header length; the file was cut off or is not a checkpoint");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, file);
            long n = len.getLong(0);
            if (n < 0 || n > MAX_HEADER) {
                throw new CheckpointException(file, "header length " + Long.toUnsignedString(n) + " bytes exceeds the "
                        + MAX_HEADER + "-byte limit; the file is corrupt or not safetensors");
            }
            if (8 + n > size) {
                throw new CheckpointException(file, "header length " + n + " runs past the end of the file (" + size
                        + " bytes); the file was cut off");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8, file);
            return HeaderParser.parse(file, decode(file, header.array()), 8 + n, size - 8 - n);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read", e);
        }
    }

    /**
     * Reads the data of {@code entry} into {@code array}, whose type must match the entry's dtype
     * ({@code F32} → {@code float[]}, {@code F64} → {@code double[]}, {@code I32} → {@code int[]})
     * and whose length must be the number of elements. The caller has checked both.
     */
    public static void readData(Path file, Header header, Entry entry, Object array) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            long pos = header.dataStart() + entry.begin();
            long end = header.dataStart() + entry.end();
            int element = 0;
            while (pos < end) {
                buf.clear().limit((int) Math.min(CHUNK, end - pos));
                readFully(ch, buf, pos, file);
                pos += buf.limit();
                buf.flip();
                element += copyOut(buf, array, element);
            }
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read tensor '" + entry.name() + "'", e);
        }
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file} atomically: to a temporary file
     * in the same directory, forced to disk, then renamed over {@code file}. On failure the old
     * file, if any, is untouched and the temporary file is removed.
     */
    public static void write(Path file, Map<String, String> metadata, List<Tensor> tensors) {
        byte[] header = HeaderParser.render(metadata, tensors);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(header.length);
                flush(ch, buf);
                ch.write(ByteBuffer.wrap(header));
                for (Tensor t : tensors) {
                    writeArray(ch, buf, t.array());
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write the checkpoint; the previous file, if any, is unchanged", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    static int elementSize(String dtype) {
        return switch (dtype) {
            case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3" -> 1;
            case "I16", "U16", "F16", "BF16" -> 2;
            case "I32", "U32", "F32" -> 4;
            case "I64", "U64", "F64" -> 8;
            default -> -1;
        };
    }

    private static String decode(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "header is not valid UTF-8; the file is corrupt");
        }
    }

    private static int copyOut(ByteBuffer buf, Object array, int at) {
        if (array instanceof float[] f) {
            int n = buf.remaining() / 4;
            buf.asFloatBuffer().get(f, at, n);
            return n;
        } else if (array instanceof double[] d) {
            int n = buf.remaining() / 8;
            buf.asDoubleBuffer().get(d, at, n);
            return n;
        }
        int n = buf.remaining() / 4;
        buf.asIntBuffer().get((int[]) array, at, n);
        return n;
    }

    private static void writeArray(FileChannel ch, ByteBuffer buf, Object array) throws IOException {
        int length = java.lang.reflect.Array.getLength(array);
        int per = array instanceof double[] ? CHUNK / 8 : CHUNK / 4;
        for (int at = 0; at < length; at += per) {
            int n = Math.min(per, length - at);
            buf.clear();
            if (array instanceof float[] f) {
                buf.asFloatBuffer().put(f, at, n);
                buf.position(n * 4);
            } else if (array instanceof double[] d) {
                buf.asDoubleBuffer().put(d, at, n);
                buf.position(n * 8);
            } else {
                buf.asIntBuffer().put((int[]) array, at, n);
                buf.position(n * 4);
            }
            flush(ch, buf);
        }
    }

    private static void flush(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new CheckpointException(file, "truncated: the file ended at byte " + pos);
            }
            pos += r;
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file is hidden and named *.tmp; nothing else to do
            }
        }
    }

    /** Collects entries and metadata while parsing; see {@link HeaderParser}. */
    static List<Entry> sortedByBegin(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(java.util.Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        return sorted;
    }
}

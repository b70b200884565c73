package nnc.runtime.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a safetensors header into validated entries, and entries into header bytes. */
final class HeaderParser {
    private static final String METADATA = "__metadata__";

    private HeaderParser() {
    }

    static SafeTensors.Header parse(Path file, String text, long dataStart, long dataLength) {
        Json root;
        try {
            root = Json.parse(text);
        } catch (JsonException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Json.Obj obj)) {
            throw new CheckpointException(file, "header must be a JSON object, got " + root.kind());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafeTensors.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Json> m : obj.members().entrySet()) {
            if (m.getKey().equals(METADATA)) {
                metadata.putAll(metadata(file, m.getValue()));
            } else {
                entries.add(entry(file, m.getKey(), m.getValue(), dataLength));
            }
        }
        checkLayout(file, entries, dataLength);
        return new SafeTensors.Header(metadata, entries, dataStart);
    }

    private static Map<String, String> metadata(Path file, Json value) {
        if (!(value instanceof Json.Obj obj)) {
            throw new CheckpointException(file, "__metadata__ must be an object of strings, got " + value.kind());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Json> e : obj.members().entrySet()) {
            if (!(e.getValue() instanceof Json.Str s)) {
                throw new CheckpointException(file, "__metadata__ value of \"" + e.getKey() + "\" must be a string, got "
                        + e.getValue().kind());
            }
            out.put(e.getKey(), s.value());
        }
        return out;
    }

    private static SafeTensors.Entry entry(Path file, String name, Json value, long dataLength) {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Json.Obj obj)) {
            throw new CheckpointException(file, where + " must be an object with dtype, shape and data_offsets, got "
                    + value.kind());
        }
        for (String key : obj.members().keySet()) {
            if (!List.of("dtype", "shape", "data_offsets").contains(key)) {
                throw new CheckpointException(file, where + " has unknown field \"" + key + "\"");
            }
        }
        if (!(obj.members().get("dtype") instanceof Json.Str dtype)) {
            throw new CheckpointException(file, where + " needs a string dtype");
        }
        int size = SafeTensors.elementSize(dtype.value());
        if (size < 0) {
            throw new CheckpointException(file, where + " has unknown dtype \"" + dtype.value()
                    + "\"; expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
        }
        List<Long> shape = longs(file, where, "shape", obj.members().get("shape"), -1);
        List<Long> offsets = longs(file, where, "data_offsets", obj.members().get("data_offsets"), 2);
        long begin = offsets.get(0), end = offsets.get(1);
        if (begin > end) {
            throw new CheckpointException(file, where + " has data_offsets [" + begin + ", " + end + "] with begin > end");
        }
        if (end > dataLength) {
            throw new CheckpointException(file, where + " has data_offsets [" + begin + ", " + end
                    + "] past the end of the data (" + dataLength + " bytes); the file was cut off or is corrupt");
        }
        BigInteger bytes = BigInteger.valueOf(size);
        for (long d : shape) {
            bytes = bytes.multiply(BigInteger.valueOf(d));
        }
        if (!bytes.equals(BigInteger.valueOf(end - begin))) {
            throw new CheckpointException(file, where + " is " + dtype.value() + shape + ", which needs " + bytes
                    + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new SafeTensors.Entry(name, dtype.value(), shape, begin, end);
    }

    private static List<Long> longs(Path file, String where, String key, Json value, int count) {
        if (!(value instanceof Json.Arr arr) || (count >= 0 && arr.items().size() != count)) {
            throw new CheckpointException(file, where + " needs \"" + key + "\" as an array of "
                    + (count >= 0 ? count + " " : "") + "non-negative integers");
        }
        List<Long> out = new ArrayList<>();
        for (Json item : arr.items()) {
            if (!(item instanceof Json.Num n) || !n.isInteger() || n.text().startsWith("-")) {
                throw new CheckpointException(file, where + " has " + key + " entry " + Json.write(item)
                        + "; expected a non-negative integer");
            }
            try {
                out.add(Long.parseLong(n.text()));
            } catch (NumberFormatException e) {
                throw new CheckpointException(file, where + " has " + key + " entry " + n.text() + ", which is too large");
            }
        }
        return out;
    }

    private static void checkLayout(Path file, List<SafeTensors.Entry> entries, long dataLength) {
        long expected = 0;
        SafeTensors.Entry previous = null;
        for (SafeTensors.Entry e : SafeTensors.sortedByBegin(entries)) {
            if (e.begin() < expected) {
                throw new CheckpointException(file, "tensors '" + previous.name() + "' and '" + e.name()
                        + "' overlap (bytes " + previous.begin() + ".." + previous.end() + " and " + e.begin() + ".."
                        + e.end() + "); the file is corrupt");
            }
            if (e.begin() > expected) {
                throw new CheckpointException(file, "bytes " + expected + ".." + e.begin()
                        + " of the data belong to no tensor; the file is corrupt");
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw new CheckpointException(file, "the data section has " + (dataLength - expected)
                    + " bytes after the last tensor; the file is corrupt");
        }
    }

    static byte[] render(Map<String, String> metadata, List<SafeTensors.Tensor> tensors) {
        Map<String, Json> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, Json> meta = new LinkedHashMap<>();
            metadata.forEach((k, v) -> meta.put(k, new Json.Str(v)));
            root.put(METADATA, new Json.Obj(meta));
        }
        long offset = 0;
        for (SafeTensors.Tensor t : tensors) {
            long bytes = (long) java.lang.reflect.Array.getLength(t.array()) * t.dtype().bytes();
            Map<String, Json> entry = new LinkedHashMap<>();
            entry.put("dtype", new Json.Str(t.dtype().safetensorsName()));
            entry.put("shape", Json.ints(java.util.Arrays.stream(t.shape()).asLongStream().toArray()));
            entry.put("data_offsets", Json.ints(offset, offset + bytes));
            if (root.put(t.name(), new Json.Obj(entry)) != null) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
            offset += bytes;
        }
        byte[] json = Json.write(new Json.Obj(root)).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}

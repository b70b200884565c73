package nnc.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import nnc.runtime.DType;
import nnc.runtime.testing.HandMlp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Broken data files: each gets a {@link DataFormatException} whose message starts with
 * {@code file:line:column:} (text) or {@code file:} (binary) and says what is wrong; the file is
 * not modified. The model takes 2 features and integer labels of 3 classes.
 */
class BrokenDataCorpusTest {
    @TempDir
    static Path dir;

    private static final DataSpec SPEC = CsvReaderTest.spec(DType.F32, 2, 3, HandMlp.Head.SOFTMAX_INT);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "ragged row, too few     | a,b,y\\n1,2,0\\n3,4\\n       | 3:4   | row has 2 fields, but the header (line 1) has 3",
        "ragged row, too many    | 1,2,0\\n3,4,1,9\\n          | 2:7   | row has 4 fields, but the first row (line 1) has 3",
        "not a number            | a,b,y\\n1,2,0\\n3,x4,1\\n    | 3:3   | 'x4' is not a number (column 2 \"b\")",
        "empty field             | a,b,y\\n1,,0\\n              | 2:3   | empty field (column 2 \"b\")",
        "NaN value               | a,b,y\\n1,NaN,0\\n           | 2:3   | 'NaN' is not a number",
        "infinite value          | a,b,y\\n1,1e999,0\\n         | 2:3   | '1e999' is not a number",
        "hex value               | a,b,y\\n1,0x10,0\\n          | 2:3   | '0x10' is not a number",
        "label out of range      | a,b,y\\n1,2,0\\n1,2,3\\n     | 3:5   | label 3 (column 3 \"y\") is not a class index in 0..2",
        "negative label          | 1,2,-1\\n                   | 1:5   | label -1 (column 3) is not a class index",
        "fractional label        | a,b,y\\n1,2,0.5\\n           | 2:5   | label 0.5",
        "too few features        | a,y\\n1,0\\n                 | 2:1   | rows have 1 feature column(s), but model input x: f32[batch, 2] needs 2",
        "too many features       | a,b,c,y\\n1,2,3,0\\n         | 2:1   | rows have 3 feature column(s)",
        "too few fields, no header  | 1,0\\n                  | 1:1   | rows have 2 fields, but model input x: f32[batch, 2] needs 2 features plus 1 label column",
        "too many fields, no header | 1,2,3,0\\n              | 1:1   | rows have 4 fields",
        "header only             | a,b,y\\n                    | 0:0   | the file has a header but no data rows",
        "empty file              | ``                          | 0:0   | the file has no rows",
        "spaces inside a number  | a,b,y\\n1,2 5,0\\n           | 2:3   | '2 5' is not a number"})
    void brokenCsv(String name, String text, String where, String message) throws IOException {
        Path f = dir.resolve(name.replaceAll("[^a-z]+", "-") + ".csv");
        byte[] bytes = text.replace("\\n", "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(f, bytes);
        CsvOptions options = CsvOptions.defaults();
        String prefix = where.equals("0:0") ? f + ": " : f + ":" + where + ": ";
        assertThatThrownBy(() -> CsvReader.read(f, SPEC, options)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(prefix).hasMessageContaining(message);
        assertThat(Files.readAllBytes(f)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad magic        | 01000801000000020102     | 00000801000000020102 | must start with two zero bytes",
        "unknown type     | 00000701000000020102     | 00000801000000020102 | unknown IDX type byte 0x7",
        "truncated images | 0000080200000002000000020102 | 00000801000000020102 | is truncated",
        "trailing bytes   | 000008020000000200000002010203040506 | 00000801000000020102 | has bytes after the 4 values",
        "count mismatch   | 00000802000000020000000201020304 | 0000080100000003010200 | has 3 labels, but",
        "wrong features   | 000008020000000100000003010203 | 000008010000000100 | images are [1, 3] = 3 features each",
        "label too large  | 0000080200000001000000020102 | 000008010000000107 | label 7.0 of sample 0 is not a class index in 0..2",
        "corrupt gzip     | 1f8b0800000000000000ffff | 000008010000000100 | corrupt gzip"})
    void brokenIdx(String name, String images, String labels, String message) throws IOException {
        Path x = dir.resolve(name.replace(' ', '-') + "-images.idx"), y = dir.resolve(name.replace(' ', '-') + "-labels.idx");
        Files.write(x, hex(images));
        Files.write(y, hex(labels));
        assertThatThrownBy(() -> IdxReader.read(x, y, SPEC, true)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(e.getMessage()).matches("^/.*idx: .*"));
        assertThat(Files.readAllBytes(x)).isEqualTo(hex(images));
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
            z.write(data);
        }
        return bytes.toByteArray();
    }

    static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(payload).array();
    }
}

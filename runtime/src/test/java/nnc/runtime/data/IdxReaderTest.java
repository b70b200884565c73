package nnc.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import nnc.runtime.DType;
import nnc.runtime.testing.HandMlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsMnistStyleUbyteImagesAndLabelsPlainAndGzipped() throws IOException {
        byte[] images = BrokenDataCorpusTest.idx(0x08, new int[] {3, 2, 2},
                new byte[] {0, (byte) 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8});
        byte[] labels = BrokenDataCorpusTest.idx(0x08, new int[] {3}, new byte[] {2, 0, 1});
        Path x = dir.resolve("images-idx3-ubyte"), y = dir.resolve("labels-idx1-ubyte.gz");
        Files.write(x, images);
        Files.write(y, BrokenDataCorpusTest.gzip(labels));
        DataSpec spec = CsvReaderTest.spec(DType.F32, 4, 3, HandMlp.Head.SOFTMAX_INT);
        Dataset d = IdxReader.read(x, y, spec, true);
        assertThat(d.rows()).isEqualTo(3);
        assertThat(((float[]) d.inputs().get(0).data())[1]).isEqualTo(1f);
        assertThat(((float[]) d.inputs().get(0).data())[2]).isEqualTo((float) (51 / 255.0));
        assertThat((int[]) d.targets().get(0).data()).containsExactly(2, 0, 1);
        DataSpec oneHot = CsvReaderTest.spec(DType.F64, 4, 3, HandMlp.Head.SOFTMAX_ONEHOT);
        assertThat((double[]) IdxReader.read(x, y, oneHot, false).targets().get(0).data())
                .containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0);
    }

    @Test
    void readsOtherElementTypesBigEndian() throws IOException {
        ByteBuffer payload = ByteBuffer.allocate(16).putFloat(1.5f).putFloat(-2f).putInt(0).putInt(0);
        Path f = dir.resolve("f.idx");
        Files.write(f, BrokenDataCorpusTest.idx(0x0D, new int[] {2}, java.util.Arrays.copyOf(payload.array(), 8)));
        IdxReader.IdxArray a = IdxReader.read(f);
        assertThat(a.values()).containsExactly(1.5, -2);
        Files.write(f, BrokenDataCorpusTest.idx(0x0B, new int[] {1, 2}, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 7}));
        assertThat(IdxReader.read(f).values()).containsExactly(-2, 7);
        assertThat(IdxReader.read(f).rowWidth()).isEqualTo(2);
    }
}

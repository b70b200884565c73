package nnc.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import nnc.runtime.ConfigException;
import nnc.runtime.DType;
import nnc.runtime.testing.HandMlp;
import org.junit.jupiter.api.Test;

class BatcherTest {

    static Dataset numbered(DType dtype, int rows) {
        double[] x = new double[rows * 2];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            x[2 * r] = r;
            x[2 * r + 1] = -r;
            y[r] = r % 3;
        }
        return new Dataset(List.of(Column.of("x", dtype, 2, x)), List.of(Column.of("y", DType.I32, 1, y)));
    }

    @Test
    void everyRowOncePerEpochInASeededOrder() {
        HandMlp m = new HandMlp(DType.F32, 2, 2, 3, HandMlp.Head.SOFTMAX_INT, 4, 1);
        Batcher b = new Batcher(numbered(DType.F32, 10), m, 4, 99, true);
        assertThat(b.batchesPerEpoch()).isEqualTo(3);
        List<Integer> epoch0 = epoch(b, m, 0), epoch1 = epoch(b, m, 1);
        assertThat(epoch0).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(epoch1).containsExactlyInAnyOrderElementsOf(epoch0).isNotEqualTo(epoch0);
        Batcher again = new Batcher(numbered(DType.F32, 10), m, 4, 99, true);
        assertThat(epoch(again, m, 1)).isEqualTo(epoch1);
        assertThat(epoch(new Batcher(numbered(DType.F32, 10), m, 4, 0, false), m, 5)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    /** Row ids read back from the model's arrays, checking targets travel with their inputs. */
    private static List<Integer> epoch(Batcher b, HandMlp m, long e) {
        b.startEpoch(e);
        List<Integer> seen = new ArrayList<>();
        int n;
        while ((n = b.next()) > 0) {
            for (int k = 0; k < n; k++) {
                int id = (int) ((float[]) m.input(0))[2 * k];
                assertThat(((float[]) m.input(0))[2 * k + 1]).isEqualTo(-id);
                assertThat(((int[]) m.target(0))[k]).isEqualTo(id % 3);
                seen.add(id);
            }
        }
        return seen;
    }

    @Test
    void rejectsDataThatDoesNotFitTheModel() {
        HandMlp m = new HandMlp(DType.F32, 2, 2, 3, HandMlp.Head.SOFTMAX_INT, 4, 1);
        assertThatThrownBy(() -> new Batcher(numbered(DType.F64, 10), m, 4, 1, true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("data column x is f64 with 2 values per row, but model input x: f32[batch, 2] needs f32");
        assertThatThrownBy(() -> new Batcher(numbered(DType.F32, 10), m, 5, 1, true)).hasMessageContaining("batch size 5 must be in 1..4");
    }

    @Test
    void batchingAllocatesNothing() {
        HandMlp m = new HandMlp(DType.F32, 2, 2, 3, HandMlp.Head.SOFTMAX_INT, 4, 1);
        Batcher b = new Batcher(numbered(DType.F32, 1000), m, 4, 1, true);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            b.startEpoch(warm);
            while (b.next() > 0) {
                // warm up
            }
        }
        b.startEpoch(7);
        long before = bean.getCurrentThreadAllocatedBytes();
        int batches = 0;
        while (b.next() > 0) {
            batches++;
        }
        long after = bean.getCurrentThreadAllocatedBytes();
        assertThat(batches).isEqualTo(250);
        assertThat(after - before).isZero();
    }
}

package nnc.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nnc.runtime.ConfigException;
import nnc.runtime.DType;
import nnc.runtime.testing.HandMlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    static DataSpec spec(DType dtype, int features, int classes, HandMlp.Head head) {
        return DataSpec.of(new HandMlp(dtype, features, 2, classes, head, 4, 1).signature());
    }

    Path csv(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void headerDetectedAndLastColumnIsTheTargetByDefault() throws IOException {
        Path f = csv("xor.csv", "x1,x2,label\n0,0,0\n0,1,1\n\n1,0,1\n1,1,0\n");
        Dataset d = CsvReader.read(f, spec(DType.F32, 2, 1, HandMlp.Head.SIGMOID_BCE), CsvOptions.defaults());
        assertThat(d.rows()).isEqualTo(4);
        assertThat((float[]) d.inputs().get(0).data()).containsExactly(0, 0, 0, 1, 1, 0, 1, 1);
        assertThat((float[]) d.targets().get(0).data()).containsExactly(0, 1, 1, 0);
    }

    @Test
    void targetColumnByModelNameByLabelNameAndByIndex() throws IOException {
        Path f = csv("a.csv", "y,a,b\n2,0.5,1.5\n0,-1,2\n");
        DataSpec s = spec(DType.F64, 2, 3, HandMlp.Head.SOFTMAX_INT);
        Dataset byModelName = CsvReader.read(f, s, CsvOptions.defaults());
        assertThat((int[]) byModelName.targets().get(0).data()).containsExactly(2, 0);
        assertThat((double[]) byModelName.inputs().get(0).data()).containsExactly(0.5, 1.5, -1, 2);
        Path g = csv("b.csv", "a,cls,b\n0.5,2,1.5\n-1,0,2\n");
        assertThat((int[]) CsvReader.read(g, s, new CsvOptions("cls", CsvOptions.Header.AUTO)).targets().get(0).data())
                .containsExactly(2, 0);
        assertThat((int[]) CsvReader.read(g, s, new CsvOptions("1", CsvOptions.Header.AUTO)).targets().get(0).data())
                .containsExactly(2, 0);
        assertThatThrownBy(() -> CsvReader.read(g, s, new CsvOptions("klass", CsvOptions.Header.AUTO)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("its columns are a, cls, b");
    }

    @Test
    void noHeaderTakesTheLastKColumnsForAKWideTarget() throws IOException {
        Path f = csv("k.csv", "1,2,0,0,1\n3,4,1,0,0\n");
        Dataset d = CsvReader.read(f, spec(DType.F64, 2, 3, HandMlp.Head.SOFTMAX_ONEHOT), CsvOptions.defaults());
        assertThat((double[]) d.targets().get(0).data()).containsExactly(0, 0, 1, 1, 0, 0);
        assertThat((double[]) d.inputs().get(0).data()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void oneLabelColumnIsOneHotEncodedForAOneHotTarget() throws IOException {
        Path f = csv("l.csv", "1,2,2\n3,4,0\n");
        Dataset d = CsvReader.read(f, spec(DType.F32, 2, 3, HandMlp.Head.SOFTMAX_ONEHOT), CsvOptions.defaults());
        assertThat((float[]) d.targets().get(0).data()).containsExactly(0, 0, 1, 1, 0, 0);
    }

    @Test
    void scalingUsesTrainingStatisticsOnly() throws IOException {
        DataSpec s = spec(DType.F64, 2, 1, HandMlp.Head.SIGMOID_BCE);
        Dataset train = CsvReader.read(csv("t.csv", "a,b,y\n0,10,0\n2,10,1\n4,10,0\n"), s, CsvOptions.defaults());
        Dataset val = CsvReader.read(csv("v.csv", "a,b,y\n8,11,1\n"), s, CsvOptions.defaults());
        Scaler mm = Scaler.fit(Scaler.Kind.MINMAX, train);
        assertThat((double[]) mm.apply(train).inputs().get(0).data()).containsExactly(0, 0, 0.5, 0, 1, 0);
        assertThat((double[]) mm.apply(val).inputs().get(0).data()).containsExactly(2, 1);
        Scaler st = Scaler.fit(Scaler.Kind.STANDARD, train);
        double sd = Math.sqrt(8.0 / 3);
        assertThat(((double[]) st.apply(val).inputs().get(0).data())[0]).isCloseTo((8 - 2) / sd, within(1e-12));
        Scaler back = Scaler.fromMetadata(st.toMetadata(), 2);
        assertThat(back.offset()).containsExactly(st.offset());
        assertThat(back.factor()).containsExactly(st.factor());
        assertThat(Scaler.fromMetadata(Map.of(), 2).kind()).isEqualTo(Scaler.Kind.NONE);
    }

    @Test
    void validationSplitIsSeededAndDisjoint() throws IOException {
        StringBuilder text = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 20; i++) {
            text.append(i).append(',').append(-i).append(',').append(i % 2).append('\n');
        }
        Dataset d = CsvReader.read(csv("s.csv", text.toString()), spec(DType.F64, 2, 1, HandMlp.Head.SIGMOID_BCE),
                CsvOptions.defaults());
        Dataset.Split a = d.split(0.25, 3), b = d.split(0.25, 3);
        assertThat(a.validation().rows()).isEqualTo(5);
        assertThat(a.train().rows()).isEqualTo(15);
        assertThat((double[]) a.validation().inputs().get(0).data()).containsExactly((double[]) b.validation().inputs().get(0).data());
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (Dataset part : java.util.List.of(a.train(), a.validation())) {
            for (int r = 0; r < part.rows(); r++) {
                seen.add(part.inputs().get(0).get(r, 0));
                assertThat(part.inputs().get(0).get(r, 1)).isEqualTo(-part.inputs().get(0).get(r, 0));
            }
        }
        assertThat(seen).hasSize(20);
    }
}

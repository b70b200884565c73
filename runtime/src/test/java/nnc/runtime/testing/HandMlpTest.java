package nnc.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import nnc.runtime.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-written test model's analytic gradients agree with central finite differences. */
class HandMlpTest {

    @ParameterizedTest
    @EnumSource(HandMlp.Head.class)
    void gradientsMatchFiniteDifferences(HandMlp.Head head) {
        int classes = head == HandMlp.Head.SIGMOID_BCE ? 1 : 3;
        HandMlp m = new HandMlp(DType.F64, 3, 4, classes, head, 5, 9);
        SplittableRandom rnd = new SplittableRandom(1);
        double[] x = (double[]) m.input(0);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble(-1, 1);
        }
        for (int r = 0; r < 5; r++) {
            switch (head) {
                case SOFTMAX_INT -> ((int[]) m.target(0))[r] = r % 3;
                case SOFTMAX_ONEHOT -> ((double[]) m.target(0))[r * 3 + r % 3] = 1;
                case SIGMOID_BCE -> ((double[]) m.target(0))[r] = r % 2;
            }
        }
        m.trainStep(5);
        for (int p = 0; p < 4; p++) {
            double[] w = (double[]) m.param(p);
            double[] g = ((double[]) m.grad(p)).clone();
            for (int j = 0; j < w.length; j++) {
                double keep = w[j], eps = 1e-6;
                w[j] = keep + eps;
                m.evaluate(5);
                double up = m.loss();
                w[j] = keep - eps;
                m.evaluate(5);
                double down = m.loss();
                w[j] = keep;
                assertThat(g[j]).as("param %d element %d", p, j).isCloseTo((up - down) / (2 * eps),
                        org.assertj.core.data.Offset.offset(1e-8));
            }
        }
    }
}

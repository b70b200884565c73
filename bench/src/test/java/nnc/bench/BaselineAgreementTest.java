package nnc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nnc.runtime.Model;
import nnc.runtime.optim.Optimizers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The baseline is honest: on a small batch it computes the loss, the outputs and every gradient
 * the compiled model computes, and after an optimizer step both hold the same parameters.
 */
class BaselineAgreementTest {
    private static final long SEED = 7;

    @ParameterizedTest
    @CsvSource({"W1, 5, sgd", "W1, 8, adam", "W2, 3, sgd", "W3, 4, sgd", "W3, 4, adam"})
    void baselineComputesWhatTheCompiledModelComputes(Workload w, int batch, String optimizer) {
        Model nnc = NncModels.create(w, batch, SEED);
        HandMlp hand = NncModels.createBaseline(w, batch, SEED);

        nnc.trainStep(batch);
        hand.trainStep(batch);

        assertThat(hand.loss()).as("loss").isCloseTo(nnc.loss(), org.assertj.core.data.Percentage.withPercentage(1e-3));
        int outputs = batch * w.widths().get(w.layers());
        assertClose("output", hand.outputRows(batch), (float[]) nnc.output(0), outputs);
        int count = nnc.signature().params().size();
        for (int i = 0; i < count; i++) {
            float[] g = hand.grad(i);
            assertClose("gradient of " + nnc.signature().params().get(i).name(), g, (float[]) nnc.grad(i), g.length);
        }

        Optimizers.create(optimizer, Map.of("lr", optimizer.equals("sgd") ? 0.01 : 1e-3), nnc.signature()).step(nnc);
        HandOptimizer.create(optimizer, hand).step();
        for (int i = 0; i < count; i++) {
            float[] p = hand.param(i);
            assertClose("parameter " + nnc.signature().params().get(i).name() + " after " + optimizer, p,
                    (float[]) nnc.param(i), p.length);
        }
    }

    @ParameterizedTest
    @CsvSource({"W1, 6", "W3, 4"})
    void inferenceAgrees(Workload w, int batch) {
        Model nnc = NncModels.create(w, batch, SEED);
        HandMlp hand = NncModels.createBaseline(w, batch, SEED);
        nnc.infer(batch);
        hand.infer(batch);
        assertClose("inference output", hand.outputRows(batch), (float[]) nnc.output(0), batch * w.widths().get(w.layers()));
    }

    /** Agreement to 1e-4 of the larger of the element and the array's largest magnitude (f32 sums in different orders). */
    private static void assertClose(String what, float[] hand, float[] nnc, int count) {
        float scale = 1e-30f;
        for (int i = 0; i < count; i++) {
            scale = Math.max(scale, Math.abs(nnc[i]));
        }
        assertThat(scale).as("%s is not all zero", what).isGreaterThan(1e-30f);
        int bad = -1;
        for (int i = 0; i < count && bad < 0; i++) {
            if (!(Math.abs(hand[i] - nnc[i]) <= 1e-4f * Math.max(scale, Math.abs(nnc[i])))) {
                bad = i;
            }
        }
        if (bad >= 0) {
            assertThat(hand[bad]).as("%s[%d] (scale %s)", what, bad, scale).isEqualTo(nnc[bad]);
        }
    }

}

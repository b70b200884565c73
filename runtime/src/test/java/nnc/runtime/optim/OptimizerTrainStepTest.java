package nnc.runtime.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.runtime.BatchSizeException;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.testing.QuadraticModel;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizer#trainStep(Model, int)}: SGD without momentum hands the update to the model
 * ({@link Model#trainStepSgd}), every other rule runs {@code trainStep} then {@link Optimizer#step};
 * either way the parameters come out as {@code trainStep} followed by {@code step} leaves them.
 */
class OptimizerTrainStepTest {
    @Test
    void sgdWithoutMomentumHandsTheUpdateToTheModelWithTheSameBits() {
        for (DType dtype : List.of(DType.F32, DType.F64)) {
            Map<String, Object> hyper = Map.of("lr", 0.1, "weight_decay", 0.01);
            Recording inside = new Recording(new QuadraticModel(dtype, 3, 5));
            QuadraticModel apart = new QuadraticModel(dtype, 3, 5);
            Optimizer viaModel = Optimizers.create("sgd", hyper, inside.signature());
            Optimizer separate = Optimizers.create("sgd", hyper, apart.signature());
            for (int step = 0; step < 4; step++) {
                viaModel.trainStep(inside, 1);
                apart.trainStep(1);
                separate.step(apart);
            }
            assertThat(inside.calls).containsOnly("trainStepSgd(1, 0.1, 0.01)").hasSize(4);
            assertThat(viaModel.stepCount()).isEqualTo(4);
            for (int i = 0; i < 2; i++) {
                assertThat(inside.param(i)).as("%s parameter %d", dtype, i).isEqualTo(apart.param(i));
            }
        }
    }

    @Test
    void theLearningRateOfTheStepIsTheOneSetBeforeIt() {
        Recording m = new Recording(new QuadraticModel(DType.F32, 2));
        Optimizer sgd = Optimizers.create("sgd", Map.of("lr", 0.1), m.signature());
        sgd.trainStep(m, 1);
        sgd.setLr(0.025);
        sgd.trainStep(m, 1);
        assertThat(m.calls).containsExactly("trainStepSgd(1, 0.1, 0.0)", "trainStepSgd(1, 0.025, 0.0)");
    }

    @Test
    void otherRulesRunTheStepThenTheUpdate() {
        for (Map.Entry<String, Map<String, Object>> rule : List.of(
                Map.entry("sgd", Map.<String, Object>of("lr", 0.1, "momentum", 0.9)),
                Map.entry("adam", Map.<String, Object>of("lr", 0.01)),
                Map.entry("rmsprop", Map.<String, Object>of("lr", 0.01)))) {
            Recording m = new Recording(new QuadraticModel(DType.F32, 4));
            QuadraticModel apart = new QuadraticModel(DType.F32, 4);
            Optimizer opt = Optimizers.create(rule.getKey(), rule.getValue(), m.signature());
            Optimizer separate = Optimizers.create(rule.getKey(), rule.getValue(), apart.signature());
            opt.trainStep(m, 1);
            opt.trainStep(m, 1);
            apart.trainStep(1);
            separate.step(apart);
            apart.trainStep(1);
            separate.step(apart);
            assertThat(m.calls).as(rule.getKey()).containsExactly("trainStep(1)", "trainStep(1)");
            assertThat(m.param(0)).as(rule.getKey()).isEqualTo(apart.param(0));
            assertThat(opt.stepCount()).isEqualTo(2);
        }
    }

    @Test
    void aStepTheModelRefusesDoesNotCount() {
        Recording m = new Recording(new QuadraticModel(DType.F32, 2));
        Optimizer sgd = Optimizers.create("sgd", Map.of("lr", 0.1), m.signature());
        float[] before = ((float[]) m.param(0)).clone();
        assertThatThrownBy(() -> sgd.trainStep(m, 2)).isInstanceOf(BatchSizeException.class);
        assertThat(sgd.stepCount()).isZero();
        assertThat((float[]) m.param(0)).containsExactly(before);
    }

    /** A model that records the training calls it gets and refuses batches above 1, as a generated one would. */
    private static final class Recording implements Model {
        private final QuadraticModel m;
        final List<String> calls = new ArrayList<>();

        Recording(QuadraticModel m) {
            this.m = m;
        }

        @Override
        public void trainStep(int n) {
            check(n);
            calls.add("trainStep(" + n + ")");
            m.trainStep(n);
        }

        @Override
        public void trainStepSgd(int n, double lr, double weightDecay) {
            check(n);
            calls.add("trainStepSgd(" + n + ", " + lr + ", " + weightDecay + ")");
            m.trainStepSgd(n, lr, weightDecay);
        }

        private void check(int n) {
            if (n < 1 || n > maxBatch()) {
                throw new BatchSizeException(signature().modelName(), n, maxBatch());
            }
        }

        @Override
        public Signature signature() {
            return m.signature();
        }

        @Override
        public int maxBatch() {
            return m.maxBatch();
        }

        @Override
        public void infer(int n) {
            m.infer(n);
        }

        @Override
        public void evaluate(int n) {
            m.evaluate(n);
        }

        @Override
        public double loss() {
            return m.loss();
        }

        @Override
        public Object input(int i) {
            return m.input(i);
        }

        @Override
        public Object target(int i) {
            return m.target(i);
        }

        @Override
        public Object output(int i) {
            return m.output(i);
        }

        @Override
        public Object param(int i) {
            return m.param(i);
        }

        @Override
        public Object grad(int i) {
            return m.grad(i);
        }

        @Override
        public Object state(int i) {
            return m.state(i);
        }

        @Override
        public void setParam(int i, Object array) {
            m.setParam(i, array);
        }

        @Override
        public void setSeed(long seed) {
            m.setSeed(seed);
        }
    }
}

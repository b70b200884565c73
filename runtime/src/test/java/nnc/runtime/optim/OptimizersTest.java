package nnc.runtime.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.ConfigException;
import nnc.runtime.DType;
import nnc.runtime.ShapeMismatchException;
import nnc.runtime.testing.QuadraticModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizersTest {

    @Test
    void defaultsAreTorchDefaults() {
        assertThat(Optimizers.config("adam", Map.of())).isEqualTo(new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false, false));
        assertThat(Optimizers.config("AdamW", Map.of())).isEqualTo(AdamConfig.adamw(1e-3));
        assertThat(Optimizers.config("adagrad", Map.of())).isEqualTo(AdagradConfig.defaults());
        assertThat(Optimizers.config("rmsprop", Map.of())).isEqualTo(RmsPropConfig.defaults());
        assertThat(Optimizers.config("nadam", Map.of())).isEqualTo(NAdamConfig.defaults());
        assertThat(Optimizers.config("sgd", Map.of("lr", "0.5"))).isEqualTo(SgdConfig.of(0.5));
    }

    @Test
    void rejectsUnknownNameListingTheKnownOnes() {
        assertThatThrownBy(() -> Optimizers.config("adamax", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown optimizer 'adamax'").hasMessageContaining("sgd, adagrad");
    }

    @Test
    void rejectsUnknownKeysListingTheAcceptedOnes() {
        assertThatThrownBy(() -> Optimizers.config("adam", Map.of("betas", 0.9, "learning_rate", 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown hyperparameters 'betas', 'learning_rate'")
                .hasMessageContaining("'beta1'").hasMessageContaining("'amsgrad'");
    }

    @Test
    void rejectsMissingAndInvalidValues() {
        assertThatThrownBy(() -> Optimizers.config("sgd", Map.of())).hasMessageContaining("missing hyperparameter 'lr'");
        assertThatThrownBy(() -> Optimizers.config("adam", Map.of("beta1", 1.0))).hasMessageContaining("beta1 = 1.0");
        assertThatThrownBy(() -> Optimizers.config("adam", Map.of("lr", "fast"))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Optimizers.config("adam", Map.of("amsgrad", "yes"))).hasMessageContaining("true or false");
        assertThatThrownBy(() -> Optimizers.config("rmsprop", Map.of("momentum", -0.1))).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Optimizers.config("sgd", Map.of("lr", 0.1, "nesterov", true)))
                .hasMessageContaining("nesterov = true requires momentum > 0 and dampening = 0");
    }

    @Test
    void stateTensorsAreNamedAsTorchStateDicts() {
        QuadraticModel m = new QuadraticModel(DType.F32, 2, 3);
        assertThat(names(Optimizers.create("adam", Map.of("amsgrad", true), m.signature())))
                .containsExactly("exp_avg.p0", "exp_avg.p1", "exp_avg_sq.p0", "exp_avg_sq.p1",
                        "max_exp_avg_sq.p0", "max_exp_avg_sq.p1");
        assertThat(names(Optimizers.create("sgd", Map.of("lr", 1), m.signature()))).isEmpty();
        assertThat(names(Optimizers.create("rmsprop", Map.of("centered", true), m.signature())))
                .containsExactly("square_avg.p0", "square_avg.p1", "grad_avg.p0", "grad_avg.p1");
        Optimizer adagrad = Optimizers.create("adagrad", Map.of("initial_accumulator_value", 0.25), m.signature());
        assertThat((float[]) adagrad.stateTensors().get(1).array()).containsOnly(0.25f);
        assertThat(adagrad.stateTensors().get(1).spec().dtype()).isEqualTo(DType.F32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam"})
    void restoredStateContinuesBitForBit(String name) {
        Map<String, Object> hyper = new HashMap<>(Map.of("lr", 0.05));
        if (name.equals("sgd") || name.equals("rmsprop")) {
            hyper.put("momentum", 0.9);
        }
        QuadraticModel a = new QuadraticModel(DType.F64, 3, 2);
        Optimizer oa = Optimizers.create(name, hyper, a.signature());
        run(a, oa, 3);
        QuadraticModel b = new QuadraticModel(DType.F64, 3, 2);
        Optimizer ob = Optimizers.create(name, hyper, b.signature());
        for (int i = 0; i < 2; i++) {
            System.arraycopy(a.param(i), 0, b.param(i), 0, ((double[]) a.param(i)).length);
        }
        for (int s = 0; s < oa.stateTensors().size(); s++) {
            double[] src = (double[]) oa.stateTensors().get(s).array();
            System.arraycopy(src, 0, ob.stateTensors().get(s).array(), 0, src.length);
        }
        ob.restore(oa.stepCount(), oa.scalars());
        run(a, oa, 4);
        run(b, ob, 4);
        for (int i = 0; i < 2; i++) {
            assertThat((double[]) b.param(i)).containsExactly((double[]) a.param(i));
        }
    }

    @Test
    void restoreRejectsWrongScalars() {
        QuadraticModel m = new QuadraticModel(DType.F64, 2);
        assertThatThrownBy(() -> Optimizers.create("nadam", Map.of(), m.signature()).restore(3, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mu_product");
        assertThatThrownBy(() -> Optimizers.create("adam", Map.of(), m.signature()).restore(3, Map.of("x", 1.0)))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void refusesAModelWithOtherParameters() {
        QuadraticModel m = new QuadraticModel(DType.F64, 2);
        Optimizer opt = Optimizers.create("adam", Map.of(), m.signature());
        QuadraticModel other = new QuadraticModel(DType.F64, 3);
        other.trainStep(1);
        assertThatThrownBy(() -> opt.step(other)).isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("adam optimizer was created for the parameters of Quadratic");
    }

    @Test
    void learningRateCanChangeBetweenSteps() {
        QuadraticModel m = new QuadraticModel(DType.F64, 1);
        Optimizer opt = Optimizers.create("sgd", Map.of("lr", 0.1), m.signature());
        opt.setLr(0);
        double before = ((double[]) m.param(0))[0];
        run(m, opt, 2);
        assertThat(((double[]) m.param(0))[0]).isEqualTo(before);
        assertThat(opt.lr()).isZero();
    }

    private static void run(QuadraticModel m, Optimizer o, int steps) {
        for (int s = 0; s < steps; s++) {
            m.trainStep(1);
            o.step(m);
        }
    }

    private static List<String> names(Optimizer o) {
        return o.stateTensors().stream().map(StateTensor::name).toList();
    }
}

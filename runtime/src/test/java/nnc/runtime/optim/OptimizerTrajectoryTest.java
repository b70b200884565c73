package nnc.runtime.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import nnc.runtime.DType;
import nnc.runtime.testing.QuadraticModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer variant against a reference trajectory written independently from the
 * algorithm boxes of the PyTorch 2.x documentation (torch.optim.SGD, Adagrad, RMSprop, Adam,
 * AdamW, NAdam): one scalar per parameter element, the documented update verbatim, in f64.
 * 8 steps, tolerance 1e-12.
 */
class OptimizerTrajectoryTest {
    private static final int STEPS = 8;
    private static final int[] SIZES = {3, 4};

    /** One element's optimizer, as the documentation writes it: θ_t from θ_{t-1} and g_t. */
    interface Scalar {
        double step(double theta, double grad, int t);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("sgd plain", "sgd", Map.of("lr", 0.1), () -> sgd(0.1, 0, 0, false, 0)),
                c("sgd weight decay", "sgd", Map.of("lr", 0.1, "weight_decay", 0.05), () -> sgd(0.1, 0, 0, false, 0.05)),
                c("sgd momentum", "sgd", Map.of("lr", 0.1, "momentum", 0.9), () -> sgd(0.1, 0.9, 0, false, 0)),
                c("sgd momentum dampening wd", "sgd", Map.of("lr", 0.05, "momentum", 0.8, "dampening", 0.3,
                        "weight_decay", 0.01), () -> sgd(0.05, 0.8, 0.3, false, 0.01)),
                c("sgd nesterov wd", "sgd", Map.of("lr", 0.05, "momentum", 0.9, "nesterov", true,
                        "weight_decay", 0.02), () -> sgd(0.05, 0.9, 0, true, 0.02)),
                c("adagrad defaults", "adagrad", Map.of(), () -> adagrad(0.01, 0, 0, 0, 1e-10)),
                c("adagrad decay init wd", "adagrad", Map.of("lr", 0.5, "lr_decay", 0.1,
                        "initial_accumulator_value", 0.3, "weight_decay", 0.05, "eps", 1e-6),
                        () -> adagrad(0.5, 0.1, 0.05, 0.3, 1e-6)),
                c("rmsprop defaults", "rmsprop", Map.of(), () -> rmsprop(0.01, 0.99, 1e-8, 0, 0, false)),
                c("rmsprop momentum", "rmsprop", Map.of("lr", 0.02, "momentum", 0.7, "alpha", 0.9),
                        () -> rmsprop(0.02, 0.9, 1e-8, 0, 0.7, false)),
                c("rmsprop centered", "rmsprop", Map.of("lr", 0.02, "centered", true, "alpha", 0.8),
                        () -> rmsprop(0.02, 0.8, 1e-8, 0, 0, true)),
                c("rmsprop centered momentum wd", "rmsprop", Map.of("lr", 0.01, "centered", true, "momentum", 0.5,
                        "weight_decay", 0.1, "eps", 1e-4), () -> rmsprop(0.01, 0.99, 1e-4, 0.1, 0.5, true)),
                c("adam defaults", "adam", Map.of(), () -> adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false)),
                c("adam big lr betas", "adam", Map.of("lr", 0.1, "beta1", 0.8, "beta2", 0.95),
                        () -> adam(0.1, 0.8, 0.95, 1e-8, 0, false, false)),
                c("adam l2 weight decay", "adam", Map.of("lr", 0.1, "weight_decay", 0.1),
                        () -> adam(0.1, 0.9, 0.999, 1e-8, 0.1, false, false)),
                c("adam amsgrad", "adam", Map.of("lr", 0.3, "amsgrad", true, "beta2", 0.9),
                        () -> adam(0.3, 0.9, 0.9, 1e-8, 0, true, false)),
                c("adamw defaults", "adamw", Map.of(), () -> adam(1e-3, 0.9, 0.999, 1e-8, 0.01, false, true)),
                c("adamw big decay amsgrad", "adamw", Map.of("lr", 0.1, "weight_decay", 0.5, "amsgrad", true,
                        "beta2", 0.9), () -> adam(0.1, 0.9, 0.9, 1e-8, 0.5, true, true)),
                c("nadam defaults", "nadam", Map.of(), () -> nadam(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3)),
                c("nadam wd big decay", "nadam", Map.of("lr", 0.1, "weight_decay", 0.05, "momentum_decay", 0.3,
                        "beta1", 0.8), () -> nadam(0.1, 0.8, 0.999, 1e-8, 0.05, 0.3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesDocumentedTrajectory(String label, String name, Map<String, Object> hyper, Supplier<Scalar> ref) {
        QuadraticModel model = new QuadraticModel(DType.F64, SIZES);
        Optimizer opt = Optimizers.create(name, hyper, model.signature());
        List<Scalar> refs = new ArrayList<>();
        double[] theta = new double[SIZES[0] + SIZES[1]];
        for (int e = 0; e < theta.length; e++) {
            refs.add(ref.get());
            theta[e] = QuadraticModel.initialTheta(k(e), j(e));
        }
        for (int t = 1; t <= STEPS; t++) {
            model.trainStep(1);
            opt.step(model);
            for (int e = 0; e < theta.length; e++) {
                double g = QuadraticModel.gradient(k(e), j(e), theta[e]);
                theta[e] = refs.get(e).step(theta[e], g, t);
                double actual = ((double[]) model.param(k(e)))[j(e)];
                assertThat(Math.abs(actual - theta[e]))
                        .as("%s step %d element %d: %s vs reference %s", label, t, e, actual, theta[e])
                        .isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(theta[e])));
            }
        }
        assertThat(opt.stepCount()).isEqualTo(STEPS);
        double start = QuadraticModel.initialTheta(0, 0);
        assertThat(((double[]) model.param(0))[0]).as("the trajectory moved").isNotEqualTo(start);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void f32PathFollowsF64Path(String label, String name, Map<String, Object> hyper, Supplier<Scalar> ref) {
        QuadraticModel m32 = new QuadraticModel(DType.F32, SIZES);
        QuadraticModel m64 = new QuadraticModel(DType.F64, SIZES);
        Optimizer o32 = Optimizers.create(name, hyper, m32.signature());
        Optimizer o64 = Optimizers.create(name, hyper, m64.signature());
        for (int t = 0; t < STEPS; t++) {
            m32.trainStep(1);
            o32.step(m32);
            m64.trainStep(1);
            o64.step(m64);
        }
        for (int k = 0; k < SIZES.length; k++) {
            float[] p32 = (float[]) m32.param(k);
            double[] p64 = (double[]) m64.param(k);
            for (int j = 0; j < p32.length; j++) {
                assertThat((double) p32[j]).as("%s p%d[%d]", label, k, j).isCloseTo(p64[j],
                        org.assertj.core.data.Offset.offset(2e-5 * Math.max(1, Math.abs(p64[j]))));
            }
        }
    }

    private static Arguments c(String label, String name, Map<String, Object> hyper, Supplier<Scalar> ref) {
        return Arguments.of(label, name, hyper, ref);
    }

    private static int k(int e) {
        return e < SIZES[0] ? 0 : 1;
    }

    private static int j(int e) {
        return e < SIZES[0] ? e : e - SIZES[0];
    }

    // ---- the documented algorithms, one scalar at a time ----

    static Scalar sgd(double lr, double mu, double tau, boolean nesterov, double wd) {
        double[] b = {0};
        return (theta, grad, t) -> {
            double g = grad;
            if (wd != 0) {
                g = g + wd * theta;
            }
            if (mu != 0) {
                b[0] = t > 1 ? mu * b[0] + (1 - tau) * g : g;
                g = nesterov ? g + mu * b[0] : b[0];
            }
            return theta - lr * g;
        };
    }

    static Scalar adagrad(double lr, double eta, double wd, double init, double eps) {
        double[] sum = {init};
        return (theta, grad, t) -> {
            double clr = lr / (1 + (t - 1) * eta);
            double g = wd != 0 ? grad + wd * theta : grad;
            sum[0] = sum[0] + g * g;
            return theta - clr * g / (Math.sqrt(sum[0]) + eps);
        };
    }

    static Scalar rmsprop(double lr, double alpha, double eps, double wd, double mu, boolean centered) {
        double[] s = {0, 0, 0}; // v, b, g_ave
        return (theta, grad, t) -> {
            double g = wd != 0 ? grad + wd * theta : grad;
            s[0] = alpha * s[0] + (1 - alpha) * g * g;
            double vt = s[0];
            if (centered) {
                s[2] = s[2] * alpha + (1 - alpha) * g;
                vt = vt - s[2] * s[2];
            }
            if (mu > 0) {
                s[1] = mu * s[1] + g / (Math.sqrt(vt) + eps);
                return theta - lr * s[1];
            }
            return theta - lr * g / (Math.sqrt(vt) + eps);
        };
    }

    /**
     * Adam / AdamW. AMSGrad keeps the running maximum of the raw second moment v_t and divides it
     * by (1 - β2^t), which is what PyTorch 2.x computes (and its current documentation states);
     * older documentation took the maximum of the bias-corrected v̂_t instead.
     */
    static Scalar adam(double lr, double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
        double[] s = {0, 0, 0}; // m, v, vmax
        return (theta0, grad, t) -> {
            double theta = theta0;
            double g = grad;
            if (decoupled) {
                theta = theta - lr * wd * theta;
            } else if (wd != 0) {
                g = g + wd * theta;
            }
            s[0] = b1 * s[0] + (1 - b1) * g;
            s[1] = b2 * s[1] + (1 - b2) * g * g;
            double mhat = s[0] / (1 - Math.pow(b1, t));
            double vhat;
            if (amsgrad) {
                s[2] = Math.max(s[2], s[1]);
                vhat = s[2] / (1 - Math.pow(b2, t));
            } else {
                vhat = s[1] / (1 - Math.pow(b2, t));
            }
            return theta - lr * mhat / (Math.sqrt(vhat) + eps);
        };
    }

    static Scalar nadam(double lr, double b1, double b2, double eps, double wd, double psi) {
        double[] s = {0, 0}; // m, v
        return (theta, grad, t) -> {
            double g = wd != 0 ? grad + wd * theta : grad;
            double prodT = 1;
            for (int i = 1; i <= t; i++) {
                prodT *= b1 * (1 - 0.5 * Math.pow(0.96, i * psi));
            }
            double muT = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
            s[0] = b1 * s[0] + (1 - b1) * g;
            s[1] = b2 * s[1] + (1 - b2) * g * g;
            double mhat = muNext * s[0] / (1 - prodT * muNext) + (1 - muT) * g / (1 - prodT);
            double vhat = s[1] / (1 - Math.pow(b2, t));
            return theta - lr * mhat / (Math.sqrt(vhat) + eps);
        };
    }
}

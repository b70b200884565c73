package nnc.runtime.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import nnc.runtime.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Schedules against values derived by hand from the PyTorch documentation of each scheduler,
 * for t = 0..7 (t = number of scheduler.step() calls), base lr 0.1, tolerance 1e-12.
 */
class ScheduleTest {
    private static final double BASE = 0.1;

    @Test
    void stepLr() {
        check(Schedules.create("step", Map.of("step_size", 3, "gamma", 0.5)),
                0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025);
    }

    @Test
    void multiStepLr() {
        check(Schedules.create("multistep", Map.of("milestones", List.of(5, 2), "gamma", 0.1)),
                0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001);
        check(Schedules.create("multistep", Map.of("milestones", "2,5")), 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001);
    }

    @Test
    void exponentialLr() {
        check(Schedules.create("exponential", Map.of("gamma", 0.5)),
                0.1, 0.05, 0.025, 0.0125, 0.00625, 0.003125, 0.0015625, 0.00078125);
    }

    @Test
    void cosineAnnealingClosedForm() {
        double c1 = (1 + Math.sqrt(0.5)) / 2; // (1 + cos(π/4)) / 2
        double c3 = (1 - Math.sqrt(0.5)) / 2; // (1 + cos(3π/4)) / 2
        double e = 0.01, span = 0.09;
        check(Schedules.create("cosine", Map.of("t_max", 4, "eta_min", e)),
                0.1, e + span * c1, e + span * 0.5, e + span * c3, e, e + span * c3, e + span * 0.5, e + span * c1);
    }

    @Test
    void linearLrDefaults() {
        double s = 1.0 / 3, d = (1 - s) / 5;
        check(Schedules.create("linear", Map.of()),
                0.1 * s, 0.1 * (s + d), 0.1 * (s + 2 * d), 0.1 * (s + 3 * d), 0.1 * (s + 4 * d), 0.1, 0.1, 0.1);
        check(Schedules.create("linear", Map.of("start_factor", 1, "end_factor", 0.5, "total_iters", 2)),
                0.1, 0.075, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05);
    }

    @Test
    void warmupThenCosine() {
        Schedule s = Schedules.withWarmup(3, Schedules.create("cosine", Map.of("t_max", 2)));
        check(s, 0.1 / 3, 0.2 / 3, 0.1, 0.1, 0.05, 0.0, 0.05, 0.1);
        check(new Schedule.Constant().then(2, new Schedule.Exponential(0.5)), 0.1, 0.1, 0.1, 0.05, 0.025, 0.0125,
                0.00625, 0.003125);
    }

    @Test
    void rejectsBadNamesKeysAndValues() {
        assertThatThrownBy(() -> Schedules.create("onecycle", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown schedule 'onecycle'");
        assertThatThrownBy(() -> Schedules.create("cosine", Map.of("T_max", 3))).hasMessageContaining("missing");
        assertThatThrownBy(() -> Schedules.create("cosine", Map.of("t_max", 3, "T_0", 3)))
                .hasMessageContaining("unknown hyperparameter 'T_0'");
        assertThatThrownBy(() -> Schedules.create("step", Map.of("step_size", 0))).hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> Schedules.create("step", Map.of("step_size", 1.5))).hasMessageContaining("whole number");
    }

    private static void check(Schedule s, double... expected) {
        for (int t = 0; t < expected.length; t++) {
            assertThat(s.lr(BASE, t)).as("%s at t=%d", s, t).isCloseTo(expected[t],
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}

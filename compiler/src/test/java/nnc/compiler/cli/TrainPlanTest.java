package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.TrainConfig;
import nnc.runtime.schedule.Schedule;
import nnc.runtime.train.TrainConfig.ScheduleUnit;
import org.junit.jupiter.api.Test;

/** The train section under the command line's flags, over the runtime's defaults. */
class TrainPlanTest {
    private static final String MODEL = "model M {\n  input x: [batch, 2]\n  loss = sum(x)\n}\n";

    private static Optional<TrainConfig> section(String entries) {
        String text = MODEL + "train M { " + entries + " }\n";
        return FrontEnd.check("t.nn", text.getBytes(StandardCharsets.UTF_8)).program().orElseThrow().models().get(0)
                .train();
    }

    private static TrainPlan.Flags none() {
        return new TrainPlan.Flags(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty());
    }

    @Test
    void withoutASectionTheRuntimeDefaultsApply() {
        TrainPlan p = TrainPlan.of(Optional.empty(), none());
        assertThat(p.epochs()).isEqualTo(10);
        assertThat(p.batch()).isEqualTo(32);
        assertThat(p.seed()).isZero();
        assertThat(p.patience()).isZero();
        assertThat(p.clipNorm()).isZero();
        assertThat(p.valSplit()).isEmpty();
        assertThat(p.optimizer().name()).isEqualTo("adam");
        assertThat(p.optimizer().lr()).isEqualTo(1e-3);
        assertThat(p.schedule()).isEqualTo(new Schedule.Constant());
        assertThat(p.unit()).isEqualTo(ScheduleUnit.EPOCH);
    }

    @Test
    void theSectionGivesEveryKey() {
        TrainPlan p = TrainPlan.of(section("optimizer = sgd(0.1, momentum = 0.9, nesterov = true) batch = 64"
                + " epochs = 3 clip_norm = 1.0 clip_value = 5 seed = 7 patience = 2 val_split = 0.25"
                + " schedule = warmup(100) then cosine(t_max = 1000, eta_min = 1e-5)"), none());
        assertThat(p.epochs()).isEqualTo(3);
        assertThat(p.batch()).isEqualTo(64);
        assertThat(p.seed()).isEqualTo(7);
        assertThat(p.patience()).isEqualTo(2);
        assertThat(p.clipNorm()).isEqualTo(1.0);
        assertThat(p.clipValue()).isEqualTo(5.0);
        assertThat(p.valSplit()).hasValue(0.25);
        assertThat(p.optimizer().hyperparameters()).containsEntry("lr", 0.1).containsEntry("momentum", 0.9)
                .containsEntry("nesterov", true);
        assertThat(p.unit()).isEqualTo(ScheduleUnit.STEP);
        assertThat(p.schedule().lr(1.0, 50)).isCloseTo(51.0 / 100, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p.schedule().lr(1.0, 100)).isEqualTo(1.0);
        assertThat(p.schedule().lr(1.0, 1100)).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void flagsWin() {
        TrainPlan.Flags f = new TrainPlan.Flags(Optional.of(5), Optional.of(8), Optional.of(3L), Optional.of(4),
                Optional.of(2.0), Optional.of(0.5), Optional.of(0.1), Optional.empty(), Optional.of(0.3),
                Map.of("momentum", "0.5"), Optional.of("epoch"));
        TrainPlan p = TrainPlan.of(section("optimizer = sgd(0.1, momentum = 0.9, nesterov = true) batch = 64"
                + " epochs = 3 seed = 7 schedule = warmup(10) then step(step_size = 2)"), f);
        assertThat(p.epochs()).isEqualTo(5);
        assertThat(p.batch()).isEqualTo(8);
        assertThat(p.seed()).isEqualTo(3);
        assertThat(p.patience()).isEqualTo(4);
        assertThat(p.clipNorm()).isEqualTo(2.0);
        assertThat(p.clipValue()).isEqualTo(0.5);
        assertThat(p.valSplit()).hasValue(0.1);
        assertThat(p.optimizer().hyperparameters()).containsEntry("lr", 0.3).containsEntry("momentum", 0.5)
                .containsEntry("nesterov", true);
        assertThat(p.unit()).isEqualTo(ScheduleUnit.EPOCH);
    }

    @Test
    void anotherOptimizerStartsFromItsOwnDefaults() {
        TrainPlan.Flags f = new TrainPlan.Flags(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("AdamW"), Optional.empty(), Map.of(),
                Optional.empty());
        TrainPlan p = TrainPlan.of(section("optimizer = sgd(0.1, momentum = 0.9)"), f);
        assertThat(p.optimizer().name()).isEqualTo("adamw");
        assertThat(p.optimizer().hyperparameters()).containsEntry("lr", 1e-3).containsEntry("weight_decay", 0.01);
    }

    @Test
    void badFlagsAreUsageErrorsThatSayWhatIsAccepted() {
        TrainPlan.Flags unknownKey = new TrainPlan.Flags(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of("betas", "0.9"), Optional.empty());
        assertThatThrownBy(() -> TrainPlan.of(Optional.empty(), unknownKey)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("adam: unknown hyperparameter 'betas'; adam accepts 'lr', 'beta1'")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCodes.USAGE));
        TrainPlan.Flags badSplit = new TrainPlan.Flags(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(1.0), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty());
        assertThatThrownBy(() -> TrainPlan.of(Optional.empty(), badSplit)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("--val-split must be above 0 and below 1");
    }
}

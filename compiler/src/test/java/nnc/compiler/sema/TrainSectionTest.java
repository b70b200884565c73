package nnc.compiler.sema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainSectionTest extends CheckerFixture {
    private static final String MODEL = "model M {\n  input x: [batch, 2]\n  loss = sum(x)\n}\n";

    private static TrainConfig train(String entries) {
        return ok(MODEL + "train M { " + entries + " }\n").train().orElseThrow();
    }

    @Test
    void defaultsAreFilledIn() {
        TrainConfig t = train("");
        assertThat(t.optimizer().name()).isEqualTo("adam");
        assertThat(t.optimizer().number("lr")).isEqualTo(1e-3);
        assertThat(t.optimizer().number("beta2")).isEqualTo(0.999);
        assertThat(t.optimizer().flag("amsgrad")).isFalse();
        assertThat(t.batch()).isEqualTo(32);
        assertThat(t.epochs()).isEqualTo(10);
        assertThat(t.clipNorm()).isEmpty();
        assertThat(t.schedule()).isEmpty();
        assertThat(ok(MODEL).train()).isEmpty();
    }

    @Test
    void everyKey() {
        TrainConfig t = train("optimizer = sgd(0.1, momentum = 0.9, nesterov = true) batch = 64 epochs = 3 "
                + "clip_norm = 1.0 clip_value = 5 seed = 0 patience = 2 val_split = 0.25 "
                + "schedule = warmup(100) then cosine(t_max = 1000, eta_min = 1e-5)");
        assertThat(t.optimizer().args()).containsOnlyKeys("lr", "momentum", "dampening", "nesterov", "weight_decay");
        assertThat(t.optimizer().number("lr")).isEqualTo(0.1);
        assertThat(t.optimizer().flag("nesterov")).isTrue();
        assertThat(List.of(t.batch(), t.epochs(), t.patience().getAsInt())).containsExactly(64, 3, 2);
        assertThat(t.clipNorm()).hasValue(1.0);
        assertThat(t.clipValue()).hasValue(5.0);
        assertThat(t.seed()).hasValue(0);
        assertThat(t.valSplit()).hasValue(0.25);
        assertThat(t.schedule()).extracting(TrainConfig.Choice::name).containsExactly("warmup", "cosine");
        assertThat(t.schedule().get(1).number("eta_min")).isEqualTo(1e-5);
    }

    @Test
    void optimizersHaveTheRuntimesHyperparameters() {
        assertThat(train("optimizer = adagrad").optimizer().args())
                .containsOnlyKeys("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps");
        assertThat(train("optimizer = rmsprop(centered = true)").optimizer().args())
                .containsOnlyKeys("lr", "alpha", "eps", "weight_decay", "momentum", "centered");
        assertThat(train("optimizer = adamw").optimizer().number("weight_decay")).isEqualTo(0.01);
        assertThat(train("optimizer = nadam").optimizer().number("momentum_decay")).isEqualTo(4e-3);
        assertThat(train("optimizer = nadam").optimizer().number("lr")).isEqualTo(2e-3);
        assertThat(train("schedule = multistep(milestones = [10, 20], gamma = 0.5)").schedule().get(0)
                .ints("milestones")).containsExactly(10L, 20L);
        assertThat(train("schedule = step(30)").schedule().get(0).number("gamma")).isEqualTo(0.1);
        assertThat(train("schedule = exponential(0.9)").schedule().get(0).number("gamma")).isEqualTo(0.9);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "optimiser = adam                 | E0601@5:11",
        "batch = 2  batch = 3             | E0602@5:22",
        "batch = 0                        | E0603@5:19",
        "epochs = 2.5                     | E0603@5:20",
        "val_split = 1                    | E0603@5:23",
        "seed = -1                        | E0603@5:18",
        "clip_norm = \"big\"              | E0603@5:23",
        "optimizer = 3                    | E0603@5:23",
        "optimizer = adma                 | E0604@5:23",
        "schedule = cosin(10)             | E0604@5:22",
        "schedule = cosine(10) then step(3) | E0605@5:22",
        "batch = 2 then 3                 | E0605@5:26",
        "optimizer = sgd                  | E0301@5:23",
        "optimizer = adam(lr = -1)        | E0305@5:33",
        "optimizer = adam(beta1 = 1)      | E0305@5:36",
        "optimizer = adam(amsgrad = 1)    | E0304@5:38",
        "optimizer = adam(rl = 1)         | E0302@5:28",
        "optimizer = sgd(0.1, nesterov = true) | E0305@5:23",
        "schedule = multistep(milestones = [20, 10]) | E0305@5:45",
        "schedule = step(step_size = 2.5)  | E0305@5:39",
    })
    void mistakes(String entries, String expected) {
        assertThat(errors(MODEL + "train M { " + entries + " }\n")).containsExactly(expected);
    }
}

package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import nnc.compiler.cli.WarmUpRule.Limits;
import nnc.compiler.cli.WarmUpRule.Verdict;
import org.junit.jupiter.api.Test;

/**
 * When {@code nnc bench}'s warm-up ends. The steps are artificial and run on an artificial clock
 * (each call advances it by the step's time) with an artificial JIT compilation time, so the
 * decisions, not the machine's speed, are under test and nothing here takes real time.
 */
class WarmUpRuleTest {
    private static final long MS = 1_000_000;
    private static final long SECOND = 1_000 * MS;
    /** 20 ms rounds (the shortest) for minimum times up to 0.4 s. */
    private static final Limits SHORT = new Limits(200 * MS, BenchRun.MIN_WARMUP_STEPS, 30 * SECOND);

    /**
     * A step on an artificial clock: call {@code i} at time {@code now} takes
     * {@code stepNanos(i, now)}; the JIT has compiled for {@code jitMillis(i)} after {@code i} calls.
     */
    private static final class FakeStep implements Runnable {
        private final LongBinaryOperator stepNanos;
        private final LongUnaryOperator jitMillis;
        long now;
        long calls;

        FakeStep(LongBinaryOperator stepNanos, LongUnaryOperator jitMillis) {
            this.stepNanos = stepNanos;
            this.jitMillis = jitMillis;
        }

        FakeStep(LongUnaryOperator stepNanos, LongUnaryOperator jitMillis) {
            this((i, now) -> stepNanos.applyAsLong(i), jitMillis);
        }

        @Override
        public void run() {
            now += stepNanos.applyAsLong(calls++, now);
        }

        BenchRun.WarmUp warmUp(Limits limits) {
            return BenchRun.warmUp(this, limits, () -> now, Optional.of(() -> jitMillis.applyAsLong(calls)));
        }
    }

    /**
     * 2 ms falling linearly to 0.5 ms over the first {@code calls} calls, then 0.5 ms: for 500
     * calls, at least 7% from one window of 20 ms rounds to the next until it levels off.
     */
    private static LongUnaryOperator fallingFor(long calls) {
        return i -> i >= calls ? MS / 2 : 2 * MS - (3 * MS / 2) * i / calls;
    }

    private static final LongUnaryOperator QUIET = i -> 7;

    @Test
    void aStepGettingFasterIsWarmedUntilItsTimeLevelsOff() {
        FakeStep step = new FakeStep(fallingFor(500), QUIET);

        BenchRun.WarmUp warm = step.warmUp(SHORT);

        assertThat(warm.verdict()).isEqualTo(Verdict.STEADY);
        assertThat(warm.settled()).isTrue();
        assertThat(warm.steps()).as("past the fall, and no more than two windows of 40-step rounds after it")
                .isBetween(500L, 500L + 2 * WarmUpRule.WINDOW_ROUNDS * 40);
        assertThat(warm.perRound()).as("2 ms measuring rounds of 0.5 ms steps").isEqualTo(4);
        assertThat(warm.seconds()).isEqualTo(step.now / 1e9);
    }

    @Test
    void whileTheJitStillCompilesTheWarmUpGoesOnThoughTheTimeIsLevel() {
        FakeStep step = new FakeStep(fallingFor(500), i -> Math.min(i, 3_000) / 10);

        BenchRun.WarmUp warm = step.warmUp(SHORT);

        assertThat(warm.verdict()).isEqualTo(Verdict.STEADY);
        assertThat(warm.steps()).as("quiet for two windows of 40-step rounds after the last compilation")
                .isBetween(3_000L + (2 * WarmUpRule.WINDOW_ROUNDS - 1) * 40, 3_000L + (2 * WarmUpRule.WINDOW_ROUNDS + 1) * 40);
    }

    @Test
    void theMinimumTimeAndStepsStillApplyToAStepSteadyFromTheStart() {
        FakeStep fast = new FakeStep(i -> 10_000, QUIET);
        BenchRun.WarmUp warmFast = fast.warmUp(new Limits(SECOND, BenchRun.MIN_WARMUP_STEPS, 30 * SECOND));
        assertThat(warmFast.verdict()).isEqualTo(Verdict.STEADY);
        assertThat(warmFast.seconds()).as("one second and the round that reached it").isBetween(1.0, 1.05);

        FakeStep slow = new FakeStep(i -> 5 * MS, QUIET);
        BenchRun.WarmUp warmSlow = slow.warmUp(new Limits(50 * MS, BenchRun.MIN_WARMUP_STEPS, 30 * SECOND));
        assertThat(warmSlow.verdict()).isEqualTo(Verdict.STEADY);
        assertThat(warmSlow.steps()).isBetween(BenchRun.MIN_WARMUP_STEPS, BenchRun.MIN_WARMUP_STEPS + 4);
    }

    @Test
    void aStepThatNeverLevelsOffStopsAtTheCapUnsettled() {
        // half as long every half second of warm-up: 13% faster from one window of 20 ms rounds to the next
        FakeStep halving = new FakeStep((i, now) -> (long) (MS * Math.pow(2, -now / (SECOND / 2.0))), QUIET);

        BenchRun.WarmUp warm = halving.warmUp(new Limits(200 * MS, BenchRun.MIN_WARMUP_STEPS, 3 * SECOND));

        assertThat(warm.settled()).isFalse();
        assertThat(warm.verdict()).isEqualTo(Verdict.TIME_STILL_FALLING);
        assertThat(warm.verdict().label()).isEqualTo("time-still-falling");
        assertThat(warm.seconds()).as("the cap and at most the round that reached it").isBetween(3.0, 3.021);
    }

    @Test
    void aJitThatNeverGoesQuietStopsAtTheCapUnsettled() {
        FakeStep step = new FakeStep(i -> MS, i -> i / 50);

        BenchRun.WarmUp warm = step.warmUp(new Limits(200 * MS, BenchRun.MIN_WARMUP_STEPS, 2 * SECOND));

        assertThat(warm.settled()).isFalse();
        assertThat(warm.verdict().label()).isEqualTo("jit-still-compiling");
        assertThat(warm.seconds()).isBetween(2.0, 2.021);
    }

    @Test
    void aStepTooSlowForTheMinimumStepsStopsAtTheCapUnsettled() {
        FakeStep step = new FakeStep(i -> 100 * MS, QUIET);

        BenchRun.WarmUp warm = step.warmUp(new Limits(200 * MS, BenchRun.MIN_WARMUP_STEPS, 2 * SECOND));

        assertThat(warm.settled()).isFalse();
        assertThat(warm.verdict().label()).isEqualTo("too-few-steps");
        assertThat(warm.steps()).isEqualTo(20);
    }

    @Test
    void withoutAJitToWatchTheTimingDecidesAloneAndTheVerdictSaysSo() {
        FakeStep step = new FakeStep(fallingFor(500), QUIET);

        BenchRun.WarmUp warm = BenchRun.warmUp(step, SHORT, () -> step.now, Optional.empty());

        assertThat(warm.verdict()).isEqualTo(Verdict.STEADY_TIMING_ONLY);
        assertThat(warm.verdict().label()).isEqualTo("steady-timing-only");
        assertThat(warm.settled()).isTrue();
        assertThat(warm.steps()).isGreaterThan(500);
    }

    @Test
    void aLastWindowFasterByLessThanTheToleranceIsLevelAndByMoreIsStillFalling() {
        assertThat(afterTwoWindows(1.0, 0.98)).isEqualTo(Verdict.STEADY);
        assertThat(afterTwoWindows(1.0, 1.10)).as("slower is level too").isEqualTo(Verdict.STEADY);
        assertThat(afterTwoWindows(1.0, 0.95)).isEqualTo(Verdict.TIME_STILL_FALLING);
    }

    @Test
    void aCompilationInEitherWindowMeansTheJitIsStillCompiling() {
        WarmUpRule rule = new WarmUpRule(new Limits(0, 0, SECOND), OptionalLong.of(100));
        for (int r = 0; r < 2 * WarmUpRule.WINDOW_ROUNDS; r++) {
            rule.round(10, 10 * MS, 101);
        }
        assertThat(rule.verdict()).as("a compilation (100 to 101 ms) in the first round of the older window")
                .isEqualTo(Verdict.JIT_STILL_COMPILING);
        assertThat(rule.done()).isFalse();

        rule.round(10, 10 * MS, 101);
        assertThat(rule.verdict()).as("quiet for both windows").isEqualTo(Verdict.STEADY);
        assertThat(rule.done()).isTrue();
    }

    @Test
    void fewerThanTwoWindowsOfRoundsCannotShowTheTimeLevel() {
        WarmUpRule rule = new WarmUpRule(new Limits(0, 0, SECOND), OptionalLong.of(0));
        for (int r = 0; r < 2 * WarmUpRule.WINDOW_ROUNDS - 1; r++) {
            rule.round(1, MS, 0);
        }
        assertThat(rule.verdict()).isEqualTo(Verdict.TIME_STILL_FALLING);

        rule.round(1, MS, 0);
        assertThat(rule.verdict()).isEqualTo(Verdict.STEADY);
    }

    @Test
    void theCapMayNotBeShorterThanTheMinimumAndTheDefaultCapIsAMinuteOrTenTimesTheMinimum() {
        assertThatThrownBy(() -> new Limits(2 * SECOND, 0, SECOND)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BenchRun.defaultMaxWarmupNanos(SECOND)).isEqualTo(60 * SECOND);
        assertThat(BenchRun.defaultMaxWarmupNanos(10 * SECOND)).isEqualTo(100 * SECOND);
    }

    @Test
    void roundsAreATwentiethOfTheMinimumTimeWithin20To200Ms() {
        assertThat(new Limits(50 * MS, 0, SECOND).roundNanos()).isEqualTo(20 * MS);
        assertThat(new Limits(SECOND, 0, SECOND).roundNanos()).isEqualTo(50 * MS);
        assertThat(new Limits(60 * SECOND, 0, 60 * SECOND).roundNanos()).isEqualTo(200 * MS);
    }

    /** The verdict after a window of rounds at {@code before} ms a step and one at {@code after}. */
    private static Verdict afterTwoWindows(double before, double after) {
        WarmUpRule rule = new WarmUpRule(new Limits(0, 0, SECOND), OptionalLong.of(0));
        for (int r = 0; r < 2 * WarmUpRule.WINDOW_ROUNDS; r++) {
            rule.round(100, (long) (100 * MS * (r < WarmUpRule.WINDOW_ROUNDS ? before : after)), 0);
        }
        return rule.verdict();
    }
}

package nnc.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The allocation count of {@code nnc bench}: exact, per step, and deaf to a one-off allocation after warm-up. */
class BenchRunTest {
    private Object sink;

    @Test
    void aStepThatAllocatesIsCountedInFull() {
        double perStep = BenchRun.allocatedPerStep(() -> sink = new long[30], BenchRun.ALLOCATION_STEPS);

        assertThat(perStep).as("a long[30]: 240 bytes of payload plus the header").isBetween(240.0, 300.0);
    }

    @Test
    void aStepThatAllocatesNothingCountsZero() {
        long[] counter = new long[1];
        double perStep = BenchRun.allocatedPerStep(() -> counter[0]++, BenchRun.ALLOCATION_STEPS);

        assertThat(perStep).isZero();
        assertThat(counter[0]).isEqualTo((long) BenchRun.ALLOCATION_WINDOWS * BenchRun.ALLOCATION_STEPS);
    }

    @Test
    void aOneOffAllocationInOneWindowIsNotASteadyStateCost() {
        int[] calls = new int[1];
        double perStep = BenchRun.allocatedPerStep(() -> {
            if (calls[0]++ == BenchRun.ALLOCATION_STEPS + 3) {
                sink = new byte[48];
            }
        }, BenchRun.ALLOCATION_STEPS);

        assertThat(perStep).isZero();
    }

    @Test
    void anAllocationEveryFewStepsShowsInEveryWindow() {
        int[] calls = new int[1];
        double perStep = BenchRun.allocatedPerStep(() -> {
            if (calls[0]++ % 3 == 0) {
                sink = new byte[64];
            }
        }, BenchRun.MIN_ALLOCATION_STEPS);

        assertThat(perStep).as("every window of 4 steps holds at least one 64-byte array")
                .isGreaterThanOrEqualTo(64.0 / BenchRun.MIN_ALLOCATION_STEPS);
    }
}

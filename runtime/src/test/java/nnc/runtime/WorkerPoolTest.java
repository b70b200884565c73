package nnc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool behind threaded steps: every part once per job, errors, closing, no allocation. */
@Timeout(120)
class WorkerPoolTest {
    @Test
    void everyPartRunsOnceWithTheJobsArgumentsAndPartZeroOnTheCaller() {
        try (WorkerPool pool = new WorkerPool(3)) {
            int[] seen = new int[3];
            Thread[] on = new Thread[3];
            for (int job = 0; job < 1000; job++) {
                pool.run((j, a, b, part, parts) -> {
                    assertThat(parts).isEqualTo(3);
                    seen[part] += j + a + b;
                    on[part] = Thread.currentThread();
                }, job, 1, 2);
            }
            int expected = 1000 * 999 / 2 + 3000;
            assertThat(seen).containsExactly(expected, expected, expected);
            assertThat(on[0]).isSameAs(Thread.currentThread());
            assertThat(on[1].getName()).isEqualTo("nnc-worker-1");
            assertThat(on[2].getName()).isEqualTo("nnc-worker-2");
            assertThat(on[1].isDaemon()).isTrue();
        }
    }

    @Test
    void aWorkersExceptionReachesTheCallerAfterEveryPartFinished() {
        try (WorkerPool pool = new WorkerPool(4)) {
            AtomicInteger finished = new AtomicInteger();
            assertThatThrownBy(() -> pool.run((j, a, b, part, parts) -> {
                if (part == 2) {
                    throw new ArithmeticException("boom");
                }
                sleep(part == 3 ? 50 : 0);
                finished.incrementAndGet();
            }, 0, 0, 0)).isInstanceOf(NncRuntimeException.class)
                    .hasMessageContaining("worker thread 2 of 4 failed")
                    .hasMessageContaining("java.lang.ArithmeticException: boom")
                    .hasCauseInstanceOf(ArithmeticException.class);
            assertThat(finished.get()).isEqualTo(3);
            AtomicInteger again = new AtomicInteger();
            pool.run((j, a, b, part, parts) -> again.incrementAndGet(), 0, 0, 0);
            assertThat(again.get()).as("the pool still works").isEqualTo(4);
        }
    }

    @Test
    void theCallersOwnExceptionIsRethrownAsItIs() {
        try (WorkerPool pool = new WorkerPool(2)) {
            AtomicInteger worker = new AtomicInteger();
            IllegalStateException own = new IllegalStateException("mine");
            assertThatThrownBy(() -> pool.run((j, a, b, part, parts) -> {
                if (part == 0) {
                    throw own;
                }
                sleep(20);
                worker.incrementAndGet();
            }, 0, 0, 0)).isSameAs(own);
            assertThat(worker.get()).as("the worker finished before run returned").isEqualTo(1);
        }
    }

    @Test
    void nestedOrClosedUseIsRefused() {
        WorkerPool pool = new WorkerPool(2);
        AtomicReference<Throwable> nested = new AtomicReference<>();
        pool.run((j, a, b, part, parts) -> {
            if (part == 0) {
                try {
                    pool.run((j2, a2, b2, p2, n2) -> { }, 0, 0, 0);
                } catch (IllegalStateException e) {
                    nested.set(e);
                }
            }
        }, 0, 0, 0);
        assertThat(nested.get()).hasMessageContaining("runs one job at a time");
        pool.close();
        assertThat(pool.isClosed()).isTrue();
        assertThatThrownBy(() -> pool.run((j, a, b, part, parts) -> { }, 0, 0, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> new WorkerPool(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dispatchAllocatesNothingOnAnyThread() throws Exception {
        try (WorkerPool pool = new WorkerPool(3)) {
            long[] sums = new long[3];
            WorkerPool.Task task = (j, a, b, part, parts) -> sums[part] += j;
            long[] workers = pool.workerThreadIds();
            long[] ids = {Thread.currentThread().getId(), workers[0], workers[1]};
            com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 20_000; i++) {
                pool.run(task, i, 0, 0);
                if (i % 5000 == 0) {
                    Thread.sleep(1);
                }
            }
            long[] before = bean.getThreadAllocatedBytes(ids);
            before[0] = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                pool.run(task, i, 0, 0);
                if (i % 5000 == 0) {
                    Thread.sleep(1);
                }
            }
            long callerAfter = bean.getCurrentThreadAllocatedBytes();
            long[] after = bean.getThreadAllocatedBytes(ids);
            after[0] = callerAfter;
            for (int t = 0; t < 3; t++) {
                assertThat(after[t] - before[t]).as("bytes allocated by thread %d", t).isZero();
            }
        }
    }

    @Test
    void closeStopsTheWorkers() throws Exception {
        WorkerPool pool = new WorkerPool(3);
        pool.run((j, a, b, part, parts) -> { }, 0, 0, 0);
        long[] ids = pool.workerThreadIds();
        pool.close();
        pool.close();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (long id : ids) {
                if (t.getId() == id) {
                    t.join(5000);
                    assertThat(t.isAlive()).isFalse();
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

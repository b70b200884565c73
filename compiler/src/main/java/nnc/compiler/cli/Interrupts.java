package nnc.compiler.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nnc.runtime.train.Trainer;

/**
 * How a running {@code nnc train} is told to stop early. On the command line it is Ctrl-C: a
 * JVM shutdown hook asks the trainer to stop, which saves a checkpoint at the next step, and
 * keeps the JVM alive until the command has finished (printed where the checkpoint is). Tests
 * pass their own, which call {@link Trainer#requestStop()} directly.
 */
interface Interrupts {
    /** Starts watching for a stop request for {@code trainer}; closing the watch stops watching. */
    Watch watch(Trainer trainer);

    /** An active watch. */
    interface Watch extends AutoCloseable {
        /** Stops watching: the command is done. */
        @Override
        void close();
    }

    /** Ctrl-C (SIGINT) and SIGTERM, through a shutdown hook; waits at most a minute for the save. */
    static Interrupts shutdownHook() {
        return trainer -> {
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                trainer.requestStop();
                try {
                    done.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "nnc-stop-training");
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it returns now that done is counted down
                }
            };
        };
    }
}

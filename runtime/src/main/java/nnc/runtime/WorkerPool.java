package nnc.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of {@code threads - 1} long-lived daemon workers that, together with the calling
 * thread, run the parts of one job at a time: {@link #run} hands part {@code p} of
 * {@code threads} to worker {@code p} (part 0 to the caller) and returns when every part has
 * finished. Generated models use one through {@link CompiledModel#setThreads(int)}; most
 * applications never touch this class directly.
 *
 * <p>Dispatch allocates nothing: the job is a handful of fields published by one volatile write,
 * workers wait for the next job by spinning for about {@link #SPIN_NANOS} and then parking, and
 * the caller waits for the parts in the same way (the last worker to finish unparks it). So a
 * pool whose jobs come in quick succession (the kernels of one training step) keeps its workers
 * awake, and an idle pool costs no CPU.
 *
 * <p>A pool runs one job at a time and is not reentrant: {@link #run} from a second thread while
 * a job runs, or from inside a part, throws {@link IllegalStateException}. A part that throws in
 * a worker is reported to the caller as an {@link NncRuntimeException} naming the worker, with
 * the original as its cause, after every other part has finished; a part that throws on the
 * calling thread is rethrown as it is. {@link #close()} stops the workers; they are daemon
 * threads, so a pool that is never closed does not keep the JVM from exiting.
 */
public final class WorkerPool implements AutoCloseable {
    /** How long a waiting thread spins before it parks, in nanoseconds. */
    public static final long SPIN_NANOS = 50_000;

    /** One job's body: called once per part, with the arguments given to {@link #run}. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs part {@code part} of {@code parts} of job {@code job}.
         *
         * @param job   what to run (e.g. a kernel number)
         * @param a     the job's first argument
         * @param b     the job's second argument
         * @param part  this part, in {@code [0, parts)}; 0 runs on the calling thread
         * @param parts the number of parts (the pool's thread count)
         */
        void run(int job, int a, int b, int part, int parts);
    }

    private final int threads;
    private final Worker[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile int generation;
    private volatile boolean closed;
    private volatile boolean callerParked;
    private volatile Thread caller;
    private Task task;
    private int job;
    private int a;
    private int b;
    private Throwable failure;
    private int failedPart;

    /**
     * Starts {@code threads - 1} worker threads named {@code nnc-worker-1 …}.
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 thread, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    /** The number of threads a job runs on: the workers and the calling thread. */
    public int threads() {
        return threads;
    }

    /** The ids of the worker threads (not the caller's), e.g. to count their allocations. */
    public long[] workerThreadIds() {
        long[] ids = new long[workers.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = workers[i].thread.getId();
        }
        return ids;
    }

    /**
     * Runs {@code task} for every part {@code 0 .. threads()-1} at once, part 0 on this thread,
     * and returns when all have finished.
     *
     * @throws IllegalStateException if the pool is closed or already running a job
     * @throws NncRuntimeException   if a part failed in a worker thread (the cause is its exception)
     */
    public void run(Task task, int job, int a, int b) {
        if (closed) {
            throw new IllegalStateException("this worker pool is closed; create a new one (or call setThreads again)");
        }
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("a worker pool runs one job at a time: it is already running one"
                    + " (called from a second thread, or from inside a part)");
        }
        try {
            dispatch(task, job, a, b);
        } finally {
            this.task = null;
            busy.set(false);
        }
        Throwable f = failure;
        if (f != null) {
            failure = null;
            throw new NncRuntimeException("worker thread " + failedPart + " of " + threads
                    + " failed while running part " + failedPart + " of a step: " + f, f);
        }
    }

    private void dispatch(Task task, int job, int a, int b) {
        this.task = task;
        this.job = job;
        this.a = a;
        this.b = b;
        this.caller = Thread.currentThread();
        remaining.set(workers.length);
        generation = generation + 1;
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w.thread);
            }
        }
        Throwable own = null;
        try {
            task.run(job, a, b, 0, threads);
        } catch (Throwable t) {
            own = t;
        }
        awaitWorkers();
        if (own instanceof RuntimeException r) {
            throw r;
        }
        if (own instanceof Error e) {
            throw e;
        }
    }

    private void awaitWorkers() {
        if (remaining.get() == 0) {
            return;
        }
        long start = System.nanoTime();
        int spins = 0;
        while (remaining.get() != 0) {
            Thread.onSpinWait();
            if ((++spins & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                break;
            }
        }
        callerParked = true;
        while (remaining.get() != 0) {
            LockSupport.park(this);
        }
        callerParked = false;
    }

    /**
     * Stops the workers (they finish nothing new; a job running on another thread must not be
     * running). Closing twice is harmless.
     */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void finished() {
        if (remaining.decrementAndGet() == 0 && callerParked) {
            LockSupport.unpark(caller);
        }
    }

    private synchronized void fail(int part, Throwable t) {
        if (failure == null) {
            failure = t;
            failedPart = part;
        }
    }

    /** One worker thread: waits for a new generation, runs its part, counts down. */
    private final class Worker implements Runnable {
        private final int part;
        private final Thread thread;
        private volatile boolean parked;

        Worker(int part) {
            this.part = part;
            this.thread = new Thread(this, "nnc-worker-" + part);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0; // the generation at construction: no job can have started before this thread
            while (true) {
                int now = awaitJob(seen);
                if (closed) {
                    return;
                }
                seen = now;
                try {
                    task.run(job, a, b, part, threads);
                } catch (Throwable t) {
                    fail(part, t);
                }
                finished();
            }
        }

        private int awaitJob(int seen) {
            long start = System.nanoTime();
            int spins = 0;
            while (true) {
                int now = generation;
                if (now != seen || closed) {
                    return now;
                }
                Thread.onSpinWait();
                if ((++spins & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                    break;
                }
            }
            parked = true;
            try {
                while (true) {
                    int now = generation;
                    if (now != seen || closed) {
                        return now;
                    }
                    LockSupport.park(WorkerPool.this);
                }
            } finally {
                parked = false;
            }
        }
    }
}

package io.tessella.exec;

import io.tessella.os.ResourceLedger;
import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of a task over a tiling: owns its worker threads from start to join.
 *
 * <p>Scheduling: a fixed set of {@code min(parallelism, tiles)} workers pull tile indices from one
 * {@link AtomicLong}. That bounds concurrency exactly like one virtual thread per tile behind a semaphore,
 * at a fraction of the cost per tile: a {@code getAndIncrement} instead of a thread start, a semaphore
 * round trip and a join (see {@code io.tessella.bench.exec.SchedulingBenchmark}); and cancellation is
 * one flag that workers check before taking the next tile. Pulling in index order also hands tiles out
 * in the order of memory for row-major tilings.
 */
final class Job {
    private static final AtomicLong JOB_IDS = new AtomicLong();
    private static final Duration MAX_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE / 4);

    /** Why the job stopped early; the first reason wins. */
    private enum Stop { NONE, FAILED, INTERRUPTED, TIMED_OUT }

    /** A task or listener failure; {@code tile} is null for the listener. */
    private record Failure(Tile tile, Throwable cause) {}

    private final Tiling tiling;
    private final Worker work;
    private final Object[] results;
    private final long tileCount;
    private final ProgressTracker progress;
    private final AtomicLong next = new AtomicLong();
    private volatile boolean stopping;
    private volatile Thread[] threads = new Thread[0];

    // Guarded by this.
    private Stop stop = Stop.NONE;
    private final List<Failure> failures = new ArrayList<>();

    /** The per-tile work, returning the result to store (ignored when results are not collected). */
    @FunctionalInterface
    interface Worker {
        Object run(Tile tile) throws Exception;
    }

    Job(Tiling tiling, Worker work, boolean collect, ProgressListener listener, Duration interval) {
        this.tiling = tiling;
        this.work = work;
        this.tileCount = tiling.tileCount();
        if (collect && tileCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tiling has " + tileCount
                    + " tiles, too many to collect one result each; use forEach");
        }
        this.results = collect ? new Object[(int) tileCount] : null;
        this.progress = new ProgressTracker(tileCount, tiling.elementCount(), listener, interval);
    }

    static String newThreadPrefix() {
        return "tessella-job-" + JOB_IDS.incrementAndGet() + "-worker-";
    }

    /**
     * Runs every tile and returns the results array (null when not collecting). {@code timeout} is null for
     * none; the deadline is kept as a {@code nanoTime} value, compared by subtraction because the clock's
     * origin is arbitrary and may be negative.
     */
    Object[] run(int parallelism, ThreadFactory factory, Duration timeout) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before the job started: " + progress.snapshot());
        }
        // A timeout beyond ~70 years is no deadline; this also keeps start + timeout from overflowing.
        Duration limit = timeout != null && timeout.compareTo(MAX_TIMEOUT) < 0 ? timeout : null;
        long deadline = limit == null ? 0 : progress.startNanos() + limit.toNanos();
        // Only parallelism 1 runs in the caller's thread: a single tile still gets a worker, so that the
        // deadline and the caller's interrupt can cancel it.
        if (parallelism == 1 || tileCount == 0) {
            runSerially(deadline, limit);
        } else {
            runInParallel((int) Math.min(parallelism, tileCount), factory, deadline, limit);
        }
        return results;
    }

    private void runSerially(long deadline, Duration timeout) throws InterruptedException {
        for (long i = 0; i < tileCount; i++) {
            if (Thread.interrupted()) {
                List<Throwable> late = new ArrayList<>();
                InterruptedException e = new InterruptedException("job interrupted: " + endReport(late));
                late.forEach(e::addSuppressed);
                throw e;
            }
            if (timeout != null && System.nanoTime() - deadline > 0) {
                List<Throwable> late = new ArrayList<>();
                JobTimeoutException e = new JobTimeoutException(timeout, endReport(late));
                late.forEach(e::addSuppressed);
                throw e;
            }
            Tile tile = tiling.tile(i);
            try {
                Object r = work.run(tile);
                if (results != null) {
                    results[(int) i] = r;
                }
            } catch (InterruptedException e) {
                // In the caller's thread an interrupt is the caller's: report it as such, like the parallel path.
                List<Throwable> late = new ArrayList<>();
                InterruptedException ie = new InterruptedException(tile + " interrupted: " + endReport(late));
                ie.initCause(e);
                late.forEach(ie::addSuppressed);
                throw ie;
            } catch (Throwable t) {
                List<Throwable> late = new ArrayList<>();
                TileFailedException e = new TileFailedException(tile, t, endReport(late));
                late.forEach(e::addSuppressed);
                throw e;
            }
            try {
                progress.tileDone(tile.size());
            } catch (Throwable t) {
                throw new JobFailedException("progress listener failed: " + t, t, progress.snapshot());
            }
        }
        List<Throwable> late = new ArrayList<>();
        Progress last = endReport(late);
        if (!late.isEmpty()) {
            throw new JobFailedException("progress listener failed: " + late.getFirst(), late.getFirst(), last);
        }
    }

    private void runInParallel(int workers, ThreadFactory factory, long deadline, Duration timeout)
            throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(workers);
        Thread[] started = new Thread[workers];
        int count = 0;
        try {
            for (; count < workers; count++) {
                Thread t = factory.newThread(() -> {
                    try (var held = ResourceLedger.register("thread", Thread.currentThread().getName(), 0)) {
                        workLoop(ended);
                    }
                });
                if (t == null) {
                    throw new IllegalStateException("thread factory " + factory + " returned null");
                }
                started[count] = t;
                threads = started;
                t.start();
            }
            if (stopping) {
                // A worker failed while others were starting and may have missed them: interrupt again.
                stop(Stop.FAILED);
            }
            if (timeout == null) {
                ended.await();
            } else if (!ended.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                stop(Stop.TIMED_OUT);
            }
        } catch (InterruptedException e) {
            stop(Stop.INTERRUPTED);
        } catch (RuntimeException | Error e) {
            // Could not start a worker (e.g. no native thread left): end the ones that run, then report.
            stop(Stop.FAILED);
            if (joinAll(started, count)) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        boolean interruptedWhileJoining = joinAll(started, count);
        Stop why;
        List<Failure> all;
        synchronized (this) {
            why = stop;
            all = List.copyOf(failures);
        }
        if (interruptedWhileJoining && why != Stop.INTERRUPTED) {
            Thread.currentThread().interrupt();
        }
        List<Throwable> late = new ArrayList<>();
        Progress last = endReport(late);
        Exception thrown = switch (why) {
            case NONE -> late.isEmpty() ? null
                    : new JobFailedException("progress listener failed: " + late.getFirst(), late.removeFirst(), last);
            case FAILED -> {
                JobFailedException first = toException(all.getFirst(), last);
                for (Failure f : all.subList(1, all.size())) {
                    first.addSuppressed(toException(f, last));
                }
                yield first;
            }
            case TIMED_OUT -> {
                JobTimeoutException e = new JobTimeoutException(timeout, last);
                all.forEach(f -> e.addSuppressed(toException(f, last)));
                yield e;
            }
            case INTERRUPTED -> {
                InterruptedException e = new InterruptedException("job interrupted: " + last);
                all.forEach(f -> e.addSuppressed(toException(f, last)));
                yield e;
            }
        };
        if (thrown == null) {
            return;
        }
        late.forEach(thrown::addSuppressed);
        if (thrown instanceof InterruptedException ie) {
            throw ie;
        }
        throw (RuntimeException) thrown;
    }

    /** The final report; a listener that throws here is collected into {@code late}, not thrown. */
    private Progress endReport(List<Throwable> late) {
        try {
            return progress.finish();
        } catch (RuntimeException | Error e) {
            late.add(e);
            return progress.snapshot();
        }
    }

    private static JobFailedException toException(Failure f, Progress p) {
        return f.tile() == null
                ? new JobFailedException("progress listener failed: " + f.cause(), f.cause(), p)
                : new TileFailedException(f.tile(), f.cause(), p);
    }

    private void workLoop(CountDownLatch ended) {
        try {
            while (!stopping) {
                long i = next.getAndIncrement();
                // Re-check: the job may have been stopped while this worker took the index.
                if (i >= tileCount || stopping) {
                    return;
                }
                Tile tile = tiling.tile(i);
                Object r;
                try {
                    r = work.run(tile);
                } catch (Throwable t) {
                    fail(tile, t);
                    return;
                }
                if (results != null) {
                    results[(int) i] = r;
                }
                try {
                    progress.tileDone(tile.size());
                } catch (Throwable t) {
                    fail(null, t);
                    return;
                }
            }
        } finally {
            ended.countDown();
        }
    }

    private void fail(Tile tile, Throwable cause) {
        synchronized (this) {
            failures.add(new Failure(tile, cause));
        }
        stop(Stop.FAILED);
    }

    /** Stops the job: no new tile starts, and running tiles are interrupted. The first reason wins. */
    private void stop(Stop why) {
        synchronized (this) {
            if (stop == Stop.NONE) {
                stop = why;
            }
        }
        stopping = true;
        Thread self = Thread.currentThread();
        for (Thread t : threads) {
            if (t != null && t != self) {
                t.interrupt();
            }
        }
    }

    /** Joins every started worker, even through interrupts; returns whether the caller was interrupted. */
    private static boolean joinAll(Thread[] started, int count) {
        boolean interrupted = false;
        for (int i = 0; i < count; i++) {
            while (true) {
                try {
                    started[i].join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }
}

package io.tessella.exec;

import io.tessella.tiling.Tiling;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.BinaryOperator;

/**
 * Runs a task over every tile of a {@link Tiling} in parallel, the way {@code Pool.map},
 * {@code dask.bag.map} or {@code joblib.Parallel} are used over array chunks, but over shared memory.
 *
 * <p>An executor is an immutable configuration (parallelism, thread kind, timeout, progress listener);
 * the {@code with…} methods return modified copies. It holds no threads: each call to {@link #forEach},
 * {@link #map} or {@link #mapReduce} is one job that creates its own workers, named
 * {@code tessella-job-<n>-worker-<k>}, and joins every one of them before returning or throwing. So an
 * executor is safe to share and to use from many threads at once, and no thread outlives its job.
 *
 * <p>Semantics of a job:
 * <ul>
 * <li>At most {@link #parallelism()} tiles run at once, on fresh {@linkplain ThreadKind#VIRTUAL virtual}
 * threads by default ({@link ThreadKind#PLATFORM platform} threads for kernels that block in native code:
 * a downcall pins a virtual thread to its carrier). Tiles are started in tile order, each exactly once.
 * Parallelism 1 runs every tile in the caller's thread, in order, which is the mode for debugging.</li>
 * <li>Results come back in tile order whatever order the tiles finished in.</li>
 * <li>The first task failure cancels the job: no further tile starts, running tiles are interrupted, and
 * after all workers have ended the caller gets one {@link TileFailedException} naming the failed tile,
 * with the task's exception as cause and any later failures suppressed on it.</li>
 * <li>Interrupting the caller cancels the job the same way and ends in {@link InterruptedException}.</li>
 * <li>With {@link #withTimeout(Duration)}, a job that runs past its deadline is cancelled and ends in
 * {@link JobTimeoutException}, which says how many tiles and elements were done.</li>
 * <li>A {@linkplain #withProgress(ProgressListener, Duration) progress listener} sees throttled snapshots
 * and a final one.</li>
 * </ul>
 * In the serial mode (parallelism 1) nothing can interrupt a running tile: the deadline and the caller's
 * interrupt are checked between tiles, and the task sees the caller's interrupt status itself.
 *
 * <p>Example, recipe 1 in 3 × 2 tiles written into a shared result, then a reduction:
 * <pre>{@code
 * TileExecutor exec = TileExecutor.create().withProgress(p -> System.err.println(p), Duration.ofSeconds(1));
 * exec.forEach(Tiling.grid(new long[] {m, n}, 3, 2), tile -> outer(r.view(tile.start(), tile.stop()), tile));
 * double total = exec.mapReduce(Tiling.auto(r.shape(), 8), tile -> sum(r.view(tile.start(), tile.stop())),
 *         0.0, Double::sum);
 * }</pre>
 */
public final class TileExecutor {
    /** Progress reports at most this often unless told otherwise. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final int parallelism;
    private final ThreadKind threads;
    private final ThreadFactory threadFactory;
    private final Duration timeout;
    private final ProgressListener listener;
    private final Duration progressInterval;

    private TileExecutor(int parallelism, ThreadKind threads, ThreadFactory threadFactory, Duration timeout,
            ProgressListener listener, Duration progressInterval) {
        this.parallelism = parallelism;
        this.threads = threads;
        this.threadFactory = threadFactory;
        this.timeout = timeout;
        this.listener = listener;
        this.progressInterval = progressInterval;
    }

    /**
     * An executor with parallelism = available processors, virtual threads, no timeout and no listener.
     * Example: {@code TileExecutor.create().map(Tiling.split(900, 250), tile -> f(tile))}.
     */
    public static TileExecutor create() {
        return new TileExecutor(Runtime.getRuntime().availableProcessors(), ThreadKind.VIRTUAL, null, null, null,
                DEFAULT_PROGRESS_INTERVAL);
    }

    /**
     * A copy that runs at most {@code parallelism} tiles at once; 1 runs them serially in the caller's thread.
     * Example: {@code exec.withParallelism(1)} to debug a task with a plain stack.
     *
     * @throws IllegalArgumentException if {@code parallelism < 1}
     */
    public TileExecutor withParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism = " + parallelism + " must be positive");
        }
        return new TileExecutor(parallelism, threads, threadFactory, timeout, listener, progressInterval);
    }

    /**
     * A copy that works tiles on the given kind of thread; see {@link ThreadKind} for when to choose
     * platform threads. Clears any {@linkplain #withThreadFactory custom thread factory}.
     */
    public TileExecutor withThreads(ThreadKind kind) {
        return new TileExecutor(parallelism, Objects.requireNonNull(kind, "kind"), null, timeout, listener,
                progressInterval);
    }

    /**
     * A copy that creates each job's worker threads with {@code factory} instead of the built-in virtual or
     * platform factory, e.g. to name, count or monitor them. The factory must return a new, unstarted
     * thread per call; the executor starts, interrupts and joins it.
     */
    public TileExecutor withThreadFactory(ThreadFactory factory) {
        return new TileExecutor(parallelism, threads, Objects.requireNonNull(factory, "factory"), timeout, listener,
                progressInterval);
    }

    /**
     * A copy whose jobs fail with {@link JobTimeoutException} if not done within {@code timeout} of their
     * start. Example: {@code exec.withTimeout(Duration.ofHours(6))}.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public TileExecutor withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout = " + timeout + " must be positive");
        }
        return new TileExecutor(parallelism, threads, threadFactory, timeout, listener, progressInterval);
    }

    /** A copy without a timeout. */
    public TileExecutor withoutTimeout() {
        return new TileExecutor(parallelism, threads, threadFactory, null, listener, progressInterval);
    }

    /**
     * A copy that reports progress to {@code listener} at most once per {@code interval}, plus a final
     * report when a job ends (at the total when it succeeds). See {@link ProgressListener} for threading.
     * Example: {@code exec.withProgress(p -> bar.update(p.fraction()), Duration.ofMillis(200))}.
     *
     * @throws IllegalArgumentException if {@code interval} is negative
     */
    public TileExecutor withProgress(ProgressListener listener, Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval = " + interval + " must not be negative");
        }
        return new TileExecutor(parallelism, threads, threadFactory, timeout,
                Objects.requireNonNull(listener, "listener"), interval);
    }

    /** {@link #withProgress(ProgressListener, Duration)} with {@link #DEFAULT_PROGRESS_INTERVAL}. */
    public TileExecutor withProgress(ProgressListener listener) {
        return withProgress(listener, DEFAULT_PROGRESS_INTERVAL);
    }

    /** The maximum number of tiles run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** The kind of thread that works tiles (ignored when a custom thread factory is set). */
    public ThreadKind threads() {
        return threads;
    }

    /** The per-job timeout, if any. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * Runs {@code action} on every tile, for tasks that write into views of a shared output.
     * Example: {@code exec.forEach(Tiling.split(n, 250), tile -> index(tile, hits[(int) tile.index()]))}.
     *
     * @throws TileFailedException  if a task threw (the first failure; later ones suppressed)
     * @throws JobTimeoutException  if the timeout passed first
     * @throws JobFailedException   if the progress listener threw
     * @throws InterruptedException if the calling thread was interrupted; the job was cancelled
     */
    public void forEach(Tiling tiling, TileAction action) throws InterruptedException {
        Objects.requireNonNull(action, "action");
        run(tiling, tile -> {
            action.run(tile);
            return null;
        }, false);
    }

    /**
     * Runs {@code task} on every tile and returns the results in tile order (an unmodifiable list that may
     * hold nulls). Example: {@code List<double[]> hits = exec.map(tiling, tile -> scan(tile))}.
     *
     * @throws IllegalArgumentException if the tiling has too many tiles for a list
     * @throws TileFailedException      if a task threw (the first failure; later ones suppressed)
     * @throws JobTimeoutException      if the timeout passed first
     * @throws JobFailedException       if the progress listener threw
     * @throws InterruptedException     if the calling thread was interrupted; the job was cancelled
     */
    public <R> List<R> map(Tiling tiling, TileTask<? extends R> task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        Object[] results = run(tiling, task::run, true);
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) Collections.unmodifiableList(Arrays.asList(results));
        return list;
    }

    /**
     * Maps every tile, then folds the results left to right in tile order in the calling thread:
     * {@code combine(…combine(combine(identity, r0), r1)…, rN)}. The fixed order makes a
     * non-associative combine, such as a floating-point sum, give the same answer at every parallelism.
     * Example: {@code double s = exec.mapReduce(tiling, tile -> partialSum(tile), 0.0, Double::sum)}.
     *
     * @throws IllegalArgumentException if the tiling has too many tiles to hold one result each
     * @throws TileFailedException      if a task threw (the first failure; later ones suppressed)
     * @throws JobTimeoutException      if the timeout passed first
     * @throws JobFailedException       if the progress listener threw
     * @throws InterruptedException     if the calling thread was interrupted; the job was cancelled
     */
    public <R> R mapReduce(Tiling tiling, TileTask<? extends R> task, R identity, BinaryOperator<R> combine)
            throws InterruptedException {
        Objects.requireNonNull(combine, "combine");
        R acc = identity;
        for (R r : this.<R>map(tiling, task)) {
            acc = combine.apply(acc, r);
        }
        return acc;
    }

    private Object[] run(Tiling tiling, Job.Worker work, boolean collect) throws InterruptedException {
        Objects.requireNonNull(tiling, "tiling");
        Job job = new Job(tiling, work, collect, listener, progressInterval);
        return job.run(parallelism, threadFactory != null ? threadFactory : defaultFactory(), timeout);
    }

    private ThreadFactory defaultFactory() {
        String prefix = Job.newThreadPrefix();
        return switch (threads) {
            case VIRTUAL -> Thread.ofVirtual().name(prefix, 0).factory();
            // Daemon: a job's threads never outlive it, and they must not keep the JVM up if the caller dies.
            case PLATFORM -> Thread.ofPlatform().name(prefix, 0).daemon(true).factory();
        };
    }

    @Override
    public String toString() {
        return "TileExecutor[parallelism " + parallelism + ", " + (threadFactory != null ? "custom threads"
                : threads + " threads") + (timeout != null ? ", timeout " + timeout : "")
                + (listener != null ? ", progress every " + progressInterval : "") + "]";
    }
}

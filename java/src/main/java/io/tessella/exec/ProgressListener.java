package io.tessella.exec;

/**
 * Receives {@link Progress} snapshots of a running job, throttled by the executor to at most one per
 * interval (see {@link TileExecutor#withProgress(ProgressListener, java.time.Duration)}) plus one final
 * snapshot when the job ends.
 *
 * <p>Thread-safety: calls come from whichever worker thread finished a tile when the interval elapsed,
 * and the final one from the caller's thread; they never overlap, and each call happens-after the
 * previous one, so a listener needs no locking of its own. Values never decrease from one call to the
 * next. A listener should return quickly (a worker waits for it); if it throws, the job fails with that
 * exception as the cause.
 *
 * <p>Example: {@code p -> log.info(p.toString())}, which prints lines like
 * {@code "37/250 tiles, 1332/900000 elements (0.1 %), 2.0 s, 666 elements/s, ETA 22.5 min"}.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Called with the job's progress so far.
     *
     * @param progress an immutable snapshot, never null
     */
    void onProgress(Progress progress);
}

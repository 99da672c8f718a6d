package io.tessella.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts a job's finished tiles and elements and delivers throttled snapshots to the listener.
 *
 * <p>The per-tile cost without a due report is two uncontended-ish atomic adds and, with a listener, one
 * {@code nanoTime} read and a volatile read: counting is per tile, never per element, so it stays off the
 * hot loop. Reports are serialised by a lock that workers only try (a worker never waits for another
 * worker's report), which makes the snapshots monotone: each one is read after the previous one.
 */
final class ProgressTracker {
    /** History points kept; when full, every other point is dropped, so the history spans the whole job. */
    static final int HISTORY_POINTS = 65;

    private final long tileCount;
    private final long elementCount;
    private final long startNanos;
    private final ProgressListener listener;
    private final long intervalNanos;
    private final AtomicLong tilesDone = new AtomicLong();
    private final AtomicLong elementsDone = new AtomicLong();
    private volatile long nextReportNanos;

    private final ReentrantLock reportLock = new ReentrantLock();
    // Guarded by reportLock: history points (time since start, elements, tiles) and their sampling stride.
    private final long[] pointNanos = new long[HISTORY_POINTS];
    private final long[] pointElements = new long[HISTORY_POINTS];
    private final long[] pointTiles = new long[HISTORY_POINTS];
    private int points = 1;
    private long stride = 1;
    private long reports;
    private boolean listenerBroken;

    ProgressTracker(long tileCount, long elementCount, ProgressListener listener, Duration interval) {
        this.tileCount = tileCount;
        this.elementCount = elementCount;
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        this.startNanos = System.nanoTime();
        this.nextReportNanos = startNanos + intervalNanos;
    }

    long startNanos() {
        return startNanos;
    }

    long tilesDone() {
        return tilesDone.get();
    }

    /** Counts a finished tile; may call the listener, whose exceptions propagate to the worker. */
    void tileDone(long elements) {
        tilesDone.incrementAndGet();
        elementsDone.addAndGet(elements);
        if (listener == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextReportNanos < 0 || !reportLock.tryLock()) {
            return;
        }
        try {
            if (now - nextReportNanos < 0 || listenerBroken) {
                return;
            }
            nextReportNanos = now + intervalNanos;
            deliverLocked(false);
        } finally {
            reportLock.unlock();
        }
    }

    /**
     * The final report, from the caller's thread after every worker has ended. Skipped if the listener
     * threw before. Returns the final snapshot.
     */
    Progress finish() {
        reportLock.lock();
        try {
            if (listener == null || listenerBroken) {
                return snapshotLocked(true);
            }
            return deliverLocked(true);
        } finally {
            reportLock.unlock();
        }
    }

    /** A snapshot without reporting it, e.g. for an exception message. */
    Progress snapshot() {
        reportLock.lock();
        try {
            return snapshotLocked(false);
        } finally {
            reportLock.unlock();
        }
    }

    private Progress deliverLocked(boolean last) {
        Progress p = snapshotLocked(last || ++reports % stride == 0);
        try {
            listener.onProgress(p);
        } catch (RuntimeException | Error e) {
            listenerBroken = true;
            throw e;
        }
        return p;
    }

    private Progress snapshotLocked(boolean record) {
        long nanos = Math.max(System.nanoTime() - startNanos, pointNanos[points - 1]);
        long tiles = tilesDone.get();
        long elements = elementsDone.get();
        if (record && nanos > pointNanos[points - 1]) {
            if (points == HISTORY_POINTS) {
                for (int i = 1; i < (HISTORY_POINTS + 1) / 2; i++) {
                    pointNanos[i] = pointNanos[2 * i];
                    pointElements[i] = pointElements[2 * i];
                    pointTiles[i] = pointTiles[2 * i];
                }
                points = (HISTORY_POINTS + 1) / 2;
                stride *= 2;
            }
            pointNanos[points] = nanos;
            pointElements[points] = elements;
            pointTiles[points] = tiles;
            points++;
        }
        List<RateSample> history = new ArrayList<>(points - 1);
        for (int i = 1; i < points; i++) {
            history.add(new RateSample(Duration.ofNanos(pointNanos[i - 1]), Duration.ofNanos(pointNanos[i]),
                    pointElements[i] - pointElements[i - 1], pointTiles[i] - pointTiles[i - 1]));
        }
        return new Progress(tiles, tileCount, elements, elementCount, Duration.ofNanos(nanos), history);
    }
}

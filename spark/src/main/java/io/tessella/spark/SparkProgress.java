package io.tessella.spark;

import io.tessella.exec.Progress;
import io.tessella.exec.ProgressListener;
import io.tessella.exec.RateSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A job's progress on the driver, beside Spark's own UI: partitions and elements done, the rate, the
 * ETA, as the library's {@link Progress} snapshots. It listens to Spark's task-end events of the jobs in
 * its job group and counts each partition once, however many attempts (retried, speculative) it took.
 *
 * <p>Events arrive on Spark's listener thread, one at a time; snapshots go to the listener at most once
 * per interval, and once more, complete, when the job's action returned.
 */
final class SparkProgress extends SparkListener implements AutoCloseable {
    private static final int HISTORY = 64;

    private final SparkContext sc;
    private final String group;
    private final long[] elements;
    private final long elementCount;
    private final ProgressListener listener;
    private final long intervalNanos;
    private final long t0 = System.nanoTime();
    private final Set<Integer> stages = new HashSet<>();
    private final BitSet done = new BitSet();
    private final List<RateSample> history = new ArrayList<>();
    private long elementsDone;
    private long lastReport = Long.MIN_VALUE;
    private long lastSampleNanos;
    private long lastSampleElements;
    private long lastSampleTiles;

    /**
     * @param elements per partition of the Spark job (its position in the job's list), the elements it covers
     */
    SparkProgress(SparkContext sc, String group, long[] elements, ProgressListener listener, Duration interval) {
        this.sc = sc;
        this.group = group;
        this.elements = elements.clone();
        long n = 0;
        for (long e : elements) {
            n += e;
        }
        this.elementCount = n;
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        sc.addSparkListener(this);
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        if (start.properties() != null && group.equals(start.properties().getProperty("spark.jobGroup.id"))) {
            scala.collection.Iterator<Object> ids = start.stageIds().iterator();
            while (ids.hasNext()) {
                stages.add((Integer) ids.next());
            }
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        TaskEndReason reason = end.reason();
        if (!stages.contains(end.stageId()) || !(reason instanceof org.apache.spark.Success$)) {
            return;
        }
        int index = end.taskInfo().index();
        if (index < 0 || index >= elements.length || done.get(index)) {
            return;
        }
        done.set(index);
        elementsDone += elements[index];
        long now = System.nanoTime();
        if (now - lastReport >= intervalNanos) {
            lastReport = now;
            report(now);
        }
    }

    private void report(long now) {
        long tiles = done.cardinality();
        history.add(new RateSample(Duration.ofNanos(lastSampleNanos), Duration.ofNanos(now - t0), elementsDone - lastSampleElements,
                tiles - lastSampleTiles));
        lastSampleNanos = now - t0;
        lastSampleElements = elementsDone;
        lastSampleTiles = tiles;
        if (history.size() > HISTORY) {
            // Neighbours merged, so the whole job stays covered in a bounded list.
            List<RateSample> merged = new ArrayList<>();
            for (int i = 0; i + 1 < history.size(); i += 2) {
                RateSample a = history.get(i), b = history.get(i + 1);
                merged.add(new RateSample(a.from(), b.to(), a.elements() + b.elements(), a.tiles() + b.tiles()));
            }
            if (history.size() % 2 == 1) {
                merged.add(history.getLast());
            }
            history.clear();
            history.addAll(merged);
        }
        listener.onProgress(new Progress(tiles, elements.length, elementsDone, elementCount, Duration.ofNanos(now - t0), history));
    }

    /** The job's action returned: every partition is done. Reports once more and stops listening. */
    synchronized void completed() {
        done.set(0, elements.length);
        elementsDone = elementCount;
        report(System.nanoTime());
    }

    @Override
    public void close() {
        sc.removeSparkListener(this);
    }
}

package io.tessella.spark;

import io.tessella.exec.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Runs one Spark job whose partitions are the given row blocks, one task each, and collects what each
 * task returns, in partition order. Spark owns scheduling, retries and placement; the task body is
 * Tessella's tile code.
 */
final class PartitionRuns {
    private PartitionRuns() {
    }

    /**
     * @param ids      the row blocks to run (a resumed job runs only the unfinished ones)
     * @param elements per entry of {@code ids}, the elements it covers (for progress)
     * @param listener progress on the driver, or {@code null}
     */
    static <R> List<R> run(JavaSparkContext jsc, String description, List<Integer> ids, long[] elements,
            FlatMapFunction<Iterator<Integer>, R> task, ProgressListener listener, Duration interval) {
        if (ids.isEmpty()) {
            return new ArrayList<>();
        }
        String group = "tessella-" + UUID.randomUUID();
        jsc.setJobGroup(group, description, true);
        SparkProgress progress = listener == null ? null : new SparkProgress(jsc.sc(), group, elements, listener, interval);
        try {
            // One element per slice: parallelize cuts a list of n into n slices of one.
            List<R> out = jsc.parallelize(ids, ids.size()).mapPartitions(task).collect();
            if (progress != null) {
                progress.completed();
            }
            return out;
        } finally {
            if (progress != null) {
                progress.close();
            }
            jsc.clearJobGroup();
            // In local mode the tasks ran in this JVM: what they kept open for each other is released with the job.
            ExecutorCache.closeIdleEverywhere();
        }
    }
}

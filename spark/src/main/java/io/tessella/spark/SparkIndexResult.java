package io.tessella.spark;

import io.tessella.jobs.IndexCounts;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a Spark index build wrote and saw: the counts over every row block (as the local build's
 * {@code IndexResult.counts()}), how the job was cut and how long it took, the kernel the executors ran,
 * and where the result is.
 *
 * <p>Immutable. Example: {@code r.counts().emitted() + " rows in " + r.report().elapsed()}.
 *
 * @param counts   visited, skipped, failed by code, emitted: the same as the local build's
 * @param report   partitions, blocks resumed from a checkpoint, time
 * @param kernel   the kernel's description, as checked on the driver
 * @param output   the published result, when there is one
 */
public record SparkIndexResult(IndexCounts counts, SparkJobReport report, String kernel, Optional<Path> output) {
    /** Elements visited per second of the job's time. */
    public double elementsPerSecond() {
        double s = report.elapsed().toNanos() / 1e9;
        return s == 0 ? 0 : counts.visited() / s;
    }
}

package io.tessella.spark;

import java.time.Duration;

/**
 * How a Spark job of Tessella's went: what it computed, how it was cut, how long it took.
 *
 * <p>Immutable. Example: {@code System.out.println(report.partitions() + " partitions in " + report.elapsed());}
 *
 * @param op                 outer, add, rowsum or index
 * @param partitions         row blocks in the job
 * @param rowsPerPartition   rows per block (the last may be shorter)
 * @param resumedPartitions  blocks taken from a checkpoint instead of computed
 * @param elapsed            from the first task's submission to the last one's end, on the driver
 */
public record SparkJobReport(String op, int partitions, long rowsPerPartition, int resumedPartitions, Duration elapsed) {
}

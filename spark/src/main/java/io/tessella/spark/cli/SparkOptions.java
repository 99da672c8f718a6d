package io.tessella.spark.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What every {@code tessella spark} command takes besides the local command's options: the master, Spark
 * settings, and how rows are cut into partitions. Mixed in with picocli's {@code @Mixin}.
 *
 * <pre>{@code tessella spark index --master spark://head:7077 --conf spark.executor.memoryOverhead=2g ...}</pre>
 */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "local[N], local-cluster[W,C,MB] or spark://HOST:PORT (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, as spark-submit's --conf (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--rows-per-partition", paramLabel = "N", description = "Rows (axis 0) per partition (default: blocks of about --partition-mb).")
    Long rowsPerPartition;

    @Option(names = "--partition-mb", paramLabel = "MB", defaultValue = "128",
            description = "Inputs and outputs per partition, in MiB, when --rows-per-partition is not given (default: ${DEFAULT-VALUE}).")
    long partitionMb;

    void check() {
        if (rowsPerPartition != null && rowsPerPartition < 1) {
            throw new IllegalArgumentException("--rows-per-partition " + rowsPerPartition + " must be at least 1");
        }
        if (partitionMb < 1) {
            throw new IllegalArgumentException("--partition-mb " + partitionMb + " must be at least 1");
        }
    }
}

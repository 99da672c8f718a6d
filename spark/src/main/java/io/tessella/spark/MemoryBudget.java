package io.tessella.spark;

import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * Tessella's memory is off-heap (mapped files, anonymous mappings, arenas) and so invisible to Spark's
 * memory manager: on a cluster manager that enforces container sizes it must fit in
 * {@code spark.executor.memoryOverhead}. This checks, before a job starts, that the tasks one executor
 * runs at once fit there, and says what to change if they do not: a clear error on the driver instead
 * of an executor killed for its memory.
 *
 * <p>In {@code local[N]} mode the tasks run in the driver's own JVM, which has no overhead budget; the
 * check is skipped there.
 */
final class MemoryBudget {
    /** What an executor's Tessella code holds besides its tasks: bundled libraries, the JIT's share, scratch. */
    static final long BASELINE_BYTES = 32L << 20;

    private MemoryBudget() {
    }

    /**
     * @param perTaskBytes the most off-heap memory one task holds at once
     * @param what         how that figure was reached, for the message
     * @throws IllegalArgumentException if the tasks of one executor need more than its overhead
     */
    static void check(SparkConf conf, long perTaskBytes, String what) {
        String master = conf.get("spark.master", "local");
        if (master.equals("local") || master.startsWith("local[")) {
            return;
        }
        long overhead = overheadBytes(conf);
        int tasks = tasksPerExecutor(conf);
        long need = Math.addExact(Math.multiplyExact(perTaskBytes, (long) tasks), BASELINE_BYTES);
        if (need > overhead) {
            long mb = Math.ceilDiv(need, 1L << 20);
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "each task holds up to %s of off-heap memory (%s), and %d task(s) run at once per executor: with Tessella's %s "
                            + "that is %s, more than spark.executor.memoryOverhead = %s; raise it (--conf spark.executor.memoryOverhead=%dm) "
                            + "or make partitions smaller", mib(perTaskBytes), what, tasks, mib(BASELINE_BYTES), mib(need), mib(overhead), mb));
        }
    }

    /** {@code spark.executor.memoryOverhead}, or Spark's default: max(384 MiB, factor × executor memory). */
    static long overheadBytes(SparkConf conf) {
        if (conf.contains("spark.executor.memoryOverhead")) {
            return conf.getSizeAsMb("spark.executor.memoryOverhead", "384m") << 20;
        }
        long executor = conf.getSizeAsMb("spark.executor.memory", "1g") << 20;
        double factor = conf.getDouble("spark.executor.memoryOverheadFactor", 0.10);
        long min = conf.getSizeAsMb("spark.executor.minMemoryOverhead", "384m") << 20;
        return Math.max(min, (long) (factor * executor));
    }

    /** Task slots of one executor: {@code spark.executor.cores / spark.task.cpus} (cores default to 1). */
    static int tasksPerExecutor(SparkConf conf) {
        int cores = conf.getInt("spark.executor.cores", localClusterCores(conf.get("spark.master", "")));
        int perTask = conf.getInt("spark.task.cpus", 1);
        return Math.max(1, cores / Math.max(1, perTask));
    }

    /** {@code local-cluster[workers, cores, memory]}'s cores per worker, else 1. */
    private static int localClusterCores(String master) {
        if (master.startsWith("local-cluster[")) {
            String[] parts = master.substring("local-cluster[".length(), master.length() - 1).split(",");
            if (parts.length == 3) {
                return Integer.parseInt(parts[1].trim());
            }
        }
        return 1;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}

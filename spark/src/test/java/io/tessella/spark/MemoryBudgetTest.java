package io.tessella.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * Tessella's off-heap memory is checked against {@code spark.executor.memoryOverhead} before a job
 * starts: what one executor's tasks hold at once, with Spark's default overhead when none is set, and
 * a message that says what to set.
 */
class MemoryBudgetTest {

    private static SparkConf cluster() {
        return new SparkConf(false).set("spark.master", "spark://head:7077");
    }

    @Test
    void theDefaultOverheadIsSparksRule() {
        assertEquals(384L << 20, MemoryBudget.overheadBytes(cluster()));
        assertEquals(1638L << 20, MemoryBudget.overheadBytes(cluster().set("spark.executor.memory", "16g")) >> 20 << 20);
        assertEquals(3L << 30, MemoryBudget.overheadBytes(cluster().set("spark.executor.memoryOverhead", "3g")));
    }

    @Test
    void tasksPerExecutorAreCoresOverTaskCpus() {
        assertEquals(1, MemoryBudget.tasksPerExecutor(cluster()));
        assertEquals(4, MemoryBudget.tasksPerExecutor(cluster().set("spark.executor.cores", "8").set("spark.task.cpus", "2")));
        assertEquals(3, MemoryBudget.tasksPerExecutor(new SparkConf(false).set("spark.master", "local-cluster[2,3,1024]")));
    }

    @Test
    void tasksThatDoNotFitAreRefusedSayingWhatToSet() {
        SparkConf conf = cluster().set("spark.executor.cores", "4").set("spark.executor.memoryOverhead", "1g");
        assertDoesNotThrow(() -> MemoryBudget.check(conf, 200L << 20, "blocks"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryBudget.check(conf, 300L << 20, "its block"));
        assertTrue(e.getMessage().contains("4 task(s) run at once per executor") && e.getMessage().contains("spark.executor.memoryOverhead = 1024.0 MiB")
                && e.getMessage().contains("--conf spark.executor.memoryOverhead=1232m"), e.getMessage());
    }

    @Test
    void localModeHasNoOverheadToCheck() {
        assertDoesNotThrow(() -> MemoryBudget.check(new SparkConf(false).set("spark.master", "local[2]"), 1L << 50, "anything"));
    }
}

package io.tessella.spark;

import static io.tessella.spark.SparkTestSupport.mixed;
import static io.tessella.spark.SparkTestSupport.npy;
import static io.tessella.spark.SparkTestSupport.sameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.JavaKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With speculation on, a straggling block is copied on the other host and both attempts may finish:
 * the {@code .npy} outputs, the rows Dataset and the Parquet files still hold every row once, in the
 * serial loop's order. On a standalone cluster of two worker hosts on loopback (127.0.0.2, 127.0.0.3).
 */
class StandaloneSpeculationTest {
    private static StandaloneCluster cluster;
    private static SparkSession spark;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = SparkTestSupport.workDir("speculation");
        cluster = StandaloneCluster.start(2, dir.resolve("cluster"));
        List<String> appJars = ClusterSupport.populate(Path.of(System.getenv("SPARK_HOME")));
        spark = SparkSession.builder().master(cluster.masterUrl()).appName("tessella-speculation-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.memory", "512m")
                .config("spark.executor.cores", "1")
                .config("spark.executorEnv.JAVA_HOME", System.getProperty("java.home"))
                .config("spark.jars", String.join(",", appJars))
                .config("spark.speculation", "true")
                .config("spark.speculation.interval", "100ms")
                .config("spark.speculation.quantile", "0.5")
                .config("spark.speculation.multiplier", "2")
                .config("spark.speculation.minTaskRuntime", "500ms")
                .config("spark.speculation.efficiency.enabled", "false")
                .getOrCreate();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (spark.sparkContext().getExecutorMemoryStatus().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(3, spark.sparkContext().getExecutorMemoryStatus().size(), "the driver and two executors on two hosts: "
                + spark.sparkContext().getExecutorMemoryStatus().keySet());
    }

    @AfterAll
    static void stop() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void aSpeculatedBlockGivesEveryRowOnceInOrder() throws Exception {
        long[] shape = {48, 50};
        Path a1 = npy(dir, "a1.npy", DType.FLOAT64, shape, mixed(201, 0.2));
        Path a2 = npy(dir, "a2.npy", DType.FLOAT64, shape, mixed(202, 0));
        Path expected = dir.resolve("local");
        try (NdArray x1 = NpyFile.open(a1, NpyFile.Mode.READ_ONLY); NdArray x2 = NpyFile.open(a2, NpyFile.Mode.READ_ONLY);
                IndexResult r = IndexBuilder.create().kernel(JavaKernel.STANDARD).outputDirectory(expected).run(x1, x2)) {
            assertTrue(r.counts().emitted() > 0);
        }
        AtomicInteger speculative = new AtomicInteger();
        SparkListener count = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().speculative()) {
                    speculative.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(count);
        try {
            SparkIndexJob job = SparkIndexJob.create(spark).kernel(KernelSource.java(new TestKernels.SlowFirstAttempt(3, 2500))).rowsPerPartition(4);
            Path out = dir.resolve("npy");
            job.writeNpy(NpySource.of(a1), NpySource.of(a2), out);
            for (String n : List.of("xs.npy", "ys.npy", "idxs.npy")) {
                assertNull(sameBytes(expected.resolve(n), out.resolve(n)));
            }
            List<Row> rows = job.rows(NpySource.of(a1), NpySource.of(a2)).collectAsList();
            Path parquet = dir.resolve("parquet");
            job.writeParquet(NpySource.of(a1), NpySource.of(a2), parquet);
            List<Row> fromParquet = new java.util.ArrayList<>();
            File[] files = parquet.toFile().listFiles((d, n) -> n.endsWith(".parquet"));
            java.util.Arrays.sort(files);
            for (File f : files) {
                fromParquet.addAll(spark.read().parquet(f.toString()).collectAsList());
            }
            try (NdArray xs = NpyFile.open(expected.resolve("xs.npy"), NpyFile.Mode.READ_ONLY);
                    NdArray ys = NpyFile.open(expected.resolve("ys.npy"), NpyFile.Mode.READ_ONLY);
                    NdArray idxs = NpyFile.open(expected.resolve("idxs.npy"), NpyFile.Mode.READ_ONLY)) {
                for (List<Row> got : List.of(rows, fromParquet)) {
                    assertEquals(xs.length(0), got.size());
                    for (int i = 0; i < got.size(); i++) {
                        assertEquals(List.of(xs.getLong(i), ys.getLong(i), idxs.getLong(i)),
                                List.of(got.get(i).getLong(0), got.get(i).getLong(1), got.get(i).getLong(2)), "row " + i);
                    }
                }
            }
        } finally {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(count);
        }
        assertTrue(speculative.get() >= 2, speculative.get() + " speculative attempts finished: the straggler of each job was copied");
    }
}

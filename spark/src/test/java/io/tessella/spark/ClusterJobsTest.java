package io.tessella.spark;

import static io.tessella.spark.SparkTestSupport.mixed;
import static io.tessella.spark.SparkTestSupport.npy;
import static io.tessella.spark.SparkTestSupport.sameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.Kernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.jobs.OuterImpl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a real standalone cluster with separate executor JVMs ({@code local-cluster[2,1,1024]}): an
 * executor killed with SIGKILL mid-job and a kernel that fails every task's first attempt cost time
 * only; the outputs are byte-identical to the local results. (Speculation: {@link StandaloneSpeculationTest}.)
 */
class ClusterJobsTest {
    private static SparkSession spark;
    private static Path dir;
    private static int counter;

    @BeforeAll
    static void start() throws IOException {
        dir = SparkTestSupport.workDir("cluster-jobs");
        spark = ClusterSupport.start();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Path fresh(String name) {
        return dir.resolve((counter++) + "-" + name);
    }

    private static Path[] inputs(long[] shape, long seed) {
        return new Path[] {npy(dir, fresh("a1.npy").getFileName().toString(), DType.FLOAT64, shape, mixed(seed, 0.2)),
                npy(dir, fresh("a2.npy").getFileName().toString(), DType.FLOAT64, shape, mixed(seed + 1, 0))};
    }

    private static Path local(Path a1, Path a2, Kernel k) throws Exception {
        Path out = fresh("local");
        try (NdArray x1 = NpyFile.open(a1, NpyFile.Mode.READ_ONLY); NdArray x2 = NpyFile.open(a2, NpyFile.Mode.READ_ONLY);
                IndexResult r = IndexBuilder.create().kernel(k).parallelism(2).outputDirectory(out).run(x1, x2)) {
            assertTrue(r.counts().visited() >= 0);
        }
        return out;
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        for (String n : List.of("xs.npy", "ys.npy", "idxs.npy")) {
            assertNull(sameBytes(expected.resolve(n), actual.resolve(n)));
        }
    }

    /** Counts finished task attempts from now on. */
    private static final class Attempts extends SparkListener {
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().successful()) {
                succeeded.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        }
    }

    private static Attempts listen() {
        Attempts a = new Attempts();
        spark.sparkContext().addSparkListener(a);
        return a;
    }

    private static void unlisten(Attempts a) throws Exception {
        spark.sparkContext().listenerBus().waitUntilEmpty();
        spark.sparkContext().removeSparkListener(a);
    }

    @Test
    void anExecutorKilledMidJobCostsOnlyTime() throws Exception {
        Path[] in = inputs(new long[] {60, 400}, 81);
        Path expected;
        try (NativeKernel heavy = NativeKernel.open(TestKernels.heavyLibrary())) {
            expected = local(in[0], in[1], heavy);
        }
        Path out = fresh("killed");
        Attempts attempts = listen();
        try {
            CompletableFuture<SparkIndexResult> job = CompletableFuture.supplyAsync(() -> SparkIndexJob.create(spark)
                    .kernel(KernelSource.library(TestKernels.heavyLibrary())).rowsPerPartition(2)
                    .writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), out));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (attempts.succeeded.get() < 4 && !job.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<ProcessHandle> executors = ClusterSupport.executors();
            assertEquals(2, executors.size(), "two executor JVMs: " + executors);
            assertTrue(!job.isDone(), "the job still runs when an executor is killed");
            assertTrue(executors.getFirst().destroyForcibly(), "SIGKILL");
            SparkIndexResult r = job.get(3, TimeUnit.MINUTES);
            assertSameFiles(expected, out);
            assertEquals(30, r.report().partitions());
            assertTrue(attempts.failed.get() >= 1, "the killed executor's task failed and was run again");
        } finally {
            unlisten(attempts);
        }
    }

    @Test
    void tasksThatWouldOutgrowTheExecutorsOverheadAreRefusedBeforeAnyJob() throws Exception {
        // An 8 GB input that takes no disk: a header, then a hole.
        Path big = fresh("big.npy");
        byte[] header = io.tessella.io.NpyHeader.encode(DType.FLOAT64, false, new long[] {100_000, 10_000});
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + 8L * 100_000 * 10_000);
        }
        Path out = fresh("never");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkIndexJob.create(spark).rowsPerPartition(50_000).writeNpy(NpySource.of(big), NpySource.of(big), out));
        assertTrue(e.getMessage().contains("more than spark.executor.memoryOverhead = 512.0 MiB")
                && e.getMessage().contains("--conf spark.executor.memoryOverhead="), e.getMessage());
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(out));
        Path r = fresh("never.npy");
        Path y = npy(dir, fresh("y.npy").getFileName().toString(), DType.FLOAT64, new long[] {100_000}, mixed(1, 0));
        Path x = npy(dir, fresh("x.npy").getFileName().toString(), DType.FLOAT64, new long[] {1_000}, mixed(2, 0));
        IllegalArgumentException outer = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkArrayJob.create(spark).rowsPerPartition(100_000).outer(NpySource.of(y), NpySource.of(x), r, OuterImpl.TILED));
        assertTrue(outer.getMessage().contains("its block of 100000 rows: 762.9 MiB of output")
                && outer.getMessage().contains("spark.executor.memoryOverhead"), outer.getMessage());
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(r));
    }

    @Test
    void aKernelThatFailsEveryTasksFirstAttemptIsRetriedWithIdenticalOutputs() throws Exception {
        Path[] in = inputs(new long[] {23, 31}, 91);
        Path expected = local(in[0], in[1], JavaKernel.STANDARD);
        Path out = fresh("retried");
        Attempts attempts = listen();
        try {
            SparkIndexResult r = SparkIndexJob.create(spark).kernel(KernelSource.java(new TestKernels.FailsFirstAttempt())).rowsPerPartition(5)
                    .writeNpy(NpySource.of(in[0]), NpySource.of(in[1].toUri().toString()), out);
            assertSameFiles(expected, out);
            assertTrue(attempts.failed.get() >= r.report().partitions(), attempts.failed.get() + " failed attempts for "
                    + r.report().partitions() + " blocks");
        } finally {
            unlisten(attempts);
        }
    }

    @Test
    void aShippedLibraryAndTheArrayJobsRunOnTheExecutors() throws Exception {
        Path lib = TestKernels.testLibrary("tessella_test_odd_status");
        Path[] in = inputs(new long[] {19, 21}, 111);
        Path expected;
        try (NativeKernel k = NativeKernel.open(lib)) {
            expected = local(in[0], in[1], k);
        }
        Path out = fresh("shipped");
        SparkIndexJob.create(spark).kernel(KernelSource.library(lib)).rowsPerPartition(3).writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), out);
        assertSameFiles(expected, out);

        Path y = npy(dir, fresh("y.npy").getFileName().toString(), DType.INT64, new long[] {301}, mixed(5, 0));
        Path x = npy(dir, fresh("x.npy").getFileName().toString(), DType.FLOAT64, new long[] {77}, mixed(6, 0));
        Path r = fresh("r-local.npy");
        try (NdArray ya = NpyFile.open(y, NpyFile.Mode.READ_ONLY); NdArray xa = NpyFile.open(x, NpyFile.Mode.READ_ONLY);
                NpyOutput o = NpyFile.create(r, DType.FLOAT64, 301, 77)) {
            ArrayOps.create().outer(o.array(), ya, xa, OuterImpl.TILED);
            o.commit();
        }
        Path rs = fresh("r-spark.npy");
        SparkArrayJob.create(spark).rowsPerPartition(20).outer(NpySource.of(y.toUri().toString()), NpySource.of(x), rs, OuterImpl.VECTOR);
        assertNull(sameBytes(r, rs));
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("tessella-partial")), "no partial file is left");
        }
    }
}

package io.tessella.spark;

import static io.tessella.spark.SparkTestSupport.mixed;
import static io.tessella.spark.SparkTestSupport.npy;
import static io.tessella.spark.SparkTestSupport.sameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.Kernel;
import io.tessella.kernel.KernelLinkException;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index build on {@code local[2]}: its {@code .npy} outputs are byte-identical to the local
 * {@link IndexBuilder}'s (what {@code tessella index --out} writes), its rows are the same in the same
 * order as a Dataset and as Parquet, for odd shapes and blocks, empty inputs, all-sentinel inputs and
 * kernels that fail on some elements; a checkpoint resumes a failed job; a kernel library that cannot be
 * used fails on the driver before any Spark job.
 */
class LocalIndexJobTest {
    private static SparkSession spark;
    private static Path dir;
    private static int counter;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSupport.local("local[2]");
        dir = SparkTestSupport.workDir("index-jobs");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Path fresh(String name) {
        return dir.resolve((counter++) + "-" + name);
    }

    private static Path[] inputs(long[] shape, double sentinelShare, long seed) {
        Path a1 = npy(dir, fresh("a1.npy").getFileName().toString(), DType.FLOAT64, shape, mixed(seed, sentinelShare));
        Path a2 = npy(dir, fresh("a2.npy").getFileName().toString(), DType.FLOAT64, shape, mixed(seed + 1, 0));
        return new Path[] {a1, a2};
    }

    /** What {@code tessella index --out} writes: the local builder's files. */
    private static Path local(Path a1, Path a2, Kernel k, double sentinel) throws Exception {
        Path out = fresh("local");
        try (NdArray x1 = NpyFile.open(a1, NpyFile.Mode.READ_ONLY); NdArray x2 = NpyFile.open(a2, NpyFile.Mode.READ_ONLY);
                IndexResult r = IndexBuilder.create().kernel(k).sentinel(sentinel).parallelism(2).outputDirectory(out).run(x1, x2)) {
            assertTrue(r.counts().visited() >= 0);
        }
        return out;
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(expected)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (Stream<Path> s = Files.list(actual)) {
            assertEquals(names, s.map(p -> p.getFileName().toString()).sorted().toList(), "the same files");
        }
        for (String n : names) {
            assertNull(sameBytes(expected.resolve(n), actual.resolve(n)));
        }
    }

    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(new long[] {37, 23}, 0.3, 5L), Arguments.of(new long[] {1, 1}, 0.0, 1L),
                Arguments.of(new long[] {0, 5}, 0.3, 1L), Arguments.of(new long[] {5, 0}, 0.3, 2L), Arguments.of(new long[] {1001}, 0.2, 100L),
                Arguments.of(new long[] {4, 5, 6}, 0.5, 3L), Arguments.of(new long[] {20, 9}, 1.0, 6L), Arguments.of(new long[] {64, 64}, 0.1, 0L));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void theNpyOutputsAreTheLocalBuildersBytes(long[] shape, double sentinelShare, long rowsPerPartition) throws Exception {
        Path[] in = inputs(shape, sentinelShare, 11);
        Path expected = local(in[0], in[1], Kernel.best(), IndexBuilder.DEFAULT_SENTINEL);
        for (boolean hadoop : new boolean[] {false, true}) {
            Path actual = fresh("spark");
            SparkIndexJob job = SparkIndexJob.create(spark);
            if (rowsPerPartition > 0) {
                job = job.rowsPerPartition(rowsPerPartition);
            }
            SparkIndexResult r = job.writeNpy(NpySource.of(hadoop ? in[0].toUri().toString() : in[0].toString()),
                    NpySource.of(hadoop ? in[1].toUri().toString() : in[1].toString()), actual);
            assertSameFiles(expected, actual);
            try (NdArray x1 = NpyFile.open(in[0], NpyFile.Mode.READ_ONLY); NdArray x2 = NpyFile.open(in[1], NpyFile.Mode.READ_ONLY);
                    IndexResult l = IndexBuilder.create().run(x1, x2)) {
                assertEquals(l.counts(), r.counts());
            }
        }
    }

    /** Inputs of any real dtype, the two of them different, mapped or read through Hadoop, as the local builder reads them. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"FLOAT32, INT16", "INT32, UINT8", "UINT16, BOOL", "INT64, FLOAT32"})
    void inputsOfOtherDtypesGiveTheLocalBuildersBytes(DType d1, DType d2) throws Exception {
        long[] shape = {29, 13};
        Path a1 = npy(dir, fresh("a1-" + d1 + ".npy").getFileName().toString(), d1, shape, mixed(51, 0.2));
        Path a2 = npy(dir, fresh("a2-" + d2 + ".npy").getFileName().toString(), d2, shape, k -> (k * 7919) % 300 - 150);
        Path expected = local(a1, a2, Kernel.best(), IndexBuilder.DEFAULT_SENTINEL);
        for (boolean hadoop : new boolean[] {false, true}) {
            Path actual = fresh("spark-" + d1 + "-" + d2);
            SparkIndexJob.create(spark).rowsPerPartition(5).writeNpy(NpySource.of(hadoop ? a1.toUri().toString() : a1.toString()),
                    NpySource.of(hadoop ? a2.toUri().toString() : a2.toString()), actual);
            assertSameFiles(expected, actual);
        }
    }

    @Test
    void fortranAndBigEndianInputsGiveTheLocalBuildersBytes() throws Exception {
        long[] shape = {23, 17};
        Path a1 = SparkTestSupport.npyLayout(dir, fresh("a1.npy").getFileName().toString(), shape, true, java.nio.ByteOrder.BIG_ENDIAN, mixed(91, 0.3));
        Path a2 = SparkTestSupport.npyLayout(dir, fresh("a2.npy").getFileName().toString(), shape, false, java.nio.ByteOrder.BIG_ENDIAN, mixed(92, 0));
        Path expected = local(a1, a2, Kernel.best(), IndexBuilder.DEFAULT_SENTINEL);
        Path actual = fresh("spark");
        SparkIndexJob.create(spark).rowsPerPartition(4).writeNpy(NpySource.of(a1), NpySource.of(a2.toUri().toString()), actual);
        assertSameFiles(expected, actual);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkIndexJob.create(spark)
                .writeNpy(NpySource.of(a1.toUri().toString()), NpySource.of(a2), fresh("never")));
        assertTrue(e.getMessage().contains("is in Fortran order: its row blocks are not contiguous"), e.getMessage());
    }

    @Test
    void aShippedLibraryWhoseKernelFailsSomeElementsCountsThemByCode() throws Exception {
        Path lib = TestKernels.testLibrary("tessella_test_odd_status");
        Path[] in = inputs(new long[] {41, 17}, 0.2, 21);
        Path expected;
        try (NativeKernel k = NativeKernel.open(lib)) {
            expected = local(in[0], in[1], k, IndexBuilder.DEFAULT_SENTINEL);
        }
        Path actual = fresh("spark");
        SparkIndexResult r = SparkIndexJob.create(spark).kernel(KernelSource.library(lib)).rowsPerPartition(4).mode(IndexMode.ELEMENT)
                .writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), actual);
        assertSameFiles(expected, actual);
        assertTrue(r.counts().failedByCode().containsKey(77) && r.counts().failedByCode().containsKey(-1), r.counts().toString());
    }

    @Test
    void tasksShareOneLoadOfTheLibraryAndOneMappingOfEachInputAndTheJobReleasesThem() throws Exception {
        Path lib = TestKernels.testLibrary("tessella_test_odd_status");
        Path[] in = inputs(new long[] {40, 9}, 0.1, 31);
        long kernels = ExecutorCache.KERNELS.opened(), mappings = ExecutorCache.MAPPINGS.opened();
        SparkIndexResult r = SparkIndexJob.create(spark).kernel(KernelSource.library(lib)).rowsPerPartition(2).writeNpy(NpySource.of(in[0]),
                NpySource.of(in[1]), fresh("shared"));
        assertEquals(20, r.report().partitions());
        assertEquals(1, ExecutorCache.KERNELS.opened() - kernels, "library loads for 20 tasks in one JVM");
        assertEquals(2, ExecutorCache.MAPPINGS.opened() - mappings, "input mappings for 20 tasks in one JVM");
        assertEquals(0, ExecutorCache.KERNELS.size() + ExecutorCache.MAPPINGS.size(), "in local mode the job releases what its tasks kept open");
    }

    @Test
    void anInputChangedAfterThePlanFailsTheTaskNamingIt() throws Exception {
        Path[] in = inputs(new long[] {6, 5}, 0, 41);
        NpySource a1 = NpySource.of(in[0]);
        // Rewritten between the driver's plan and the tasks: same shape, other values, another modification time.
        npy(dir, in[0].getFileName().toString() + ".next", DType.FLOAT64, new long[] {6, 5}, k -> k);
        java.nio.file.Files.move(dir.resolve(in[0].getFileName() + ".next"), in[0], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.nio.file.Files.setLastModifiedTime(in[0], java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        Exception e = assertThrows(Exception.class, () -> SparkIndexJob.create(spark).writeNpy(a1, NpySource.of(in[1]), fresh("changed")));
        assertTrue(rootMessage(e).contains(in[0] + " changed after the job was planned"), rootMessage(e));
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void theRowsDatasetIsTheSerialLoopsOrder() throws Exception {
        Path[] in = inputs(new long[] {29, 13}, 0.25, 31);
        List<Row> rows = SparkIndexJob.create(spark).rowsPerPartition(3).rows(NpySource.of(in[0]), NpySource.of(in[1])).collectAsList();
        try (NdArray x1 = NpyFile.open(in[0], NpyFile.Mode.READ_ONLY); NdArray x2 = NpyFile.open(in[1], NpyFile.Mode.READ_ONLY);
                IndexResult l = IndexBuilder.create().run(x1, x2)) {
            assertEquals(l.counts().emitted(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                assertEquals(l.coordinates().get(0).getLong(i), row.getLong(0), "x of row " + i);
                assertEquals(l.coordinates().get(1).getLong(i), row.getLong(1), "y of row " + i);
                assertEquals(l.idxs().getLong(i), row.getLong(2), "idx of row " + i);
            }
        }
        assertEquals(List.of("x", "y", "idx"), List.of(SparkIndexJob.schema(2).fieldNames()));
    }

    @Test
    void parquetFilesInNameOrderHoldTheSerialLoopsRows() throws Exception {
        Path[] in = inputs(new long[] {31, 11}, 0.3, 41);
        Path out = fresh("parquet");
        SparkIndexResult r = SparkIndexJob.create(spark).rowsPerPartition(4).writeParquet(NpySource.of(in[0]), NpySource.of(in[1]), out);
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        assertFalse(Files.exists(out.resolve(SparkIndexJob.PARTS)), "the work files are not published");
        List<Row> rows = new ArrayList<>();
        for (Path f : files) {
            rows.addAll(spark.read().parquet(f.toString()).collectAsList());
        }
        try (NdArray x1 = NpyFile.open(in[0], NpyFile.Mode.READ_ONLY); NdArray x2 = NpyFile.open(in[1], NpyFile.Mode.READ_ONLY);
                IndexResult l = IndexBuilder.create().run(x1, x2)) {
            assertEquals(l.counts(), r.counts());
            assertEquals(l.counts().emitted(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(List.of(l.coordinates().get(0).getLong(i), l.coordinates().get(1).getLong(i), l.idxs().getLong(i)),
                        List.of(rows.get(i).getLong(0), rows.get(i).getLong(1), rows.get(i).getLong(2)), "row " + i);
            }
        }
    }

    @Test
    void aCheckpointedJobThatFailedResumesWithOnlyItsUnfinishedBlocks() throws Exception {
        Path[] in = inputs(new long[] {40, 10}, 0.2, 51);
        Path expected = local(in[0], in[1], JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL);
        Path ckpt = fresh("ckpt");
        Path marker = Files.createFile(fresh("marker"));
        Files.createDirectories(ckpt);
        Path out = fresh("spark");
        SparkIndexJob failing = SparkIndexJob.create(spark).rowsPerPartition(5).checkpoint(ckpt)
                .kernel(KernelSource.java(new TestKernels.FailsWhileMarked(marker.toString(), ckpt.toString(), 2, 2)));
        assertThrows(Exception.class, () -> failing.writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), out));
        assertFalse(Files.exists(out), "a failed job publishes nothing");
        long parts;
        try (Stream<Path> s = Files.list(ckpt)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
        }
        assertTrue(parts >= 2 && parts < 8, parts + " blocks finished before the failure");
        Files.delete(marker);
        SparkIndexResult r = failing.writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), out);
        assertEquals(parts, r.report().resumedPartitions());
        assertSameFiles(expected, out);
        assertFalse(Files.exists(ckpt), "the checkpoint is removed once the outputs are published");
    }

    @Test
    void aCheckpointOfAnotherJobIsRefusedNamingWhatDiffers() throws Exception {
        Path[] in = inputs(new long[] {12, 10}, 0.2, 61);
        Path ckpt = fresh("ckpt");
        Path marker = Files.createFile(fresh("marker"));
        Files.createDirectories(ckpt);
        SparkIndexJob failing = SparkIndexJob.create(spark).rowsPerPartition(3).checkpoint(ckpt)
                .kernel(KernelSource.java(new TestKernels.FailsWhileMarked(marker.toString(), ckpt.toString(), 2, 2)));
        assertThrows(Exception.class, () -> failing.writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), fresh("out")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> failing.sentinel(-5).writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), fresh("out")));
        assertTrue(e.getMessage().startsWith("checkpoint " + ckpt + ": belongs to another job: sentinel was -1.0E10"), e.getMessage());
    }

    @Test
    void progressCountsEachBlockOnceAndEndsComplete() throws Exception {
        Path[] in = inputs(new long[] {50, 20}, 0.1, 81);
        List<io.tessella.exec.Progress> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        SparkIndexJob.create(spark).rowsPerPartition(5).progress(seen::add, java.time.Duration.ZERO)
                .writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), fresh("spark"));
        assertFalse(seen.isEmpty());
        io.tessella.exec.Progress last = seen.getLast();
        assertTrue(last.isComplete(), last.toString());
        assertEquals(10, last.tileCount());
        assertEquals(1000, last.elementCount());
        assertEquals(1000, last.elementsDone());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).elementsDone() >= seen.get(i - 1).elementsDone(), "never decreases");
            assertTrue(seen.get(i).tilesDone() <= 10);
        }
    }

    @Test
    void aKernelLibraryThatCannotBeUsedFailsOnTheDriverBeforeAnyJob() throws Exception {
        Path[] in = inputs(new long[] {4, 4}, 0, 71);
        AtomicInteger jobs = new AtomicInteger();
        SparkListener count = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(count);
        try {
            Path text = Files.writeString(fresh("libtext.so"), "not a library");
            for (Path lib : List.of(fresh("libmissing.so"), text, TestKernels.testLibrary("tessella_test_bad_abi"),
                    TestKernels.testLibrary("tessella_test_no_scalar"))) {
                String local = assertThrows(KernelLinkException.class, () -> NativeKernel.open(lib)).getMessage();
                Path out = fresh("never");
                KernelLinkException e = assertThrows(KernelLinkException.class, () -> SparkIndexJob.create(spark)
                        .kernel(KernelSource.library(lib)).writeNpy(NpySource.of(in[0]), NpySource.of(in[1]), out));
                assertEquals(local, e.getMessage(), "the local loader's words");
                assertFalse(e.getMessage().contains("\n"), "one line");
                assertFalse(Files.exists(out));
            }
        } finally {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(count);
        }
        assertEquals(0, jobs.get(), "no Spark job started");
    }
}

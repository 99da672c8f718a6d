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
import io.tessella.io.NpyOutput;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.BinaryOp;
import io.tessella.jobs.OuterImpl;
import io.tessella.vector.Reduction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The array jobs on {@code local[2]}: every output file is byte-identical to the one the same
 * {@link ArrayOps} call writes on one machine (what {@code tessella outer|add|rowsum} write), for odd
 * shapes, odd blocks, empty arrays and special values, from mapped paths and from Hadoop URIs; a job
 * that fails leaves nothing under the output's name.
 */
class LocalArrayJobsTest {
    private static SparkSession spark;
    private static Path dir;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSupport.local("local[2]");
        dir = SparkTestSupport.workDir("array-jobs");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static long counter;

    private static Path fresh(String name) {
        return dir.resolve((counter++) + "-" + name);
    }

    static Stream<Arguments> outerShapes() {
        return Stream.of(Arguments.of(7, 13, DType.FLOAT64, 3L), Arguments.of(1, 1, DType.FLOAT64, 1L), Arguments.of(5, 0, DType.FLOAT64, 2L),
                Arguments.of(0, 5, DType.FLOAT64, 2L), Arguments.of(33, 17, DType.INT64, 4L), Arguments.of(64, 129, DType.FLOAT64, 0L));
    }

    @ParameterizedTest
    @MethodSource("outerShapes")
    void theOuterProductEqualsTheLocalOne(int m, int n, DType yType, long rowsPerPartition) throws Exception {
        Path y = npy(dir, fresh("y.npy").getFileName().toString(), yType, new long[] {m}, mixed(1, 0));
        Path x = npy(dir, fresh("x.npy").getFileName().toString(), DType.FLOAT64, new long[] {n}, mixed(2, 0));
        Path expected = fresh("r-local.npy");
        try (NdArray ya = NpyFile.open(y, NpyFile.Mode.READ_ONLY); NdArray xa = NpyFile.open(x, NpyFile.Mode.READ_ONLY);
                NpyOutput r = NpyFile.create(expected, DType.FLOAT64, m, n)) {
            ArrayOps.create().parallelism(2).outer(r.array(), ya, xa, OuterImpl.TILED);
            r.commit();
        }
        for (String yLoc : List.of(y.toString(), y.toUri().toString())) {
            Path actual = fresh("r-spark.npy");
            SparkArrayJob job = SparkArrayJob.create(spark);
            if (rowsPerPartition > 0) {
                job = job.rowsPerPartition(rowsPerPartition);
            }
            SparkJobReport report = job.outer(NpySource.of(yLoc), NpySource.of(x), actual, OuterImpl.TILED);
            assertNull(sameBytes(expected, actual));
            assertEquals(rowsPerPartition > 0 ? Math.ceilDiv(m, rowsPerPartition) : Math.min(m, 1), report.partitions());
        }
    }

    static Stream<Arguments> addShapes() {
        return Stream.of(Arguments.of(new long[] {365, 16, 16}, new long[] {4, 4}, 50L), Arguments.of(new long[] {9, 7}, null, 2L),
                Arguments.of(new long[] {13}, null, 5L), Arguments.of(new long[] {}, null, 1L), Arguments.of(new long[] {0, 4}, null, 1L),
                Arguments.of(new long[] {3, 0, 2}, new long[] {2, 3}, 1L));
    }

    @ParameterizedTest
    @MethodSource("addShapes")
    void theTiledAddEqualsTheLocalOne(long[] shape, long[] tile, long rowsPerPartition) throws Exception {
        Path a = npy(dir, fresh("a.npy").getFileName().toString(), DType.FLOAT64, shape, mixed(3, 0));
        Path b = npy(dir, fresh("b.npy").getFileName().toString(), DType.FLOAT64, shape, mixed(4, 0));
        Path expected = fresh("sum-local.npy");
        try (NdArray aa = NpyFile.open(a, NpyFile.Mode.READ_ONLY); NdArray ba = NpyFile.open(b, NpyFile.Mode.READ_ONLY);
                NpyOutput o = NpyFile.create(expected, DType.FLOAT64, shape)) {
            Tiling tiling = null;
            if (tile != null) {
                Cut[] cuts = new Cut[shape.length];
                Arrays.fill(cuts, Cut.whole());
                cuts[shape.length - 2] = Cut.blocks(tile[0]);
                cuts[shape.length - 1] = Cut.blocks(tile[1]);
                tiling = Tiling.of(shape, cuts);
            }
            ArrayOps.create().parallelism(2).elementwise(BinaryOp.ADD, o.array(), aa, ba, tiling);
            o.commit();
        }
        for (String bLoc : List.of(b.toString(), b.toUri().toString())) {
            Path actual = fresh("sum-spark.npy");
            SparkArrayJob.create(spark).rowsPerPartition(rowsPerPartition).add(NpySource.of(a), NpySource.of(bLoc), tile, actual);
            assertNull(sameBytes(expected, actual));
        }
    }

    static Stream<Arguments> rowsumShapes() {
        return Stream.of(Arguments.of(new long[] {10, 1001}, 3L), Arguments.of(new long[] {4, 3, 257}, 1L), Arguments.of(new long[] {1000}, 7L),
                Arguments.of(new long[] {0, 5}, 1L), Arguments.of(new long[] {5, 0}, 2L), Arguments.of(new long[] {3, 1}, 2L));
    }

    @ParameterizedTest
    @MethodSource("rowsumShapes")
    void rowSumsEqualTheLocalOnes(long[] shape, long rowsPerPartition) throws Exception {
        Path in = npy(dir, fresh("m.npy").getFileName().toString(), DType.FLOAT64, shape, SparkTestSupport.mixedFinite(5));
        long[] outShape = Arrays.copyOf(shape, shape.length - 1);
        Path expected = fresh("s-local.npy");
        try (NdArray m = NpyFile.open(in, NpyFile.Mode.READ_ONLY); NpyOutput s = NpyFile.create(expected, DType.FLOAT64, outShape)) {
            ArrayOps.create().parallelism(2).reduceLastAxis(Reduction.SUM, m, s.array());
            s.commit();
        }
        for (String loc : List.of(in.toString(), in.toUri().toString())) {
            Path actual = fresh("s-spark.npy");
            SparkArrayJob.create(spark).rowsPerPartition(rowsPerPartition).rowsum(NpySource.of(loc), actual);
            assertNull(sameBytes(expected, actual));
        }
    }

    /**
     * Narrow integers and bools, whose row blocks are a byte count no multiple of 4 or 8, read through
     * Hadoop into off-heap memory and summed in NumPy's accumulator as the local reduction sums them.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = DType.class, names = {"INT8", "UINT8", "INT16", "BOOL", "UINT16"})
    void rowSumsOfNarrowDtypesReadThroughHadoopEqualTheLocalOnes(DType dtype) throws Exception {
        long[] shape = {13, 7};
        Path in = npy(dir, fresh("n.npy").getFileName().toString(), dtype, shape, k -> (k * 37) % 251 - 120);
        Path expected = fresh("n-local.npy");
        try (NdArray m = NpyFile.open(in, NpyFile.Mode.READ_ONLY);
                NpyOutput s = NpyFile.create(expected, io.tessella.memory.Promotion.sumType(dtype), shape[0])) {
            ArrayOps.create().parallelism(2).reduceLastAxis(Reduction.SUM, m, s.array());
            s.commit();
        }
        for (String loc : List.of(in.toString(), in.toUri().toString())) {
            Path actual = fresh("n-spark.npy");
            SparkArrayJob.create(spark).rowsPerPartition(3).rowsum(NpySource.of(loc), actual);
            assertNull(sameBytes(expected, actual));
        }
    }

    /** The local command's layout rules and call, on mapped arrays: what {@code tessella add} writes. */
    private static Path localAdd(Path a, Path b, long[] shape) throws Exception {
        Path expected = fresh("sum-local.npy");
        try (NdArray aa = NpyFile.open(a, NpyFile.Mode.READ_ONLY); NdArray ba = NpyFile.open(b, NpyFile.Mode.READ_ONLY)) {
            io.tessella.io.WriteOption[] layout = io.tessella.memory.IterationOrder.fortranResult(aa, ba)
                    ? new io.tessella.io.WriteOption[] {io.tessella.io.WriteOption.FORTRAN_ORDER} : new io.tessella.io.WriteOption[0];
            try (NpyOutput o = NpyFile.create(expected, DType.FLOAT64, shape, layout)) {
                ArrayOps.create().parallelism(2).elementwise(BinaryOp.ADD, o.array(), aa, ba, null);
                o.commit();
            }
        }
        return expected;
    }

    /** What {@code tessella rowsum} writes. */
    private static Path localRowsum(Path in) throws Exception {
        Path expected = fresh("s-local.npy");
        try (NdArray m = NpyFile.open(in, NpyFile.Mode.READ_ONLY)) {
            io.tessella.io.WriteOption[] layout = m.ndim() > 0 && io.tessella.memory.IterationOrder.fortranReduction(m)
                    ? new io.tessella.io.WriteOption[] {io.tessella.io.WriteOption.FORTRAN_ORDER} : new io.tessella.io.WriteOption[0];
            try (NpyOutput s = NpyFile.create(expected, DType.FLOAT64, Arrays.copyOf(m.shape(), Math.max(0, m.ndim() - 1)), layout)) {
                ArrayOps.create().parallelism(2).reduceLastAxis(Reduction.SUM, m, s.array());
                s.commit();
            }
        }
        return expected;
    }

    static Stream<Arguments> layouts() {
        List<Arguments> all = new java.util.ArrayList<>();
        for (long[] shape : List.of(new long[] {9, 7}, new long[] {5, 4, 6}, new long[] {1, 8}, new long[] {7, 1})) {
            for (boolean fa : new boolean[] {false, true}) {
                for (boolean fb : new boolean[] {false, true}) {
                    for (java.nio.ByteOrder order : List.of(java.nio.ByteOrder.LITTLE_ENDIAN, java.nio.ByteOrder.BIG_ENDIAN)) {
                        all.add(Arguments.of(shape, fa, fb, order));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void fortranAndBigEndianInputsGiveTheLocalCommandsBytesAndLayout(long[] shape, boolean fortranA, boolean fortranB, java.nio.ByteOrder order)
            throws Exception {
        Path a = SparkTestSupport.npyLayout(dir, fresh("a.npy").getFileName().toString(), shape, fortranA, order, SparkTestSupport.mixedFinite(12));
        Path b = SparkTestSupport.npyLayout(dir, fresh("b.npy").getFileName().toString(), shape, fortranB, java.nio.ByteOrder.LITTLE_ENDIAN, mixed(13, 0));
        Path expected = localAdd(a, b, shape);
        for (long rows : new long[] {1, 2, 3}) {
            Path actual = fresh("sum-spark.npy");
            SparkArrayJob.create(spark).rowsPerPartition(rows).add(NpySource.of(a), NpySource.of(b), null, actual);
            assertNull(sameBytes(expected, actual), "add rows " + rows);
        }
        Path sums = localRowsum(a);
        for (long rows : new long[] {1, 2, 3}) {
            for (String loc : List.of(a.toString(), a.toUri().toString())) {
                Path actual = fresh("s-spark.npy");
                try {
                    SparkArrayJob.create(spark).rowsPerPartition(rows).rowsum(NpySource.of(loc), actual);
                } catch (IllegalArgumentException e) {
                    // Over Hadoop only runs of the file's bytes can be read: said so, on the driver.
                    assertTrue(loc.startsWith("file:") && e.getMessage().contains("are not contiguous in the file"), e.getMessage());
                    continue;
                }
                assertNull(sameBytes(sums, actual), "rowsum rows " + rows + " from " + loc);
            }
        }
    }

    @Test
    void outerRavelsFactorsOfAnyShapeAsNpOuter() throws Exception {
        Path y = SparkTestSupport.npyLayout(dir, fresh("y.npy").getFileName().toString(), new long[] {3, 4}, true, java.nio.ByteOrder.BIG_ENDIAN, mixed(14, 0));
        Path x = SparkTestSupport.npyLayout(dir, fresh("x.npy").getFileName().toString(), new long[] {}, false, java.nio.ByteOrder.LITTLE_ENDIAN, mixed(15, 0));
        Path expected = fresh("r-local.npy");
        try (NdArray ya = NpyFile.open(y, NpyFile.Mode.READ_ONLY); NdArray xa = NpyFile.open(x, NpyFile.Mode.READ_ONLY);
                NpyOutput r = NpyFile.create(expected, DType.FLOAT64, 12, 1)) {
            ArrayOps.create().outer(r.array(), ya, xa, OuterImpl.AUTO);
            r.commit();
        }
        for (String loc : List.of(y.toString(), y.toUri().toString())) {
            Path actual = fresh("r-spark.npy");
            SparkArrayJob.create(spark).rowsPerPartition(5).outer(NpySource.of(loc), NpySource.of(x), actual, OuterImpl.AUTO);
            assertNull(sameBytes(expected, actual), loc);
        }
    }

    @Test
    void aZeroDimensionalRowSumIsNumPys() throws Exception {
        Path in = SparkTestSupport.npyLayout(dir, fresh("s.npy").getFileName().toString(), new long[] {}, false, java.nio.ByteOrder.LITTLE_ENDIAN,
                k -> -0.0);
        Path expected = localRowsum(in);
        Path actual = fresh("s0-spark.npy");
        SparkArrayJob.create(spark).rowsum(NpySource.of(in), actual);
        assertNull(sameBytes(expected, actual));
    }

    @Test
    void blocksSizedByBytesCoverEveryRowOnce() throws Exception {
        Path a = npy(dir, fresh("a.npy").getFileName().toString(), DType.FLOAT64, new long[] {1000, 33}, mixed(6, 0));
        Path expected = fresh("twice-local.npy");
        try (NdArray aa = NpyFile.open(a, NpyFile.Mode.READ_ONLY); NpyOutput o = NpyFile.create(expected, DType.FLOAT64, 1000, 33)) {
            ArrayOps.create().elementwise(BinaryOp.ADD, o.array(), aa, aa);
            o.commit();
        }
        Path actual = fresh("twice-spark.npy");
        // 33 * 8 * 3 bytes a row: blocks of 41 rows, the last one of 16.
        SparkJobReport r = SparkArrayJob.create(spark).partitionBytes(32_500).add(NpySource.of(a), NpySource.of(a), null, actual);
        assertEquals(25, r.partitions());
        assertEquals(41, r.rowsPerPartition());
        assertNull(sameBytes(expected, actual));
    }

    @Test
    void anExistingOutputIsRefusedBeforeAnyTaskAndOverwriteReplacesIt() throws Exception {
        Path y = npy(dir, fresh("y.npy").getFileName().toString(), DType.FLOAT64, new long[] {4}, mixed(7, 0));
        Path out = fresh("r.npy");
        Files.writeString(out, "an older result");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkArrayJob.create(spark).outer(NpySource.of(y), NpySource.of(y), out, OuterImpl.TILED));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("an older result", Files.readString(out));
        SparkArrayJob.create(spark).outer(NpySource.of(y), NpySource.of(y), out, OuterImpl.TILED, io.tessella.io.WriteOption.OVERWRITE);
        try (NdArray r = NpyFile.open(out, NpyFile.Mode.READ_ONLY)) {
            assertTrue(Arrays.equals(new long[] {4, 4}, r.shape()));
        }
    }

    @Test
    void aJobWhoseTasksFailLeavesNothingUnderTheOutputsName() throws Exception {
        Path sub = Files.createDirectory(fresh("failing"));
        Path a = npy(sub, "a.npy", DType.FLOAT64, new long[] {40, 3}, mixed(8, 0));
        NpySource source = NpySource.of(a.toUri().toString());
        // The header was read; the data the tasks read is gone.
        Files.delete(a);
        Path out = sub.resolve("sum.npy");
        assertThrows(Exception.class, () -> SparkArrayJob.create(spark).rowsPerPartition(7).add(source, source, null, out));
        try (Stream<Path> left = Files.list(sub)) {
            assertEquals(List.of(), left.toList(), "neither the result nor its partial file is left");
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void whatATaskWouldTripOverIsRefusedOnTheDriverInTheLocalWords() throws Exception {
        Path f64 = npy(dir, fresh("f8.npy").getFileName().toString(), DType.FLOAT64, new long[] {4, 4}, mixed(9, 0));
        Path out = fresh("never.npy");
        String shapes = assertThrows(IllegalArgumentException.class,
                () -> SparkArrayJob.create(spark).add(NpySource.of(f64), NpySource.of(npy(dir, fresh("b.npy").getFileName().toString(),
                        DType.FLOAT64, new long[] {4, 5}, mixed(1, 0))), null, out)).getMessage();
        assertEquals("a shape [4, 4] != b shape [4, 5]", shapes);
    }
}

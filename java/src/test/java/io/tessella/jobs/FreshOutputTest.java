package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.io.WriteOption;
import io.tessella.kernel.NativeOuter;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.os.CpuCaches;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.Reduction;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 parts 3 and 4: an untouched output is pre-faulted once, tile by tile, by the job that first
 * writes it (observed through {@link ArrayOps#populatedTiles()}, not timing) and a touched one never;
 * AUTO picks the C library's streaming stores above the cache size, with the same bits as every other
 * implementation.
 */
@EnabledOnOs(OS.LINUX)
class FreshOutputTest {
    private static final ArrayOps OPS = ArrayOps.create().parallelism(2);

    private static List<OuterImpl> impls() {
        List<OuterImpl> all = new ArrayList<>(List.of(OuterImpl.AUTO, OuterImpl.VECTOR, OuterImpl.TILED, OuterImpl.NAIVE));
        if (NativeOuter.isAvailable()) {
            all.add(OuterImpl.NATIVE);
        }
        return all;
    }

    /** The serial loop NumPy's {@code y[:, None] * x[None, :]} is: one multiplication per element. */
    private static void assertOuter(NdArray r, NdArray y, NdArray x, String where) {
        for (long i = 0; i < y.size(); i++) {
            for (long j = 0; j < x.size(); j++) {
                double expected = y.getDouble(i) * x.getDouble(j);
                double got = r.getDouble(i, j);
                if (Double.doubleToRawLongBits((double) (float) expected) != Double.doubleToRawLongBits(got)
                        && Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(got)) {
                    throw new AssertionError(where + ": r[" + i + ", " + j + "] = " + got + " != " + expected);
                }
            }
        }
    }

    @Test
    void outerPrefaultsEveryTileOfAnUntouchedOutputOnceWithEveryImplementation() throws Exception {
        long m = 300, n = 500;
        long tiles = ArrayTiles.outerRows(m, n, 2, 8).tileCount();
        assertTrue(tiles > 2, "several tiles: " + tiles);
        try (Arena arena = Arena.ofShared()) {
            NdArray y = ArrayOpsTest.random(arena, 1, m), x = ArrayOpsTest.random(arena, 2, n);
            for (OuterImpl impl : impls()) {
                try (NdArray r = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, m, n)) {
                    long before = ArrayOps.populatedTiles();
                    OPS.outer(r, y, x, impl);
                    assertEquals(tiles, ArrayOps.populatedTiles() - before, impl + ": each tile pre-faulted by its worker");
                    assertFalse(r.isUntouched());
                    assertOuter(r, y, x, impl.name());
                    before = ArrayOps.populatedTiles();
                    OPS.outer(r, x.slice("0:" + m).transpose(), x, impl == OuterImpl.NATIVE ? OuterImpl.NATIVE : OuterImpl.TILED);
                    assertEquals(0, ArrayOps.populatedTiles() - before, impl + ": a written output is not populated again");
                }
            }
            try (NdArray zeroed = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, m, n)) {
                long before = ArrayOps.populatedTiles();
                OPS.outer(zeroed, y, x, OuterImpl.AUTO);
                assertEquals(0, ArrayOps.populatedTiles() - before, "zero-filled memory is already faulted in");
                assertOuter(zeroed, y, x, "zeroed");
            }
        }
    }

    @Test
    void aNewNpyFileInEitherOrderOrDtypeIsPrefaultedByTheOuterProduct(@TempDir Path dir) throws Exception {
        long m = 120, n = 333;
        try (Arena arena = Arena.ofShared()) {
            NdArray y = ArrayOpsTest.random(arena, 3, m), x = ArrayOpsTest.random(arena, 4, n);
            int k = 0;
            for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                for (WriteOption[] options : new WriteOption[][] {{}, {WriteOption.FORTRAN_ORDER}}) {
                    Path p = dir.resolve("r" + k++ + ".npy");
                    try (NpyOutput out = NpyFile.create(p, dtype, new long[] {m, n}, options)) {
                        long before = ArrayOps.populatedTiles();
                        OPS.casting(io.tessella.memory.Casting.UNSAFE).outer(out.array(), y, x, OuterImpl.AUTO);
                        assertTrue(ArrayOps.populatedTiles() - before > 0, dtype + " " + options.length);
                        assertOuter(out.array(), y, x, p.toString());
                        out.commit();
                    }
                    try (NdArray back = NpyFile.open(p, NpyFile.Mode.READ_WRITE)) {
                        long before = ArrayOps.populatedTiles();
                        OPS.casting(io.tessella.memory.Casting.UNSAFE).outer(back, y, x, OuterImpl.TILED);
                        assertEquals(0, ArrayOps.populatedTiles() - before, "an existing file holds data: not populated");
                    }
                }
            }
        }
    }

    @Test
    void elementwiseFmaAndReductionsPrefaultUntouchedOutputsOnly() throws Exception {
        long[] shape = {40, 30, 70};
        try (Arena arena = Arena.ofShared();
             NdArray out = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, shape);
             NdArray tiled = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, shape);
             NdArray fma = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, shape);
             NdArray sums = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 40, 30);
             NdArray expected = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, shape)) {
            NdArray a = ArrayOpsTest.random(arena, 5, shape), b = ArrayOpsTest.random(arena, 6, shape);
            OPS.elementwise(BinaryOp.ADD, expected, a, b);

            long before = ArrayOps.populatedTiles();
            OPS.elementwise(BinaryOp.ADD, out, a, b);
            assertEquals(ArrayTiles.rows(shape, 8).tileCount(), ArrayOps.populatedTiles() - before);
            before = ArrayOps.populatedTiles();
            OPS.elementwise(BinaryOp.ADD, out, a, b);
            assertEquals(0, ArrayOps.populatedTiles() - before, "written by the first add");

            Tiling fourByFour = Tiling.of(shape, Cut.whole(), Cut.blocks(4), Cut.blocks(4));
            before = ArrayOps.populatedTiles();
            OPS.elementwise(BinaryOp.ADD, tiled, a, b, fourByFour);
            assertEquals(fourByFour.tileCount(), ArrayOps.populatedTiles() - before, "one populate per tile, gaps or not");

            before = ArrayOps.populatedTiles();
            OPS.fma(fma, a, b, expected);
            assertTrue(ArrayOps.populatedTiles() - before > 0);

            before = ArrayOps.populatedTiles();
            OPS.reduceLastAxis(Reduction.SUM, a, sums);
            assertTrue(ArrayOps.populatedTiles() - before > 0);
            before = ArrayOps.populatedTiles();
            OPS.reduceLastAxis(Reduction.SUM, a, sums);
            assertEquals(0, ArrayOps.populatedTiles() - before);

            for (long i = 0; i < 40; i++) {
                for (long j = 0; j < 30; j++) {
                    for (long q = 0; q < 70; q++) {
                        long e = Double.doubleToRawLongBits(expected.getDouble(i, j, q));
                        assertEquals(e, Double.doubleToRawLongBits(out.getDouble(i, j, q)));
                        assertEquals(e, Double.doubleToRawLongBits(tiled.getDouble(i, j, q)));
                        assertEquals(Double.doubleToRawLongBits(Math.fma(a.getDouble(i, j, q), b.getDouble(i, j, q), expected.getDouble(i, j, q))),
                                Double.doubleToRawLongBits(fma.getDouble(i, j, q)));
                    }
                }
            }
        }
    }

    @Test
    void aRefusedCallLeavesTheOutputUntouched() throws Exception {
        try (Arena arena = Arena.ofShared(); NdArray out = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 4, 5)) {
            NdArray a = ArrayOpsTest.random(arena, 7, 4, 6);
            assertThrows(IllegalArgumentException.class, () -> OPS.elementwise(BinaryOp.ADD, out, a, a));
            assertThrows(IllegalArgumentException.class, () -> OPS.outer(out, a, a, OuterImpl.AUTO));
            assertTrue(out.isUntouched());
        }
    }

    @Test
    void autoPicksStreamingStoresForFloat64OutputsLargerThanTheCache() {
        OuterImpl java = OuterImpl.AUTO.resolve();
        long llc = 32L << 20;
        assertEquals(OuterImpl.NATIVE, OuterImpl.auto(DType.FLOAT64, DType.FLOAT64, llc + 8, llc, true));
        assertEquals(java, OuterImpl.auto(DType.FLOAT64, DType.FLOAT64, llc, llc, true), "at the cache size it still fits");
        assertEquals(java, OuterImpl.auto(DType.FLOAT64, DType.FLOAT64, 1 << 20, llc, true));
        assertEquals(java, OuterImpl.auto(DType.FLOAT32, DType.FLOAT32, 1L << 40, llc, true), "the C library is float64 only");
        assertEquals(java, OuterImpl.auto(DType.INT64, DType.INT64, 1L << 40, llc, true));
        assertEquals(java, OuterImpl.auto(DType.FLOAT64, DType.FLOAT32, 1L << 40, llc, true), "converted on the way: no streaming stores");
        assertEquals(java, OuterImpl.auto(DType.FLOAT64, DType.FLOAT64, 1L << 40, llc, false), "no library, or no streaming stores here");
    }

    @Test
    void autoAboveTheCacheRunsTheCLibraryWithTheSameBits() throws Exception {
        long m = 64, n = 96;
        try (Arena arena = Arena.ofShared();
             NdArray auto = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, m, n);
             NdArray naive = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, m, n);
             NdArray ints = NdArray.allocate(Allocation.ZEROED, DType.INT64, m, n)) {
            NdArray y = ArrayOpsTest.random(arena, 8, m), x = ArrayOpsTest.random(arena, 9, n);
            NdArray iy = NdArray.allocate(arena, DType.INT64, m), ix = NdArray.allocate(arena, DType.INT64, n);
            assertEquals(OuterImpl.AUTO.resolve(), OPS.outer(auto, y, x, OuterImpl.AUTO), "49 KB fits in any last-level cache");
            System.setProperty(CpuCaches.PROPERTY, "4096");
            try {
                assertEquals(4096, ArrayOps.streamingBytes());
                OuterImpl ran = OPS.outer(auto, y, x, OuterImpl.AUTO);
                assertEquals(OuterImpl.nativeStreams() ? OuterImpl.NATIVE : OuterImpl.AUTO.resolve(), ran);
                assertEquals(OuterImpl.AUTO.resolve(), OPS.outer(ints, iy, ix, OuterImpl.AUTO), "int64 products stay in Java");
            } finally {
                System.clearProperty(CpuCaches.PROPERTY);
            }
            OPS.outer(naive, y, x, OuterImpl.NAIVE);
            for (long i = 0; i < m; i++) {
                for (long j = 0; j < n; j++) {
                    assertEquals(Double.doubleToRawLongBits(naive.getDouble(i, j)), Double.doubleToRawLongBits(auto.getDouble(i, j)));
                }
            }
            assertOuter(auto, y, x, "auto");
        }
    }
}

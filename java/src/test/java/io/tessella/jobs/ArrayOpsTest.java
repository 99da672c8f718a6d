package io.tessella.jobs;

import io.tessella.vector.MatrixSpan;
import io.tessella.vector.VectorSpan;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.Reduction;
import io.tessella.vector.VectorOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whole-array operations equal plain element loops, for every implementation, tiling and parallelism. */
class ArrayOpsTest {

    static NdArray random(Arena arena, long seed, long... shape) {
        NdArray a = NdArray.allocate(arena, DType.FLOAT64, shape);
        SplittableRandom rnd = new SplittableRandom(seed);
        var seg = a.contiguousSegment();
        double[] specials = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};
        for (long i = 0; i < a.size(); i++) {
            double v = rnd.nextInt(30) == 0 ? specials[rnd.nextInt(specials.length)] : rnd.nextDouble(-1e3, 1e3);
            seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, v);
        }
        return a;
    }

    static void assertBits(double expected, double actual, String where) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), where + ": expected NaN, got " + actual);
        } else {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), where + ": " + expected + " vs " + actual);
        }
    }

    @Test
    void outerProductEveryImplementationEqualsYTimesX() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            for (long[] mn : new long[][] {{1, 1}, {7, 9}, {13, 207}, {33, 4098}}) {
                long m = mn[0], n = mn[1];
                NdArray y = random(arena, 1, m), x = random(arena, 2, n);
                NdArray yl = NdArray.allocate(arena, DType.INT64, m);
                for (long i = 0; i < m; i++) {
                    yl.setLong(i * 99_991 - 5, i);
                }
                for (OuterImpl impl : OuterImpl.values()) {
                    for (int threads : new int[] {1, 2}) {
                        NdArray r = NdArray.allocate(arena, DType.FLOAT64, m, n);
                        NdArray rl = NdArray.allocate(arena, DType.FLOAT64, m, n);
                        ArrayOps ops = ArrayOps.create().parallelism(threads);
                        assertEquals(impl.resolve(), ops.outer(r, y, x, impl), impl + " reports what ran");
                        ops.outer(rl, yl, x, impl);
                        for (long i = 0; i < m; i++) {
                            for (long j = 0; j < n; j++) {
                                assertBits(y.getDouble(i) * x.getDouble(j), r.getDouble(i, j), impl + " " + i + "," + j);
                                assertBits((double) yl.getLong(i) * x.getDouble(j), rl.getDouble(i, j), impl + " int64 " + i + "," + j);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void outerProductIntoAViewLeavesTheRestAlone() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray big = NdArray.allocate(arena, DType.FLOAT64, 20, 30);
            NdArray r = big.slice("2:12, 5:25");
            NdArray y = random(arena, 4, 10), x = random(arena, 5, 20);
            ArrayOps.create().parallelism(2).outer(r, y, x, OuterImpl.NATIVE);
            for (long i = 0; i < 20; i++) {
                for (long j = 0; j < 30; j++) {
                    boolean inside = i >= 2 && i < 12 && j >= 5 && j < 25;
                    assertBits(inside ? y.getDouble(i - 2) * x.getDouble(j - 5) : 0.0, big.getDouble(i, j), i + "," + j);
                }
            }
        }
    }

    @Test
    void elementwiseOnTheRecipeCubeIn4x4TilesEqualsAPlainLoop() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            long[] shape = {365, 16, 16};
            NdArray a = random(arena, 6, shape), b = random(arena, 7, shape), c = random(arena, 8, shape);
            Tiling tiles = Tiling.of(shape, Cut.whole(), Cut.blocks(4), Cut.blocks(4));
            assertEquals(16, tiles.tileCount());
            for (BinaryOp op : BinaryOp.values()) {
                NdArray out = NdArray.allocate(arena, DType.FLOAT64, shape);
                ArrayOps.create().parallelism(2).elementwise(op, out, a, b, tiles);
                NdArray auto = NdArray.allocate(arena, DType.FLOAT64, shape);
                ArrayOps.create().parallelism(2).using(VectorOps.scalar()).elementwise(op, auto, a, b);
                for (long i = 0; i < 365; i += 7) {
                    for (long j = 0; j < 16; j++) {
                        for (long k = 0; k < 16; k++) {
                            double expected = op.apply(a.getDouble(i, j, k), b.getDouble(i, j, k));
                            assertBits(expected, out.getDouble(i, j, k), op + " " + i + "," + j + "," + k);
                            assertBits(expected, auto.getDouble(i, j, k), op + " auto " + i + "," + j + "," + k);
                        }
                    }
                }
            }
            NdArray f = NdArray.allocate(arena, DType.FLOAT64, shape);
            ArrayOps.create().fma(f, a, b, c);
            assertBits(Math.fma(a.getDouble(100, 3, 4), b.getDouble(100, 3, 4), c.getDouble(100, 3, 4)), f.getDouble(100, 3, 4), "fma");
        }
    }

    @Test
    void rowReductionsEqualEveryImplementationsOwnRowReduction() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray m = random(arena, 9, 10, 100_003);
            for (Reduction op : Reduction.values()) {
                NdArray out = NdArray.allocate(arena, DType.FLOAT64, 10);
                ArrayOps.create().parallelism(2).reduceLastAxis(op, m, out);
                for (long i = 0; i < 10; i++) {
                    java.lang.foreign.MemorySegment cell = java.lang.foreign.MemorySegment.ofArray(new double[1]);
                    VectorOps.scalar().reduction(DType.FLOAT64).reduceRows(op, new MatrixSpan(m.contiguousSegment(), i * 100_003 * 8, 1,
                            100_003, 0), VectorSpan.float64(cell));
                    double expected = cell.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0);
                    assertBits(expected, out.getDouble(i), op + " row " + i);
                }
            }
            NdArray cube = random(arena, 10, 5, 6, 7);
            NdArray sums = NdArray.allocate(arena, DType.FLOAT64, 5, 6);
            ArrayOps.create().reduceLastAxis(Reduction.MAX, cube, sums);
            double max = Double.NEGATIVE_INFINITY;
            boolean nan = false;
            for (long k = 0; k < 7; k++) {
                double v = cube.getDouble(4, 5, k);
                nan |= Double.isNaN(v);
                max = Math.max(max, v);
            }
            assertBits(nan ? Double.NaN : max, sums.getDouble(4, 5), "3-d max");
        }
    }

    @Test
    void mismatchedArgumentsAreNamed() {
        try (Arena arena = Arena.ofShared()) {
            NdArray r = NdArray.allocate(arena, DType.FLOAT64, 3, 4);
            NdArray y = NdArray.allocate(arena, DType.FLOAT64, 3);
            NdArray x = NdArray.allocate(arena, DType.FLOAT64, 5);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().outer(r, y, x, OuterImpl.TILED))
                    .getMessage().contains("r shape [3, 4] != (y.size, x.size) = (3, 5)"));
            NdArray i16 = NdArray.allocate(arena, DType.INT16, 3, 5);
            assertEquals("cannot cast output r from float64 to int16 with casting rule 'same_kind'; casting 'unsafe' allows it",
                    assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().outer(i16, y, x, OuterImpl.TILED)).getMessage());
            NdArray b = NdArray.allocate(arena, DType.FLOAT64, 3, 5);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ArrayOps.create().elementwise(BinaryOp.ADD, r, r, b))
                    .getMessage().contains("b shape [3, 5] != out shape [3, 4]"));
        }
    }
}

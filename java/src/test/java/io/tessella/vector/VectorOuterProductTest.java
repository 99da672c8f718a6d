package io.tessella.vector;

import io.tessella.memory.DType;

import static io.tessella.vector.TestData.F64;
import static io.tessella.vector.TestData.I64;
import static io.tessella.vector.TestData.assertSameBytes;
import static io.tessella.vector.TestData.assertSameDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The outer product r[i, j] = y[i] * x[j]: every implementation, every tail, every special value. */
class VectorOuterProductTest {

    private static final long[] ROWS = {0, 1, 2, 3, 13};

    @Test
    void everyImplementationGivesTheSameBitsOnEdgeSizes() {
        SplittableRandom rnd = new SplittableRandom(6);
        try (Arena arena = Arena.ofConfined()) {
            for (long rows : ROWS) {
                for (long cols : TestData.EDGE_SIZES) {
                    for (DType type : new DType[] {DType.FLOAT64, DType.INT64}) {
                        checkAllAgree(arena, rnd, rows, cols, type, 0, 0);
                    }
                }
            }
        }
    }

    @Test
    void paddedRowsUnalignedOffsetsAndStridedYAreHonoured() {
        SplittableRandom rnd = new SplittableRandom(7);
        try (Arena arena = Arena.ofConfined()) {
            for (long cols : new long[] {1, 7, 9, 17, 207}) {
                checkAllAgree(arena, rnd, 5, cols, DType.FLOAT64, 3, 4);
                checkAllAgree(arena, rnd, 6, cols, DType.INT64, 1, 12);
            }
        }
    }

    @Test
    void rowRangeWritesOnlyItsRows() {
        SplittableRandom rnd = new SplittableRandom(8);
        long rows = 11, cols = 37;
        try (Arena arena = Arena.ofConfined()) {
            VectorSpan y = VectorSpan.float64(TestData.doubles(arena, rows, rnd, false));
            VectorSpan x = VectorSpan.float64(TestData.doubles(arena, cols, rnd, false));
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment full = TestData.sentinel(arena, rows * cols * 8);
                MemorySegment tiles = TestData.sentinel(arena, rows * cols * 8);
                ops.outerProduct(MatrixSpan.contiguous(full, rows, cols), y, x, 3, 8);
                MatrixSpan t = MatrixSpan.contiguous(tiles, rows, cols);
                ops.outerProduct(t, y, x, 3, 5);
                ops.outerProduct(t, y, x, 5, 5);
                ops.outerProduct(t, y, x, 5, 8);
                assertSameBytes(full, tiles, true, 0, ops.name() + " row tiles [3,5)+[5,8) vs [3,8)");
                for (long i = 0; i < rows; i++) {
                    boolean inside = i >= 3 && i < 8;
                    double v = full.get(F64, (i * cols) * 8);
                    assertEquals(inside, Double.doubleToRawLongBits(v) != 0x5A5A5A5A5A5A5A5AL || Double.isNaN(v),
                            ops.name() + " row " + i + " written = " + !inside);
                }
            }
        }
    }

    @Test
    void int64FactorsRoundToNearestDoubleAsNumPyPromotes() {
        long[] ys = {0, 1, -1, (1L << 53) + 1, -((1L << 53) + 1), (1L << 53) + 3, Long.MAX_VALUE, Long.MIN_VALUE,
                123_456_789_012_345_677L};
        double[] xs = {1.0, 0.5, -0.0, Double.MIN_VALUE, Double.POSITIVE_INFINITY, 3.0, 0.1, 1e-300, 7.0};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ySeg = arena.allocate(ys.length * 8L);
            MemorySegment xSeg = arena.allocate(xs.length * 8L);
            for (int i = 0; i < ys.length; i++) {
                ySeg.setAtIndex(I64, i, ys[i]);
            }
            for (int j = 0; j < xs.length; j++) {
                xSeg.setAtIndex(F64, j, xs[j]);
            }
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment r = arena.allocate((long) ys.length * xs.length * 8);
                ops.outerProduct(MatrixSpan.contiguous(r, ys.length, xs.length), VectorSpan.int64(ySeg), VectorSpan.float64(xSeg));
                for (int i = 0; i < ys.length; i++) {
                    for (int j = 0; j < xs.length; j++) {
                        assertSameDouble((double) ys[i] * xs[j], r.getAtIndex(F64, (long) i * xs.length + j), false,
                                ops.name() + " r[" + i + ", " + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void nanPayloadsPassThroughWhenOnlyOneFactorIsNaN() {
        double[] ys = {2.0, -0.0, Double.NEGATIVE_INFINITY, TestData.NAN_PAYLOAD, 1e-310};
        double[] xs = {TestData.NAN_PAYLOAD, TestData.NEG_NAN_PAYLOAD, 1.5, -0.0, Double.POSITIVE_INFINITY,
                Double.MIN_VALUE, 3.0, 1e308, 9.0, TestData.NEG_NAN_PAYLOAD, 0.25};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ySeg = arena.allocate(ys.length * 8L);
            MemorySegment xSeg = arena.allocate(xs.length * 8L);
            MemorySegment.copy(ys, 0, ySeg, F64, 0, ys.length);
            MemorySegment.copy(xs, 0, xSeg, F64, 0, xs.length);
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment r = arena.allocate((long) ys.length * xs.length * 8);
                ops.outerProduct(MatrixSpan.contiguous(r, ys.length, xs.length), VectorSpan.float64(ySeg), VectorSpan.float64(xSeg));
                for (int i = 0; i < ys.length; i++) {
                    for (int j = 0; j < xs.length; j++) {
                        if (Double.isNaN(ys[i]) && Double.isNaN(xs[j])) {
                            continue;
                        }
                        double expected = Double.isNaN(ys[i]) ? ys[i] : Double.isNaN(xs[j]) ? xs[j] : ys[i] * xs[j];
                        assertSameDouble(expected, r.getAtIndex(F64, (long) i * xs.length + j), false,
                                ops.name() + " r[" + i + ", " + j + "]");
                    }
                }
            }
        }
    }

    /** Runs every implementation on the same inputs into sentinel-filled outputs and compares all bytes. */
    private static void checkAllAgree(Arena arena, SplittableRandom rnd, long rows, long cols, DType type,
                                      long padCols, long offsetBytes) {
        long yStride = type == DType.INT64 ? 16 : 8;
        MemorySegment ySeg = arena.allocate(Math.max(rows, 1) * yStride + 8, 8);
        for (long i = 0; i < rows; i++) {
            if (type == DType.INT64) {
                long v = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextLong(-100_000, 100_000);
                ySeg.set(I64, i * yStride, v);
            } else {
                ySeg.set(F64, i * yStride, TestData.value(rnd, false));
            }
        }
        VectorSpan y = new VectorSpan(ySeg, 0, rows, yStride, type);
        MemorySegment xSeg = arena.allocate(cols * 8 + offsetBytes + 8, 8);
        for (long j = 0; j < cols; j++) {
            xSeg.set(F64, offsetBytes + j * 8, TestData.value(rnd, false));
        }
        VectorSpan x = new VectorSpan(xSeg, offsetBytes, cols, 8, DType.FLOAT64);
        long rowStride = (cols + padCols) * 8;
        long bytes = offsetBytes + rows * rowStride + 8;
        MemorySegment expected = null;
        String where = rows + " x " + cols + " " + type + " pad " + padCols + " offset " + offsetBytes;
        for (F64Ops ops : TestData.implementations()) {
            MemorySegment out = TestData.sentinel(arena, bytes);
            ops.outerProduct(new MatrixSpan(out, offsetBytes, rows, cols, rowStride), y, x);
            if (expected == null) {
                expected = out;
            } else {
                assertSameBytes(expected, out, true, offsetBytes % 8, ops.name() + " vs naive, " + where);
            }
        }
    }
}

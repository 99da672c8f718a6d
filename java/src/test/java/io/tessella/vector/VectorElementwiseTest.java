package io.tessella.vector;

import static io.tessella.vector.TestData.F64;
import static io.tessella.vector.TestData.assertSameBytes;
import static io.tessella.vector.TestData.assertSameDouble;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Elementwise out = a op b and out = fma(a, b, c): every implementation, tail and special value. */
class VectorElementwiseTest {

    private static final long[] ROWS = {1, 2, 5};

    @Test
    void everyOperationGivesTheSameBitsAsItsDefinitionOnEdgeSizes() {
        SplittableRandom rnd = new SplittableRandom(61);
        try (Arena arena = Arena.ofConfined()) {
            for (long rows : ROWS) {
                for (long cols : TestData.EDGE_SIZES) {
                    MatrixSpan a = padded(arena, rnd, rows, cols, 1, 0);
                    MatrixSpan b = padded(arena, rnd, rows, cols, 3, 8);
                    MatrixSpan c = padded(arena, rnd, rows, cols, 0, 0);
                    for (BinaryOp op : BinaryOp.values()) {
                        for (F64Ops ops : TestData.implementations()) {
                            MatrixSpan out = new MatrixSpan(TestData.sentinel(arena, rows * (cols + 2) * 8 + 16), 16, rows, cols, (cols + 2) * 8);
                            ops.elementwise(op, out, a, b);
                            check(out, a, b, c, op, ops.name());
                        }
                    }
                    for (F64Ops ops : TestData.implementations()) {
                        MatrixSpan out = MatrixSpan.contiguous(TestData.sentinel(arena, rows * cols * 8), rows, cols);
                        ops.fma(out, a, b, c);
                        check(out, a, b, c, null, ops.name());
                    }
                }
            }
        }
    }

    @Test
    void paddingAndRowsOutsideTheRangeStayUntouched() {
        SplittableRandom rnd = new SplittableRandom(62);
        long rows = 7, cols = 21;
        try (Arena arena = Arena.ofConfined()) {
            MatrixSpan a = padded(arena, rnd, rows, cols, 0, 0);
            MatrixSpan b = padded(arena, rnd, rows, cols, 0, 0);
            MemorySegment expected = null;
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment seg = TestData.sentinel(arena, rows * (cols + 3) * 8);
                ops.elementwise(BinaryOp.DIVIDE, new MatrixSpan(seg, 0, rows, cols, (cols + 3) * 8), a, b, 2, 6);
                if (expected == null) {
                    expected = seg;
                } else {
                    assertSameBytes(expected, seg, true, 0, ops.name() + " vs naive");
                }
            }
        }
    }

    @Test
    void inPlaceUpdateAndBroadcastRowAreAllowed() {
        SplittableRandom rnd = new SplittableRandom(63);
        long rows = 6, cols = 19;
        try (Arena arena = Arena.ofConfined()) {
            MatrixSpan a = padded(arena, rnd, rows, cols, 0, 0);
            MatrixSpan row = new MatrixSpan(TestData.doubles(arena, cols, rnd, false), 0, rows, cols, 0);
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment copy = arena.allocate(a.segment().byteSize(), 8).copyFrom(a.segment());
                MatrixSpan inPlace = MatrixSpan.contiguous(copy, rows, cols);
                ops.elementwise(BinaryOp.SUBTRACT, inPlace, inPlace, row);
                for (long i = 0; i < rows; i++) {
                    for (long j = 0; j < cols; j++) {
                        double expected = a.segment().get(F64, a.rowOffset(i) + j * 8) - row.segment().get(F64, j * 8);
                        assertSameDouble(expected, copy.get(F64, inPlace.rowOffset(i) + j * 8), true,
                                ops.name() + " a -= row at [" + i + ", " + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void fmaRoundsOnceLikeMathFma() {
        // (1 + 2^-52)^2 - 1 is 2^-51 + 2^-104 exactly; a separate multiply rounds away the 2^-104.
        double a = 1.0 + Math.ulp(1.0);
        try (Arena arena = Arena.ofConfined()) {
            for (F64Ops ops : TestData.implementations()) {
                for (long cols : new long[] {1, 8, 17}) {
                    MatrixSpan ma = filled(arena, cols, a), mb = filled(arena, cols, a), mc = filled(arena, cols, -1.0);
                    MatrixSpan out = MatrixSpan.contiguous(arena.allocate(cols * 8), 1, cols);
                    ops.fma(out, ma, mb, mc);
                    for (long j = 0; j < cols; j++) {
                        assertSameDouble(Math.fma(a, a, -1.0), out.segment().getAtIndex(F64, j), false, ops.name() + " fma col " + j);
                    }
                }
            }
        }
    }

    /** The 4 x 4 tiles of recipe 4's (365, 16, 16) cube, one plane at a time, equal the untiled sum. */
    @Test
    void cubeAddedIn4x4TilesEqualsWholeCubeAdd() {
        SplittableRandom rnd = new SplittableRandom(64);
        long planes = 365, side = 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = TestData.doubles(arena, planes * side * side, rnd, false);
            MemorySegment b = TestData.doubles(arena, planes * side * side, rnd, false);
            MatrixSpan whole = MatrixSpan.contiguous(a, planes * side, side);
            MemorySegment expected = arena.allocate(a.byteSize(), 8);
            TestData.naive().elementwise(BinaryOp.ADD, MatrixSpan.contiguous(expected, planes * side, side), whole,
                    MatrixSpan.contiguous(b, planes * side, side));
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment out = TestData.sentinel(arena, a.byteSize());
                for (long k = 0; k < planes; k++) {
                    MatrixSpan pa = new MatrixSpan(a, k * side * side * 8, side, side, side * 8);
                    MatrixSpan pb = new MatrixSpan(b, k * side * side * 8, side, side, side * 8);
                    MatrixSpan po = new MatrixSpan(out, k * side * side * 8, side, side, side * 8);
                    for (long i = 0; i < side; i += 4) {
                        for (long j = 0; j < side; j += 4) {
                            ops.elementwise(BinaryOp.ADD, po.block(i, i + 4, j, j + 4), pa.block(i, i + 4, j, j + 4),
                                    pb.block(i, i + 4, j, j + 4));
                        }
                    }
                }
                assertSameBytes(expected, out, true, 0, ops.name() + " tiled cube add");
            }
        }
    }

    private static MatrixSpan filled(Arena arena, long cols, double v) {
        MemorySegment s = arena.allocate(cols * 8);
        for (long j = 0; j < cols; j++) {
            s.setAtIndex(F64, j, v);
        }
        return MatrixSpan.contiguous(s, 1, cols);
    }

    static MatrixSpan padded(Arena arena, SplittableRandom rnd, long rows, long cols, long padCols, long offset) {
        long stride = (cols + padCols) * 8;
        MemorySegment s = arena.allocate(offset + rows * stride + 8, 8);
        for (long i = 0; i < rows; i++) {
            for (long j = 0; j < cols; j++) {
                s.set(F64, offset + i * stride + j * 8, TestData.value(rnd, false));
            }
        }
        return new MatrixSpan(s, offset, rows, cols, stride);
    }

    private static void check(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, BinaryOp op, String name) {
        for (long i = 0; i < out.rows(); i++) {
            for (long j = 0; j < out.cols(); j++) {
                double av = a.segment().get(F64, a.rowOffset(i) + j * 8);
                double bv = b.segment().get(F64, b.rowOffset(i) + j * 8);
                double expected = op == null ? Math.fma(av, bv, c.segment().get(F64, c.rowOffset(i) + j * 8)) : op.apply(av, bv);
                assertSameDouble(expected, out.segment().get(F64, out.rowOffset(i) + j * 8), true,
                        name + " " + (op == null ? "FMA" : op) + " " + out.rows() + " x " + out.cols() + " at [" + i + ", " + j + "]");
            }
        }
    }
}

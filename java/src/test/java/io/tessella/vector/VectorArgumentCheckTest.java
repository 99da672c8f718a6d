package io.tessella.vector;

import io.tessella.memory.DType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Wrong arguments fail once per call with a message naming the argument and its value. */
class VectorArgumentCheckTest {

    private static final Arena ARENA = Arena.ofAuto();
    private static final MemorySegment SEG = ARENA.allocate(1024, 8);

    private static void fails(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void negativeSizesOffsetsAndStridesAreRejected() {
        fails("rows = -1 is negative", () -> new MatrixSpan(SEG, 0, -1, 4, 32));
        fails("cols = -2 is negative", () -> new MatrixSpan(SEG, 0, 1, -2, 32));
        fails("offset = -8 is negative", () -> new MatrixSpan(SEG, -8, 1, 1, 8));
        fails("row stride = -8 is negative", () -> new MatrixSpan(SEG, 0, 2, 1, -8));
        fails("stride = -8 is negative", () -> new VectorSpan(SEG, 0, 2, -8, DType.FLOAT64));
    }

    @Test
    void spansReachingPastTheirSegmentAreRejected() {
        fails("span needs bytes [0, 1032) but its segment has 1024 bytes", () -> new MatrixSpan(SEG, 0, 2, 1, 1024));
        fails("span needs bytes [1000, 1032) but its segment has 1024 bytes", () -> new VectorSpan(SEG, 1000, 4, 8, DType.INT64));
        fails("matrix of 3 rows with row stride 9223372036854775807 bytes overflows a long",
                () -> new MatrixSpan(SEG, 0, 3, 1, Long.MAX_VALUE));
    }

    @Test
    void blockOutsideItsMatrixIsRejected() {
        MatrixSpan m = MatrixSpan.contiguous(SEG, 4, 4);
        fails("rowEnd = 5 > rows = 4", () -> m.block(0, 5, 0, 4));
        fails("colEnd = 2 < colStart = 3", () -> m.block(0, 1, 3, 2));
    }

    @Test
    void outputRowsThatOverlapAreRejected() {
        MatrixSpan out = new MatrixSpan(SEG, 0, 3, 10, 64);
        MatrixSpan in = new MatrixSpan(SEG, 0, 3, 10, 0);
        for (F64Ops ops : TestData.implementations()) {
            fails("out row stride 64 bytes < cols * 8 = 80", () -> ops.elementwise(BinaryOp.ADD, out, in, in));
        }
    }

    @Test
    void accumulatorsMustBeContiguousWritableFloat64OfOneValuePerColumn() {
        MatrixSpan in = MatrixSpan.contiguous(SEG, 3, 4);
        for (F64Ops ops : TestData.implementations()) {
            fails("acc length = 5 != in cols = 4",
                    () -> ops.accumulateRows(Reduction.SUM, in, new VectorSpan(SEG, 512, 5, 8, DType.FLOAT64)));
            fails("acc stride = 16 bytes, must be 8 (contiguous)",
                    () -> ops.accumulateRows(Reduction.SUM, in, new VectorSpan(SEG, 512, 4, 16, DType.FLOAT64)));
            fails("acc dtype INT64 != FLOAT64, the dtype of " + ops.kernels().reduction(DType.FLOAT64).name() + " MIN",
                    () -> ops.accumulateRows(Reduction.MIN, in, new VectorSpan(SEG, 512, 4, 8, DType.INT64)));
            fails("acc segment is read-only",
                    () -> ops.accumulateRows(Reduction.MAX, in, new VectorSpan(SEG.asReadOnly(), 512, 4, 8, DType.FLOAT64)));
        }
    }

    @Test
    void mismatchedShapesAndRangesNameBothValues() {
        MatrixSpan out = MatrixSpan.contiguous(SEG, 3, 4);
        MatrixSpan other = MatrixSpan.contiguous(SEG, 3, 5);
        VectorSpan y3 = new VectorSpan(SEG, 0, 3, 8, DType.INT64);
        VectorSpan x4 = new VectorSpan(SEG, 0, 4, 8, DType.FLOAT64);
        for (F64Ops ops : TestData.implementations()) {
            fails("b shape [3, 5] != out shape [3, 4]", () -> ops.elementwise(BinaryOp.ADD, out, out, other));
            fails("c shape [3, 5] != out shape [3, 4]", () -> ops.fma(out, out, out, other));
            fails("rowEnd = 4 > rows = 3", () -> ops.elementwise(BinaryOp.ADD, out, out, out, 1, 4));
            fails("rowStart = -1 is negative", () -> ops.outerProduct(out, y3, x4, -1, 2));
            fails("y length = 4 != r rows = 3", () -> ops.outerProduct(out, x4, x4));
            fails("x length = 3 != r cols = 4", () -> ops.outerProduct(out, y3, new VectorSpan(SEG, 0, 3, 8, DType.FLOAT64)));
            fails("x dtype INT64 != FLOAT64, the dtype of " + ops.kernels().outer(DType.FLOAT64).name(), () -> ops.outerProduct(out, y3, new VectorSpan(SEG, 0, 4, 8, DType.INT64)));
            fails("x stride = 16 bytes, must be 8 (contiguous)", () -> ops.outerProduct(out, y3, new VectorSpan(SEG, 0, 4, 16, DType.FLOAT64)));
            fails("out length = 4 != in rows = 3", () -> ops.reduceRows(Reduction.SUM, out, x4));
            fails("out stride 0 bytes < 8: its elements overlap",
                    () -> ops.reduceRows(Reduction.SUM, out, new VectorSpan(SEG, 0, 3, 0, DType.FLOAT64)));
            fails("span needs bytes [1000, 1040) but its segment has 1024 bytes", () -> ops.reduce(Reduction.SUM, SEG, 1000, 5));
        }
    }

    @Test
    void readOnlyOutputsAreRejectedBeforeAnyWrite() {
        MatrixSpan ro = MatrixSpan.contiguous(SEG.asReadOnly(), 2, 2);
        VectorSpan y = new VectorSpan(SEG, 0, 2, 8, DType.FLOAT64);
        for (F64Ops ops : TestData.implementations()) {
            fails("r segment is read-only", () -> ops.outerProduct(ro, y, y));
            fails("out segment is read-only", () -> ops.elementwise(BinaryOp.MULTIPLY, ro, ro, ro));
            fails("out segment is read-only", () -> ops.reduceRows(Reduction.SUM, ro, new VectorSpan(SEG.asReadOnly(), 0, 2, 8, DType.FLOAT64)));
        }
    }

    @Test
    void aClosedArenaFailsWithIllegalStateNotACrash() {
        Arena arena = Arena.ofConfined();
        MemorySegment s = arena.allocate(64 * 8);
        MatrixSpan m = MatrixSpan.contiguous(s, 8, 8);
        arena.close();
        for (F64Ops ops : TestData.implementations()) {
            assertThrows(IllegalStateException.class, () -> ops.elementwise(BinaryOp.ADD, m, m, m));
        }
    }
}

package io.tessella.vector;

import io.tessella.memory.DType;

import static io.tessella.vector.TestData.assertSameBytes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Laws over any shape, padding, byte offset (aligned or not) and row range: every implementation
 * writes the same bytes as the naive one, inside the range and (untouched) outside it.
 */
class VectorPropertiesTest {

    @Property(tries = 150)
    void outerProductIsTheSameEverywhere(@ForAll @IntRange(max = 12) int rows, @ForAll @IntRange(max = 300) int cols,
                                         @ForAll @IntRange(max = 3) int padCols, @ForAll @IntRange(max = 15) int offset,
                                         @ForAll @IntRange(max = 12) int from, @ForAll @IntRange(max = 12) int to,
                                         @ForAll boolean int64, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long start = Math.min(from, rows), end = Math.max(start, Math.min(to, rows));
        try (Arena arena = Arena.ofConfined()) {
            VectorSpan y = new VectorSpan(TestData.doubles(arena, rows, rnd, false), 0, rows, 8,
                    int64 ? DType.INT64 : DType.FLOAT64);
            MemorySegment xs = arena.allocate(cols * 8L + offset + 8);
            xs.asSlice(offset).copyFrom(TestData.doubles(arena, cols, rnd, false).asSlice(0, cols * 8L));
            VectorSpan x = new VectorSpan(xs, offset, cols, 8, DType.FLOAT64);
            long stride = (cols + padCols) * 8L;
            agree(arena, offset + rows * stride + 8, offset, ops -> seg ->
                    ops.outerProduct(new MatrixSpan(seg, offset, rows, cols, stride), y, x, start, end));
        }
    }

    @Property(tries = 150)
    void elementwiseIsTheSameEverywhere(@ForAll @IntRange(max = 6) int rows, @ForAll @IntRange(max = 150) int cols,
                                        @ForAll @IntRange(max = 3) int padCols, @ForAll @IntRange(max = 15) int offset,
                                        @ForAll @IntRange(max = 6) int from, @ForAll @IntRange(max = 6) int to,
                                        @ForAll @IntRange(max = 4) int opIndex, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long start = Math.min(from, rows), end = Math.max(start, Math.min(to, rows));
        BinaryOp op = opIndex < 4 ? BinaryOp.values()[opIndex] : null;
        try (Arena arena = Arena.ofConfined()) {
            MatrixSpan a = VectorElementwiseTest.padded(arena, rnd, rows, cols, padCols, 8);
            MatrixSpan b = VectorElementwiseTest.padded(arena, rnd, rows, cols, 0, 0);
            MatrixSpan c = VectorElementwiseTest.padded(arena, rnd, rows, cols, 2 * padCols, 16);
            long stride = (cols + padCols) * 8L;
            agree(arena, offset + rows * stride + 8, offset, ops -> seg -> {
                MatrixSpan out = new MatrixSpan(seg, offset, rows, cols, stride);
                if (op == null) {
                    ops.fma(out, a, b, c, start, end);
                } else {
                    ops.elementwise(op, out, a, b, start, end);
                }
            });
        }
    }

    @Property(tries = 150)
    void reductionsAreTheSameEverywhere(@ForAll @IntRange(max = 5) int rows, @ForAll @IntRange(min = 1, max = 2000) int cols,
                                        @ForAll @IntRange(max = 3) int padCols, @ForAll @IntRange(max = 15) int offset,
                                        @ForAll @IntRange(max = 2) int opIndex, @ForAll boolean finite, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Reduction op = Reduction.values()[opIndex];
        try (Arena arena = Arena.ofConfined()) {
            long stride = (cols + padCols) * 8L;
            MemorySegment m = arena.allocate(offset + rows * stride + 8);
            for (long i = 0; i < rows; i++) {
                for (long j = 0; j < cols; j++) {
                    m.set(TestData.F64, offset + i * stride + j * 8, TestData.value(rnd, finite));
                }
            }
            MatrixSpan in = new MatrixSpan(m, offset, rows, cols, stride);
            agree(arena, rows * 16L + offset + 8, offset, ops -> seg ->
                    ops.reduceRows(op, in, new VectorSpan(seg, offset, rows, 16, DType.FLOAT64)));
        }
    }

    @Property(tries = 150)
    void accumulatingRowsIsTheSameEverywhere(@ForAll @IntRange(max = 40) int rows, @ForAll @IntRange(max = 300) int cols,
                                              @ForAll @IntRange(max = 3) int padCols, @ForAll @IntRange(max = 15) int offset,
                                              @ForAll @IntRange(max = 2) int opIndex, @ForAll boolean finite, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Reduction op = Reduction.values()[opIndex];
        try (Arena arena = Arena.ofConfined()) {
            long stride = (cols + padCols) * 8L;
            MemorySegment m = arena.allocate(offset + rows * stride + 8);
            for (long i = 0; i < rows; i++) {
                for (long j = 0; j < cols; j++) {
                    m.set(TestData.F64, offset + i * stride + j * 8, TestData.value(rnd, finite));
                }
            }
            double[] start = new double[cols];
            for (int j = 0; j < cols; j++) {
                start[j] = TestData.value(rnd, finite);
            }
            MatrixSpan in = new MatrixSpan(m, offset, rows, cols, stride);
            agree(arena, offset + cols * 8L + 8, offset, ops -> seg -> {
                MemorySegment.copy(start, 0, seg, TestData.F64, offset, cols);
                ops.accumulateRows(op, in, new VectorSpan(seg, offset, cols, 8, DType.FLOAT64));
            });
            // The specification: one running value per column, rows folded in order.
            MemorySegment acc = arena.allocate(Math.max(8, cols * 8L));
            MemorySegment.copy(start, 0, acc, TestData.F64, 0, cols);
            new F64Ops(VectorOps.active()).accumulateRows(op, in, new VectorSpan(acc, 0, cols, 8, DType.FLOAT64));
            for (int j = 0; j < cols; j++) {
                double want = start[j];
                for (long i = 0; i < rows; i++) {
                    double v = m.get(TestData.F64, offset + i * stride + j * 8L);
                    want = switch (op) {
                        case SUM -> want + v;
                        case MIN -> Math.min(want, v);
                        case MAX -> Math.max(want, v);
                    };
                }
                TestData.assertSameDouble(want, acc.getAtIndex(TestData.F64, j), true, op + " column " + j);
            }
        }
    }

    /** Runs {@code call} per implementation on a fresh sentinel-filled segment; all must match naive's bytes. */
    private static void agree(Arena arena, long bytes, long grid,
                              java.util.function.Function<F64Ops, java.util.function.Consumer<MemorySegment>> call) {
        List<F64Ops> all = TestData.implementations();
        MemorySegment expected = TestData.sentinel(arena, bytes);
        call.apply(TestData.naive()).accept(expected);
        for (F64Ops ops : all) {
            MemorySegment out = TestData.sentinel(arena, bytes);
            call.apply(ops).accept(out);
            assertSameBytes(expected, out, true, grid % 8, ops.name() + " vs naive");
        }
    }
}

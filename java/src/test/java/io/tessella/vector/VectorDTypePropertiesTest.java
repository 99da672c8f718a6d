package io.tessella.vector;

import io.tessella.memory.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Laws over any dtype, shape, padding, byte offset (aligned or not) and row range: every implementation
 * writes the same bytes as the naive reference, inside the range and (untouched) outside it. Named
 * {@code *Test} so that the 256-bit Surefire pass runs it too.
 */
class VectorDTypePropertiesTest {

    private static final DType[] TYPES = DType.values();

    @Property(tries = 300)
    void elementwiseOfAnyDTypeIsTheSameEverywhere(@ForAll @IntRange(max = 10) int t, @ForAll @IntRange(max = 5) int rows,
                                                  @ForAll @IntRange(max = 200) int cols, @ForAll @IntRange(max = 3) int padCols,
                                                  @ForAll @IntRange(max = 15) int offset, @ForAll @IntRange(max = 5) int from,
                                                  @ForAll @IntRange(max = 5) int to, @ForAll @IntRange(max = 6) int opIndex,
                                                  @ForAll long seed) {
        DType dtype = TYPES[t];
        Random rnd = new Random(seed);
        long start = Math.min(from, rows), end = Math.max(start, Math.min(to, rows));
        BinaryOp op = opIndex < BinaryOp.values().length ? BinaryOp.values()[opIndex] : null;
        if (op == null ? !dtype.isFloating() : !VectorOps.naive().elementwise(dtype).supports(op)) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MatrixSpan a = TypedData.matrix(arena, rnd, dtype, rows, cols, padCols, rnd.nextInt(9));
            MatrixSpan b = TypedData.matrix(arena, rnd, dtype, rows, cols, 0, 0);
            MatrixSpan c = TypedData.matrix(arena, rnd, dtype, rows, cols, 2 * padCols, 1);
            long stride = (cols + padCols) * dtype.byteSize();
            boolean exactNaN = op == BinaryOp.MINIMUM || op == BinaryOp.MAXIMUM;
            agree(arena, dtype, offset + rows * stride + 8, offset, !exactNaN, k -> seg -> {
                MatrixSpan out = new MatrixSpan(seg, offset, rows, cols, stride, dtype);
                if (op == null) {
                    k.elementwise(dtype).fma(out, a, b, c, start, end);
                } else {
                    k.elementwise(dtype).apply(op, out, a, b, start, end);
                }
            });
        }
    }

    @Property(tries = 200)
    void outerProductsOfAnyDTypeAreTheSameEverywhere(@ForAll @IntRange(max = 10) int t, @ForAll @IntRange(max = 9) int rows,
                                                     @ForAll @IntRange(max = 300) int cols, @ForAll @IntRange(max = 3) int padCols,
                                                     @ForAll @IntRange(max = 15) int offset, @ForAll @IntRange(max = 9) int from,
                                                     @ForAll @IntRange(max = 9) int to, @ForAll long seed) {
        DType dtype = TYPES[t];
        Random rnd = new Random(seed);
        long start = Math.min(from, rows), end = Math.max(start, Math.min(to, rows));
        long item = dtype.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            VectorSpan y = TypedData.vector(arena, rnd, dtype, rows, item * (1 + rnd.nextInt(3)), rnd.nextInt(5));
            VectorSpan x = TypedData.vector(arena, rnd, dtype, cols, item, rnd.nextInt(9));
            long stride = (cols + padCols) * item;
            agree(arena, dtype, offset + rows * stride + 8, offset, true, k -> seg ->
                    k.outer(dtype).outerProduct(new MatrixSpan(seg, offset, rows, cols, stride, dtype), y, x, start, end));
        }
    }

    @Property(tries = 300)
    void reductionsOfAnyDTypeAreTheSameEverywhere(@ForAll @IntRange(max = 10) int t, @ForAll @IntRange(max = 4) int rows,
                                                  @ForAll @IntRange(min = 1, max = 3000) int cols, @ForAll @IntRange(max = 3) int padCols,
                                                  @ForAll @IntRange(max = 15) int offset, @ForAll @IntRange(max = 2) int opIndex,
                                                  @ForAll @IntRange(max = 4) int from, @ForAll @IntRange(max = 4) int to, @ForAll long seed) {
        DType dtype = TYPES[t];
        Random rnd = new Random(seed);
        Reduction op = Reduction.values()[opIndex];
        long start = Math.min(from, rows), end = Math.max(start, Math.min(to, rows));
        DType r = VectorOps.naive().reduction(dtype).resultType(op);
        try (Arena arena = Arena.ofConfined()) {
            MatrixSpan in = TypedData.matrix(arena, rnd, dtype, rows, cols, padCols, rnd.nextInt(9));
            agree(arena, r, rows * 16L + offset + 8, offset, true, k -> seg ->
                    k.reduction(dtype).reduceRows(op, in, new VectorSpan(seg, offset, rows, 16, r), start, end));
        }
    }

    @Property(tries = 200)
    void accumulatingRowsOfAnyDTypeIsTheSameEverywhere(@ForAll @IntRange(max = 10) int t, @ForAll @IntRange(max = 30) int rows,
                                                       @ForAll @IntRange(max = 300) int cols, @ForAll @IntRange(max = 3) int padCols,
                                                       @ForAll @IntRange(max = 2) int opIndex, @ForAll long seed) {
        DType dtype = TYPES[t];
        Random rnd = new Random(seed);
        Reduction op = Reduction.values()[opIndex];
        DType r = VectorOps.naive().reduction(dtype).resultType(op);
        try (Arena arena = Arena.ofConfined()) {
            MatrixSpan in = TypedData.matrix(arena, rnd, dtype, rows, cols, padCols, rnd.nextInt(9));
            VectorSpan start = TypedData.vector(arena, rnd, r, cols, r.byteSize(), 0);
            long bytes = cols * r.byteSize();
            agree(arena, r, bytes + 8, 0, true, k -> seg -> {
                MemorySegment.copy(start.segment(), 0, seg, 0, bytes);
                k.reduction(dtype).accumulateRows(op, in, new VectorSpan(seg, 0, cols, r.byteSize(), r));
            });
        }
    }

    /** Runs {@code call} per implementation on a fresh sentinel-filled segment; all must match naive's bytes. */
    private static void agree(Arena arena, DType dtype, long bytes, long grid, boolean anyNaN,
                              Function<Kernels, Consumer<MemorySegment>> call) {
        MemorySegment expected = TypedData.sentinel(arena, bytes);
        call.apply(VectorOps.naive()).accept(expected);
        for (Kernels k : TestData.kernels()) {
            MemorySegment out = TypedData.sentinel(arena, bytes);
            call.apply(k).accept(out);
            TypedData.assertSame(expected, out, dtype, anyNaN, grid, k.name() + " vs naive, " + dtype);
        }
    }
}

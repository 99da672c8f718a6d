package io.tessella.vector;

import static org.junit.jupiter.api.Assertions.fail;

import io.tessella.memory.DType;
import io.tessella.memory.TestValues;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Fixtures for the kernels of every dtype: random spans, sentinel-filled outputs, bitwise comparison on a dtype's grid. */
final class TypedData {

    /** Sizes that hit every tail of vectors of 2 to 64 lanes, half-width tails, and the sum's 8 and 128 blocks. */
    static final long[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 95, 127, 128, 129, 136, 255, 257, 1031};

    private TypedData() {
    }

    /** A {@code rows x cols} span of random values of {@code t} (extremes and specials included), rows padded, at an offset. */
    static MatrixSpan matrix(Arena arena, Random rnd, DType t, long rows, long cols, long padCols, long offset) {
        long item = t.byteSize();
        long stride = (cols + padCols) * item;
        MemorySegment s = arena.allocate(offset + rows * stride + 8, 8);
        for (long i = 0; i < rows; i++) {
            for (long j = 0; j < cols; j++) {
                TestValues.write(s, offset + i * stride, t, j, TestValues.random(rnd, t));
            }
        }
        return new MatrixSpan(s, offset, rows, cols, stride, t);
    }

    /** {@code n} random values of {@code t}, {@code stride} bytes apart from {@code offset}. */
    static VectorSpan vector(Arena arena, Random rnd, DType t, long n, long stride, long offset) {
        MemorySegment s = arena.allocate(offset + Math.max(n, 1) * stride + 8, 8);
        for (long i = 0; i < n; i++) {
            TestValues.write(s, offset + i * stride, t, 0, TestValues.random(rnd, t));
        }
        return new VectorSpan(s, offset, n, stride, t);
    }

    /** Every byte 0x5A, so writes outside the range under test show. */
    static MemorySegment sentinel(Arena arena, long bytes) {
        return TestData.sentinel(arena, bytes);
    }

    /**
     * Byte-for-byte equality of two segments that hold values of {@code t} on a grid starting at byte
     * {@code grid}; with {@code anyNaN}, NaNs of a float dtype are made canonical first (the payload of
     * an arithmetic NaN depends on which operand the CPU sees first).
     */
    static void assertSame(MemorySegment expected, MemorySegment actual, DType t, boolean anyNaN, long grid, String what) {
        long at = expected.mismatch(actual);
        if (at < 0) {
            return;
        }
        long item = t.byteSize();
        if (anyNaN && t.isFloating()) {
            MemorySegment e = Arena.ofAuto().allocate(expected.byteSize(), 8).copyFrom(expected);
            MemorySegment a = Arena.ofAuto().allocate(actual.byteSize(), 8).copyFrom(actual);
            for (long o = grid % item; o + item <= e.byteSize(); o += item) {
                canonical(e, o, t);
                canonical(a, o, t);
            }
            at = e.mismatch(a);
            if (at < 0) {
                return;
            }
        }
        long elem = Math.max(0, at - grid % item) / item;
        long o = grid % item + elem * item;
        String detail = o + item <= Math.min(expected.byteSize(), actual.byteSize())
                ? ": expected " + TestValues.show(t, TestValues.read(expected, o, t, 0)) + " but got "
                        + TestValues.show(t, TestValues.read(actual, o, t, 0))
                : "";
        fail(what + ": first differing byte " + at + " (element at byte " + o + ")" + detail);
    }

    private static void canonical(MemorySegment s, long o, DType t) {
        long bits = TestValues.read(s, o, t, 0);
        if (Double.isNaN(TestValues.value(t, bits))) {
            TestValues.write(s, o, t, 0, t == DType.FLOAT64 ? Double.doubleToRawLongBits(Double.NaN) : Float.floatToRawIntBits(Float.NaN));
        }
    }
}

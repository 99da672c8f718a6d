package io.tessella.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessella.memory.DType;
import io.tessella.memory.TestValues;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every kernel of every dtype, every implementation (scalar, vector when present, and at 256 bits in
 * the vector256 Surefire pass), against the naive reference: every operation, every tail size, rows
 * padded and at odd byte offsets, values drawn over the whole range of the type with its extremes,
 * signed zeros, NaNs, infinities and subnormals. Bit for bit; only the payload of a NaN made by
 * arithmetic may differ (minimum and maximum pass NaNs through, so theirs may not).
 */
class VectorDTypeKernelsTest {

    @Test
    void everyElementwiseOperationOfEveryDTypeMatchesTheReference() {
        Random rnd = new Random(151);
        try (Arena arena = Arena.ofConfined()) {
            for (DType t : DType.values()) {
                long item = t.byteSize();
                for (long rows : new long[] {1, 3}) {
                    for (long cols : TypedData.SIZES) {
                        MatrixSpan a = TypedData.matrix(arena, rnd, t, rows, cols, 1, 3);
                        MatrixSpan b = TypedData.matrix(arena, rnd, t, rows, cols, 0, 8);
                        MatrixSpan c = TypedData.matrix(arena, rnd, t, rows, cols, 2, 0);
                        long stride = (cols + 2) * item;
                        long bytes = 5 + rows * stride + 8;
                        for (BinaryOp op : BinaryOp.values()) {
                            if (!VectorOps.naive().elementwise(t).supports(op)) {
                                continue;
                            }
                            MemorySegment expected = TypedData.sentinel(arena, bytes);
                            VectorOps.naive().elementwise(t).apply(op, new MatrixSpan(expected, 5, rows, cols, stride, t), a, b);
                            for (Kernels k : TestData.kernels()) {
                                MemorySegment out = TypedData.sentinel(arena, bytes);
                                k.elementwise(t).apply(op, new MatrixSpan(out, 5, rows, cols, stride, t), a, b);
                                boolean passesNaNs = op == BinaryOp.MINIMUM || op == BinaryOp.MAXIMUM;
                                TypedData.assertSame(expected, out, t, !passesNaNs, 5, k.name() + " " + t + " " + op + " " + rows + " x " + cols);
                            }
                        }
                        if (t.isFloating()) {
                            MemorySegment expected = TypedData.sentinel(arena, bytes);
                            VectorOps.naive().elementwise(t).fma(new MatrixSpan(expected, 5, rows, cols, stride, t), a, b, c);
                            for (Kernels k : TestData.kernels()) {
                                MemorySegment out = TypedData.sentinel(arena, bytes);
                                k.elementwise(t).fma(new MatrixSpan(out, 5, rows, cols, stride, t), a, b, c);
                                TypedData.assertSame(expected, out, t, true, 5, k.name() + " " + t + " fma " + rows + " x " + cols);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyOuterProductOfEveryDTypeMatchesTheReference() {
        Random rnd = new Random(152);
        try (Arena arena = Arena.ofConfined()) {
            for (DType t : DType.values()) {
                long item = t.byteSize();
                for (long rows : new long[] {0, 1, 3, 13}) {
                    for (long cols : TypedData.SIZES) {
                        VectorSpan y = TypedData.vector(arena, rnd, t, rows, 3 * item, 1);
                        VectorSpan x = TypedData.vector(arena, rnd, t, cols, item, 7);
                        long stride = (cols + 1) * item;
                        long bytes = 3 + rows * stride + 8;
                        MemorySegment expected = TypedData.sentinel(arena, bytes);
                        VectorOps.naive().outer(t).outerProduct(new MatrixSpan(expected, 3, rows, cols, stride, t), y, x);
                        for (Kernels k : TestData.kernels()) {
                            MemorySegment out = TypedData.sentinel(arena, bytes);
                            k.outer(t).outerProduct(new MatrixSpan(out, 3, rows, cols, stride, t), y, x, rows > 2 ? 1 : 0, rows);
                            if (rows > 2) {
                                k.outer(t).outerProduct(new MatrixSpan(out, 3, rows, cols, stride, t), y, x, 0, 1);
                            }
                            TypedData.assertSame(expected, out, t, true, 3, k.name() + " " + t + " outer " + rows + " x " + cols);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyReductionOfEveryDTypeMatchesTheReference() {
        Random rnd = new Random(153);
        try (Arena arena = Arena.ofConfined()) {
            for (DType t : DType.values()) {
                for (long cols : concat(TypedData.SIZES, 4096, 8193, 17_003)) {
                    MatrixSpan in = TypedData.matrix(arena, rnd, t, 3, cols, 2, 1);
                    for (Reduction op : Reduction.values()) {
                        if (cols == 0 && op != Reduction.SUM) {
                            continue;
                        }
                        DType r = VectorOps.naive().reduction(t).resultType(op);
                        long bytes = 3 * 16 + 8;
                        MemorySegment expected = TypedData.sentinel(arena, bytes);
                        VectorOps.naive().reduction(t).reduceRows(op, in, new VectorSpan(expected, 2, 3, 16, r));
                        for (Kernels k : TestData.kernels()) {
                            MemorySegment out = TypedData.sentinel(arena, bytes);
                            k.reduction(t).reduceRows(op, in, new VectorSpan(out, 2, 3, 16, r));
                            TypedData.assertSame(expected, out, r, true, 2, k.name() + " " + t + " " + op + " of " + cols);
                        }
                    }
                }
            }
        }
    }

    @Test
    void narrowIntegerSumsOfLongRowsFlushTheirWideningLanesInTime() {
        // 300000 values at the top of the range: 32-bit lanes would overflow without their flushes.
        long cols = 300_000;
        try (Arena arena = Arena.ofConfined()) {
            for (DType t : new DType[] {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.UINT32, DType.INT32}) {
                MemorySegment s = arena.allocate(cols * t.byteSize());
                long max = TestValues.cast(DType.INT64, t.isUnsigned() ? -1 : (1L << (8 * t.byteSize() - 1)) - 1, t);
                for (long j = 0; j < cols; j++) {
                    TestValues.write(s, 0, t, j, max);
                }
                for (Kernels k : TestData.kernels()) {
                    MemorySegment out = arena.allocate(8);
                    k.reduction(t).reduceRows(Reduction.SUM, MatrixSpan.contiguous(s, t, 1, cols), new VectorSpan(out, 0, 1, 8,
                            k.reduction(t).resultType(Reduction.SUM)));
                    assertEquals(max * cols, out.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0), k.name() + " " + t);
                }
            }
        }
    }

    @Test
    void accumulatingRowsOfEveryDTypeMatchesTheReference() {
        Random rnd = new Random(154);
        try (Arena arena = Arena.ofConfined()) {
            for (DType t : DType.values()) {
                for (long cols : new long[] {1, 3, 8, 17, 33, 64, 65, 129, 300}) {
                    MatrixSpan in = TypedData.matrix(arena, rnd, t, 9, cols, 1, 0);
                    for (Reduction op : Reduction.values()) {
                        DType r = VectorOps.naive().reduction(t).resultType(op);
                        VectorSpan start = TypedData.vector(arena, rnd, r, cols, r.byteSize(), 0);
                        long bytes = cols * r.byteSize();
                        MemorySegment expected = arena.allocate(bytes, 8).copyFrom(start.segment().asSlice(0, bytes));
                        VectorOps.naive().reduction(t).accumulateRows(op, in, VectorSpan.of(expected, r));
                        for (Kernels k : TestData.kernels()) {
                            MemorySegment acc = arena.allocate(bytes, 8).copyFrom(start.segment().asSlice(0, bytes));
                            k.reduction(t).accumulateRows(op, in, VectorSpan.of(acc, r));
                            TypedData.assertSame(expected, acc, r, true, 0, k.name() + " " + t + " accumulate " + op + " " + cols);
                        }
                    }
                }
            }
        }
    }

    @Test
    void integersWrapAroundAsNumPysDo() {
        try (Arena arena = Arena.ofConfined()) {
            for (Kernels k : TestData.kernels()) {
                assertEquals(-56, binary(arena, k, DType.INT8, BinaryOp.ADD, 100, 100));
                assertEquals(44, binary(arena, k, DType.UINT8, BinaryOp.ADD, 200, 100));
                assertEquals(255, binary(arena, k, DType.UINT8, BinaryOp.SUBTRACT, 0, 1));
                assertEquals(-32768, binary(arena, k, DType.INT16, BinaryOp.ADD, 32767, 1));
                assertEquals(0, binary(arena, k, DType.UINT16, BinaryOp.MULTIPLY, 256, 256));
                assertEquals(Integer.MIN_VALUE, binary(arena, k, DType.INT32, BinaryOp.ADD, Integer.MAX_VALUE, 1));
                assertEquals(Long.MIN_VALUE, binary(arena, k, DType.INT64, BinaryOp.MULTIPLY, Long.MIN_VALUE, -1));
                assertEquals(0, binary(arena, k, DType.UINT64, BinaryOp.ADD, -1, 1), "uint64 2^64 - 1 + 1");
            }
        }
    }

    @Test
    void unsignedIntegersCompareAsUnsigned() {
        try (Arena arena = Arena.ofConfined()) {
            for (Kernels k : TestData.kernels()) {
                assertEquals(200, binary(arena, k, DType.UINT8, BinaryOp.MAXIMUM, 200, 100));
                assertEquals(100, binary(arena, k, DType.UINT8, BinaryOp.MINIMUM, 200, 100));
                assertEquals(-56, binary(arena, k, DType.INT8, BinaryOp.MINIMUM, -56, 100), "int8 200 is -56");
                assertEquals(65535, binary(arena, k, DType.UINT16, BinaryOp.MAXIMUM, 65535, 1));
                assertEquals(-1, binary(arena, k, DType.UINT64, BinaryOp.MAXIMUM, -1, 5), "uint64 2^64 - 1 is the largest");
                assertEquals(4_000_000_000L, binary(arena, k, DType.UINT32, BinaryOp.MAXIMUM, 4_000_000_000L, 7));
            }
        }
    }

    @Test
    void floatMinimumAndMaximumFollowNumPyOnNaNAndEqualValues() {
        double nanA = Double.longBitsToDouble(0x7ff8_0000_0000_0123L), nanB = Double.longBitsToDouble(0xfff8_0000_0000_0456L);
        try (Arena arena = Arena.ofConfined()) {
            for (Kernels k : TestData.kernels()) {
                for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    // np.minimum(+0.0, -0.0) is -0.0 and np.minimum(-0.0, +0.0) is +0.0: equal values give b.
                    assertEquals(bits(t, -0.0), binary(arena, k, t, BinaryOp.MINIMUM, bits(t, 0.0), bits(t, -0.0)), k.name());
                    assertEquals(bits(t, 0.0), binary(arena, k, t, BinaryOp.MINIMUM, bits(t, -0.0), bits(t, 0.0)), k.name());
                    assertEquals(bits(t, -0.0), binary(arena, k, t, BinaryOp.MAXIMUM, bits(t, 0.0), bits(t, -0.0)), k.name());
                    // A NaN wins, the first one when both are.
                    assertEquals(bits(t, nanA), binary(arena, k, t, BinaryOp.MINIMUM, bits(t, nanA), bits(t, 1.0)), k.name());
                    assertEquals(bits(t, nanA), binary(arena, k, t, BinaryOp.MAXIMUM, bits(t, 1.0), bits(t, nanA)), k.name());
                    assertEquals(bits(t, nanB), binary(arena, k, t, BinaryOp.MINIMUM, bits(t, nanB), bits(t, nanA)), k.name());
                }
            }
        }
    }

    @Test
    void boolArithmeticIsLogicalAndUnsupportedOperationsAreRefusedByName() {
        try (Arena arena = Arena.ofConfined()) {
            for (Kernels k : TestData.kernels()) {
                assertEquals(1, binary(arena, k, DType.BOOL, BinaryOp.ADD, 1, 1), "True + True is True");
                assertEquals(0, binary(arena, k, DType.BOOL, BinaryOp.MULTIPLY, 1, 0));
                assertEquals(1, binary(arena, k, DType.BOOL, BinaryOp.MAXIMUM, 0, 2), "any non-zero byte is True");
                ElementwiseOps b = k.elementwise(DType.BOOL);
                assertFalse(b.supports(BinaryOp.SUBTRACT));
                MatrixSpan one = MatrixSpan.contiguous(arena.allocate(1), DType.BOOL, 1, 1);
                assertEquals("SUBTRACT of BOOL is refused, as NumPy refuses boolean subtract; use a logical xor",
                        assertThrows(IllegalArgumentException.class, () -> b.apply(BinaryOp.SUBTRACT, one, one, one)).getMessage());
                MatrixSpan i16 = MatrixSpan.contiguous(arena.allocate(2), DType.INT16, 1, 1);
                assertEquals("DIVIDE needs a floating-point dtype, not INT16: NumPy divides integers as float64 (Promotion.divideType)",
                        assertThrows(IllegalArgumentException.class, () -> k.elementwise(DType.INT16).apply(BinaryOp.DIVIDE, i16, i16, i16))
                                .getMessage());
                assertEquals("fma needs a floating-point dtype, not INT16",
                        assertThrows(IllegalArgumentException.class, () -> k.elementwise(DType.INT16).fma(i16, i16, i16, i16)).getMessage());
                MatrixSpan f32 = MatrixSpan.contiguous(arena.allocate(4), DType.FLOAT32, 1, 1);
                assertEquals("a dtype INT16 != FLOAT32, the dtype of " + k.elementwise(DType.FLOAT32).name(),
                        assertThrows(IllegalArgumentException.class, () -> k.elementwise(DType.FLOAT32).apply(BinaryOp.ADD, f32, i16, f32))
                                .getMessage());
            }
        }
    }

    private static long bits(DType t, double v) {
        return TestValues.floatBits(t, v);
    }

    /** {@code a op b} of one pair through kernel set {@code k}, as bits. */
    private static long binary(Arena arena, Kernels k, DType t, BinaryOp op, long a, long b) {
        MemorySegment s = arena.allocate(3 * 8);
        TestValues.write(s, 0, t, 0, a);
        TestValues.write(s, 8, t, 0, b);
        k.elementwise(t).apply(op, new MatrixSpan(s, 16, 1, 1, 0, t), new MatrixSpan(s, 0, 1, 1, 0, t), new MatrixSpan(s, 8, 1, 1, 0, t));
        return TestValues.read(s, 16, t, 0);
    }

    private static long[] concat(long[] a, long... b) {
        long[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

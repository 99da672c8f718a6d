package io.tessella.vector;

import io.tessella.memory.DType;

import static io.tessella.vector.TestData.assertSameBytes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The other tests mostly run interpreted code, where the Vector API executes its Java fallback.
 * These call each kernel often enough for C2 to compile it (and intrinsify the Vector API), then
 * compare with the naive result again: the compiled code must give the same bits.
 */
class VectorCompiledCodeTest {

    // Enough calls that every kernel passes C2's invocation and back-edge thresholds (~10^4).
    private static final int CALLS = 20_000;

    @Test
    void compiledOuterProductKeepsTheSameBits() {
        SplittableRandom rnd = new SplittableRandom(81);
        long rows = 3, cols = 67;
        try (Arena arena = Arena.ofConfined()) {
            VectorSpan y = VectorSpan.int64(TestData.doubles(arena, rows, rnd, false));
            VectorSpan x = VectorSpan.float64(TestData.doubles(arena, cols, rnd, false));
            MemorySegment expected = arena.allocate(rows * cols * 8);
            TestData.naive().outerProduct(MatrixSpan.contiguous(expected, rows, cols), y, x);
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment out = arena.allocate(rows * cols * 8);
                MatrixSpan r = MatrixSpan.contiguous(out, rows, cols);
                for (int k = 0; k < CALLS; k++) {
                    ops.outerProduct(r, y, x, k % 2, rows);
                }
                assertSameBytes(expected, out, true, 0, ops.name() + " compiled");
            }
        }
    }

    @Test
    void compiledElementwiseAndFmaKeepTheSameBits() {
        SplittableRandom rnd = new SplittableRandom(82);
        long rows = 2, cols = 45;
        try (Arena arena = Arena.ofConfined()) {
            MatrixSpan a = VectorElementwiseTest.padded(arena, rnd, rows, cols, 0, 0);
            MatrixSpan b = VectorElementwiseTest.padded(arena, rnd, rows, cols, 0, 0);
            MatrixSpan c = VectorElementwiseTest.padded(arena, rnd, rows, cols, 0, 0);
            for (int opIndex = 0; opIndex <= BinaryOp.values().length; opIndex++) {
                BinaryOp op = opIndex < BinaryOp.values().length ? BinaryOp.values()[opIndex] : null;
                MemorySegment expected = arena.allocate(rows * cols * 8);
                run(TestData.naive(), op, MatrixSpan.contiguous(expected, rows, cols), a, b, c);
                for (F64Ops ops : TestData.implementations()) {
                    MemorySegment out = arena.allocate(rows * cols * 8);
                    MatrixSpan o = MatrixSpan.contiguous(out, rows, cols);
                    for (int k = 0; k < CALLS / 2; k++) {
                        run(ops, op, o, a, b, c);
                    }
                    assertSameBytes(expected, out, true, 0, ops.name() + " compiled " + (op == null ? "FMA" : op));
                }
            }
        }
    }

    @Test
    void compiledReductionsKeepTheSameBits() {
        SplittableRandom rnd = new SplittableRandom(83);
        long rows = 4, cols = 301;
        try (Arena arena = Arena.ofConfined()) {
            for (boolean finite : new boolean[] {true, false}) {
                MatrixSpan in = MatrixSpan.contiguous(TestData.doubles(arena, rows * cols, rnd, finite), rows, cols);
                for (Reduction op : Reduction.values()) {
                    MemorySegment expected = arena.allocate(rows * 8);
                    TestData.naive().reduceRows(op, in, VectorSpan.float64(expected));
                    for (F64Ops ops : TestData.implementations()) {
                        MemorySegment out = arena.allocate(rows * 8);
                        for (int k = 0; k < CALLS / 2; k++) {
                            ops.reduceRows(op, in, VectorSpan.float64(out));
                        }
                        assertSameBytes(expected, out, true, 0, ops.name() + " compiled " + op + (finite ? " finite" : " specials"));
                    }
                }
            }
        }
    }

    @Test
    void compiledLongRowSumsKeepTheSameBits() {
        // Rows long enough for every shape of the vector path's walk over NumPy's recursion (see
        // sumKeepsNumPysOrderOnEveryShapeOfTheRecursion); cols = 301 above reaches only the smallest.
        SplittableRandom rnd = new SplittableRandom(84);
        long[] lengths = {264, 520, 1000, 4352, 8232, 17_003};
        try (Arena arena = Arena.ofConfined()) {
            for (boolean finite : new boolean[] {true, false}) {
                for (long cols : lengths) {
                    MatrixSpan in = MatrixSpan.contiguous(TestData.doubles(arena, 2 * cols, rnd, finite), 2, cols);
                    MemorySegment expected = arena.allocate(2 * 8);
                    TestData.naive().reduceRows(Reduction.SUM, in, VectorSpan.float64(expected));
                    for (F64Ops ops : TestData.implementations()) {
                        MemorySegment out = arena.allocate(2 * 8);
                        for (int k = 0; k < 2_000_000 / cols; k++) {
                            ops.reduceRows(Reduction.SUM, in, VectorSpan.float64(out));
                        }
                        assertSameBytes(expected, out, true, 0, ops.name() + " compiled SUM " + cols + (finite ? " finite" : " specials"));
                    }
                }
            }
        }
    }

    @Test
    void compiledKernelsOfEveryDTypeKeepTheSameBits() {
        // Each dtype's generated classes are their own compiled code: every one is compiled and checked.
        java.util.Random rnd = new java.util.Random(85);
        long rows = 2, cols = 203;
        try (Arena arena = Arena.ofConfined()) {
            for (DType t : DType.values()) {
                MatrixSpan a = TypedData.matrix(arena, rnd, t, rows, cols, 0, 0);
                MatrixSpan b = TypedData.matrix(arena, rnd, t, rows, cols, 0, 0);
                VectorSpan y = TypedData.vector(arena, rnd, t, rows, t.byteSize(), 0);
                VectorSpan x = TypedData.vector(arena, rnd, t, cols, t.byteSize(), 0);
                long bytes = rows * cols * t.byteSize();
                for (BinaryOp op : BinaryOp.values()) {
                    if (!VectorOps.naive().elementwise(t).supports(op)) {
                        continue;
                    }
                    MemorySegment expected = arena.allocate(bytes);
                    VectorOps.naive().elementwise(t).apply(op, MatrixSpan.contiguous(expected, t, rows, cols), a, b);
                    for (Kernels k : TestData.kernels()) {
                        MemorySegment out = arena.allocate(bytes);
                        for (int n = 0; n < CALLS / 4; n++) {
                            k.elementwise(t).apply(op, MatrixSpan.contiguous(out, t, rows, cols), a, b);
                        }
                        TypedData.assertSame(expected, out, t, op != BinaryOp.MINIMUM && op != BinaryOp.MAXIMUM, 0,
                                k.name() + " compiled " + t + " " + op);
                    }
                }
                MemorySegment expected = arena.allocate(bytes);
                VectorOps.naive().outer(t).outerProduct(MatrixSpan.contiguous(expected, t, rows, cols), y, x);
                for (Kernels k : TestData.kernels()) {
                    MemorySegment out = arena.allocate(bytes);
                    for (int n = 0; n < CALLS / 4; n++) {
                        k.outer(t).outerProduct(MatrixSpan.contiguous(out, t, rows, cols), y, x);
                    }
                    TypedData.assertSame(expected, out, t, true, 0, k.name() + " compiled " + t + " outer");
                }
                for (Reduction op : Reduction.values()) {
                    DType r = VectorOps.naive().reduction(t).resultType(op);
                    MemorySegment want = arena.allocate(rows * 8);
                    VectorOps.naive().reduction(t).reduceRows(op, a, new VectorSpan(want, 0, rows, 8, r));
                    for (Kernels k : TestData.kernels()) {
                        MemorySegment out = arena.allocate(rows * 8);
                        for (int n = 0; n < CALLS / 4; n++) {
                            k.reduction(t).reduceRows(op, a, new VectorSpan(out, 0, rows, 8, r));
                        }
                        TypedData.assertSame(want, out, r, true, 0, k.name() + " compiled " + t + " " + op);
                    }
                }
            }
        }
    }

    private static void run(F64Ops ops, BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c) {
        if (op == null) {
            ops.fma(out, a, b, c);
        } else {
            ops.elementwise(op, out, a, b);
        }
    }
}

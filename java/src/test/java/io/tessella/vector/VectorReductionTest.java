package io.tessella.vector;

import io.tessella.memory.DType;

import static io.tessella.vector.TestData.F64;
import static io.tessella.vector.TestData.assertSameDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Sum, min and max along the last axis: the fixed summation order, NaN and signed-zero rules. */
class VectorReductionTest {

    private static final long[] LONG_ROWS = {264, 520, 1000, 4096, 8232, 10_007, 17_003, 100_003};

    @Test
    void everyImplementationGivesTheSameBitsOnEdgeAndLongRows() {
        SplittableRandom rnd = new SplittableRandom(71);
        try (Arena arena = Arena.ofConfined()) {
            for (boolean finite : new boolean[] {true, false}) {
                for (long cols : TestData.EDGE_SIZES) {
                    checkAllAgree(arena, rnd, 3, cols, finite);
                }
                for (long cols : LONG_ROWS) {
                    checkAllAgree(arena, rnd, 1, cols, finite);
                }
            }
        }
    }

    @Test
    void sumOfUpToSevenValuesIsSequentialFromPlusZero() {
        double[] v = {1e16, 1.0, -1e16, 1.0, 0.5, 3.0, -2.0};
        double expected = 0.0 + (((((((-0.0 + v[0]) + v[1]) + v[2]) + v[3]) + v[4]) + v[5]) + v[6]);
        assertSum(expected, v);
    }

    @Test
    void sumOfEightToOneHundredTwentyEightUsesEightAccumulatorsThenATreeThenTheTail() {
        double[] v = new double[19];
        SplittableRandom rnd = new SplittableRandom(72);
        for (int i = 0; i < v.length; i++) {
            v[i] = (rnd.nextBoolean() ? 1e16 : 1.0) * rnd.nextDouble(-1, 1);
        }
        double[] r = new double[8];
        for (int k = 0; k < 8; k++) {
            r[k] = v[k] + v[8 + k];
        }
        double expected = 0.0 + (((((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))) + v[16]) + v[17]) + v[18];
        assertSum(expected, v);
    }

    @Test
    void sumAboveOneHundredTwentyEightSplitsAtHalfRoundedDownToEight() {
        // n = 150: m = 75 - 75 % 8 = 72, so pw(150) = pw(first 72) + pw(last 78).
        double[] v = new double[150];
        SplittableRandom rnd = new SplittableRandom(73);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.scalb(rnd.nextDouble(-1, 1), rnd.nextInt(-30, 30));
        }
        double[] left = java.util.Arrays.copyOfRange(v, 0, 72);
        double[] right = java.util.Arrays.copyOfRange(v, 72, 150);
        try (Arena arena = Arena.ofConfined()) {
            double l = TestData.naive().reduce(Reduction.SUM, segment(arena, left), 0, 72);
            double r = TestData.naive().reduce(Reduction.SUM, segment(arena, right), 0, 78);
            assertSum(0.0 + (l + r), v);
        }
    }

    @Test
    void sumKeepsNumPysOrderOnEveryShapeOfTheRecursion() {
        // The vector path walks NumPy's recursion as a tree of 8-value groups: leaves all at one depth,
        // or 16-group leaves mixed with 8 + 9 pairs (264, 520, 8232, 16896, 17003), with or without a
        // tail-carrying right spine, at depths that fill one lane batch, eight, or the stack beyond 64
        // leaves. Values of mixed magnitudes make any other order change the bits.
        SplittableRandom rnd = new SplittableRandom(76);
        long[] larger = {1000, 1024, 2176, 4352, 8232, 8704, 8712, 16896, 17003, 33000, 65537};
        try (Arena arena = Arena.ofConfined()) {
            for (long n = 129; n <= 700 + larger.length; n++) {
                long cols = n <= 700 ? n : larger[(int) (n - 701)];
                MemorySegment s = arena.allocate(cols * 8);
                for (long i = 0; i < cols; i++) {
                    s.setAtIndex(F64, i, Math.scalb(rnd.nextDouble(-1, 1), rnd.nextInt(-40, 40)));
                }
                double expected = TestData.naive().reduce(Reduction.SUM, s, 0, cols);
                for (F64Ops ops : TestData.implementations()) {
                    assertSameDouble(expected, ops.reduce(Reduction.SUM, s, 0, cols), false, ops.name() + " n = " + cols);
                }
            }
        }
    }

    @Test
    void sumIsWithinPairwiseErrorOfAPlainSequentialSum() {
        SplittableRandom rnd = new SplittableRandom(74);
        try (Arena arena = Arena.ofConfined()) {
            for (long n : new long[] {9, 207, 4098, 100_003}) {
                MemorySegment s = arena.allocate(n * 8);
                double seq = 0, abs = 0;
                for (long i = 0; i < n; i++) {
                    double v = rnd.nextDouble(-1, 1) * Math.exp(rnd.nextDouble(-5, 5));
                    s.setAtIndex(F64, i, v);
                    seq += v;
                    abs += Math.abs(v);
                }
                double tolerance = 2 * n * Math.ulp(1.0) * abs;
                for (F64Ops ops : TestData.implementations()) {
                    double sum = ops.reduce(Reduction.SUM, s, 0, n);
                    assertEquals(seq, sum, tolerance, ops.name() + " n = " + n);
                }
            }
        }
    }

    @Test
    void emptyAndAllNegativeZeroRowsSumToPlusZeroAsInNumPy() {
        try (Arena arena = Arena.ofConfined()) {
            for (long n : new long[] {0, 1, 7, 8, 200}) {
                MemorySegment s = arena.allocate(Math.max(n, 1) * 8);
                for (long i = 0; i < n; i++) {
                    s.setAtIndex(F64, i, -0.0);
                }
                for (F64Ops ops : TestData.implementations()) {
                    assertSameDouble(0.0, ops.reduce(Reduction.SUM, s, 0, n), false, ops.name() + " n = " + n);
                }
            }
        }
    }

    @Test
    void minAndMaxPropagateNaNFromAnyPosition() {
        try (Arena arena = Arena.ofConfined()) {
            for (long n : new long[] {1, 2, 7, 8, 9, 16, 33, 207}) {
                for (long at = 0; at < n; at += Math.max(1, n / 5)) {
                    double[] v = new double[(int) n];
                    for (int i = 0; i < n; i++) {
                        v[i] = i - n / 2.0;
                    }
                    v[(int) at] = TestData.NAN_PAYLOAD;
                    MemorySegment s = segment(arena, v);
                    for (F64Ops ops : TestData.implementations()) {
                        assertTrue(Double.isNaN(ops.reduce(Reduction.MIN, s, 0, n)), ops.name() + " min n=" + n + " NaN at " + at);
                        assertTrue(Double.isNaN(ops.reduce(Reduction.MAX, s, 0, n)), ops.name() + " max n=" + n + " NaN at " + at);
                        assertTrue(Double.isNaN(ops.reduce(Reduction.SUM, s, 0, n)), ops.name() + " sum n=" + n + " NaN at " + at);
                    }
                }
            }
        }
    }

    @Test
    void negativeZeroIsBelowPositiveZeroWhereverEachSits() {
        try (Arena arena = Arena.ofConfined()) {
            for (long n : new long[] {2, 8, 9, 17, 64}) {
                for (boolean negFirst : new boolean[] {true, false}) {
                    double[] v = new double[(int) n];
                    for (int i = 0; i < n; i++) {
                        v[i] = ((i % 2 == 0) == negFirst) ? -0.0 : 0.0;
                    }
                    MemorySegment s = segment(arena, v);
                    for (F64Ops ops : TestData.implementations()) {
                        assertSameDouble(-0.0, ops.reduce(Reduction.MIN, s, 0, n), false, ops.name() + " min n=" + n);
                        assertSameDouble(0.0, ops.reduce(Reduction.MAX, s, 0, n), false, ops.name() + " max n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void minAndMaxOfAnEmptyRowAreRejectedAsInNumPy() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(8);
            MatrixSpan empty = new MatrixSpan(s, 0, 2, 0, 0);
            VectorSpan out = VectorSpan.float64(arena.allocate(16));
            for (F64Ops ops : TestData.implementations()) {
                var e = assertThrows(IllegalArgumentException.class, () -> ops.reduceRows(Reduction.MAX, empty, out));
                assertEquals("cols = 0: MAX of an empty row has no identity", e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> ops.reduce(Reduction.MIN, s, 0, 0));
            }
        }
    }

    @Test
    void rowReductionsWriteOnlyTheirRangeIntoAStridedOutput() {
        SplittableRandom rnd = new SplittableRandom(75);
        long rows = 9, cols = 131;
        try (Arena arena = Arena.ofConfined()) {
            MatrixSpan in = VectorElementwiseTest.padded(arena, rnd, rows, cols, 5, 8);
            for (Reduction op : Reduction.values()) {
                for (F64Ops ops : TestData.implementations()) {
                    MemorySegment outSeg = TestData.sentinel(arena, rows * 24);
                    ops.reduceRows(op, in, new VectorSpan(outSeg, 8, rows, 24, DType.FLOAT64), 2, 7);
                    for (long i = 0; i < rows; i++) {
                        double got = outSeg.get(F64, 8 + i * 24);
                        if (i >= 2 && i < 7) {
                            assertSameDouble(TestData.naive().reduce(op, in.segment(), in.rowOffset(i), cols), got, true,
                                    ops.name() + " " + op + " row " + i);
                        } else {
                            assertEquals(0x5A5A5A5A5A5A5A5AL, Double.doubleToRawLongBits(got), ops.name() + " row " + i + " untouched");
                        }
                    }
                }
            }
        }
    }

    private static void checkAllAgree(Arena arena, SplittableRandom rnd, long rows, long cols, boolean finite) {
        MemorySegment m = TestData.doubles(arena, rows * cols, rnd, finite);
        MatrixSpan in = MatrixSpan.contiguous(m, rows, cols);
        for (Reduction op : Reduction.values()) {
            if (cols == 0 && op != Reduction.SUM) {
                continue;
            }
            double[] expected = null;
            for (F64Ops ops : TestData.implementations()) {
                MemorySegment out = arena.allocate(Math.max(rows, 1) * 8);
                ops.reduceRows(op, in, new VectorSpan(out, 0, rows, 8, DType.FLOAT64));
                double[] got = out.asSlice(0, rows * 8).toArray(F64);
                if (expected == null) {
                    expected = got;
                } else {
                    for (int i = 0; i < rows; i++) {
                        assertSameDouble(expected[i], got[i], true, ops.name() + " " + op + " " + rows + " x " + cols + " row " + i);
                    }
                }
            }
        }
    }

    private static void assertSum(double expected, double[] v) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = segment(arena, v);
            for (F64Ops ops : TestData.implementations()) {
                assertSameDouble(expected, ops.reduce(Reduction.SUM, s, 0, v.length), false, ops.name() + " n = " + v.length);
            }
        }
    }

    static MemorySegment segment(Arena arena, double[] v) {
        MemorySegment s = arena.allocate(Math.max(v.length, 1) * 8L, 8);
        MemorySegment.copy(v, 0, s, F64, 0, v.length);
        return s;
    }
}

package io.tessella.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Shared fixtures: the implementations under test, value generators and bitwise comparisons. */
final class TestData {

    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    /** Sizes that hit every tail of 2-, 4- and 8-lane vectors and of the pairwise sum's 8 and 128 blocks. */
    static final long[] EDGE_SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 33, 63, 64, 65, 127, 128, 129, 136, 207, 257, 4098};

    /** Quiet NaNs with distinct payloads and signs; quiet so that every CPU passes them through unchanged. */
    static final double NAN_PAYLOAD = Double.longBitsToDouble(0x7ff8_0000_0000_0123L);
    static final double NEG_NAN_PAYLOAD = Double.longBitsToDouble(0xfff8_0000_00ab_cdefL);

    static final double[] SPECIALS = {
            Double.NaN, NAN_PAYLOAD, NEG_NAN_PAYLOAD, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
            Double.longBitsToDouble(0x000f_ffff_ffff_ffffL), 1e-310, -3.5e-320, Double.MAX_VALUE, -Double.MAX_VALUE,
            1.0, -1.0, 0.1, 1e300, -1e-300, 3.0, 2.0};

    static final double[] FINITE_SPECIALS = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            1e-310, -3.5e-320, 1.0, -1.0, 0.1, 1e300, -1e-300};

    private TestData() {
    }

    static boolean expectVector() {
        return Boolean.parseBoolean(System.getProperty("tessella.test.expectVector", "false"));
    }

    /**
     * The implementations to compare: naive, scalar, and vector when this JVM has the module. In the
     * Surefire pass that expects the Vector API, its absence is a failure, not a skip.
     */
    static List<F64Ops> implementations() {
        return kernels().stream().map(F64Ops::new).toList();
    }

    /** The naive reference's float64 kernels. */
    static F64Ops naive() {
        return new F64Ops(VectorOps.naive());
    }

    /** The kernel sets to compare: naive (the reference, first), scalar, and vector when this JVM has the module. */
    static List<Kernels> kernels() {
        List<Kernels> all = new ArrayList<>(List.of(VectorOps.naive(), VectorOps.scalar()));
        if (System.getProperty("tessella.test.expectVector") != null) {
            assertEquals(expectVector(), VectorOps.vector().isPresent(),
                    "vector() presence; unavailable because: " + VectorOps.vectorUnavailableReason().orElse("-"));
        }
        VectorOps.vector().ifPresent(all::add);
        return all;
    }

    /** One value: mostly wide-ranging normals, sometimes a special; NaN-free when {@code finite}. */
    static double value(SplittableRandom rnd, boolean finite) {
        int pick = rnd.nextInt(10);
        if (pick == 0) {
            double[] from = finite ? FINITE_SPECIALS : SPECIALS;
            return from[rnd.nextInt(from.length)];
        }
        double mag = Math.exp(rnd.nextDouble(-20, 20));
        return (rnd.nextBoolean() ? mag : -mag) * rnd.nextDouble();
    }

    static MemorySegment doubles(Arena arena, long count, SplittableRandom rnd, boolean finite) {
        MemorySegment s = arena.allocate(Math.max(count, 1) * 8, 8);
        for (long i = 0; i < count; i++) {
            s.setAtIndex(F64, i, value(rnd, finite));
        }
        return s;
    }

    /** Fills every byte with a sentinel so that writes outside the range under test show. */
    static MemorySegment sentinel(Arena arena, long bytes) {
        MemorySegment s = arena.allocate(Math.max(bytes, 1), 8);
        s.fill((byte) 0x5A);
        return s;
    }

    private static MemorySegment canonicalNaNs(MemorySegment s, long grid) {
        MemorySegment copy = Arena.ofAuto().allocate(s.byteSize(), 8).copyFrom(s);
        for (long o = grid; o + 8 <= copy.byteSize(); o += 8) {
            if (Double.isNaN(copy.get(F64, o))) {
                copy.set(F64, o, Double.NaN);
            }
        }
        return copy;
    }

    static String hex(double d) {
        return Double.toString(d) + " (0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
    }

    /** Same bits, except that any NaN matches any NaN when {@code anyNaN} (payloads meeting payloads). */
    static void assertSameDouble(double expected, double actual, boolean anyNaN, String where) {
        if (anyNaN && Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), () -> where + ": expected NaN, got " + hex(actual));
            return;
        }
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
            fail(where + ": expected " + hex(expected) + " but got " + hex(actual));
        }
    }

    /** Byte-for-byte equality of two whole segments: values, padding and untouched sentinels alike. */
    static void assertSameBytes(MemorySegment expected, MemorySegment actual, String what) {
        assertSameBytes(expected, actual, false, 0, what);
    }

    /**
     * As {@link #assertSameBytes(MemorySegment, MemorySegment, String)}, but when {@code anyNaN} every
     * NaN on the 8-byte grid starting at {@code grid} is first made canonical in copies of both, since
     * the payload of NaN op NaN depends on which operand the CPU sees first.
     */
    static void assertSameBytes(MemorySegment expected, MemorySegment actual, boolean anyNaN, long grid, String what) {
        if (anyNaN) {
            expected = canonicalNaNs(expected, grid);
            actual = canonicalNaNs(actual, grid);
        }
        long at = expected.mismatch(actual);
        if (at >= 0) {
            long elem = at / 8;
            String detail = at + 8 <= Math.min(expected.byteSize(), actual.byteSize())
                    ? ": expected " + hex(expected.get(F64, elem * 8)) + " but got " + hex(actual.get(F64, elem * 8))
                    : "";
            fail(what + ": first differing byte " + at + " (element " + elem + ")" + detail);
        }
    }
}

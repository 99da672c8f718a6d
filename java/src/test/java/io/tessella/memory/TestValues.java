package io.tessella.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Elements of any dtype as 64-bit patterns, so tests can compare every dtype bit for bit with one set
 * of helpers: float64 as its raw bits, float32 as its raw bits (sign-extended int), integers as
 * {@link Cast} holds them (sign- or zero-extended), bool as 0 or 1. The reference conversion
 * {@link #cast} goes through {@link Cast}'s one-value functions, which the tests check against NumPy.
 */
public final class TestValues {

    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    /** Float specials every float test draws from now and then: signed zeros, NaNs, infinities, subnormals, extremes. */
    public static final double[] FLOAT_SPECIALS = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_0123L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            1e-310, Double.MAX_VALUE, -Double.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 1e38, 3.4e38, 1.0, -1.0};

    private TestValues() {
    }

    /** The element at {@code idx} as bits (see the class comment). */
    public static long bits(NdArray a, long... idx) {
        return switch (a.dtype()) {
            case FLOAT64 -> Double.doubleToRawLongBits(a.getDouble(idx));
            case FLOAT32 -> Float.floatToRawIntBits(a.getFloat(idx));
            case BOOL -> a.getBoolean(idx) ? 1 : 0;
            default -> a.getLong(idx);
        };
    }

    /** Writes bits (see the class comment) as the element at {@code idx}. */
    public static void setBits(NdArray a, long bits, long... idx) {
        switch (a.dtype()) {
            case FLOAT64 -> a.setDouble(Double.longBitsToDouble(bits), idx);
            case FLOAT32 -> a.setFloat(Float.intBitsToFloat((int) bits), idx);
            case BOOL -> a.setBoolean(bits != 0, idx);
            default -> a.setLong(bits, idx);
        }
    }

    /** Element {@code i} of contiguous native-order values of {@code t} starting at byte {@code offset}. */
    public static long read(MemorySegment s, long offset, DType t, long i) {
        long at = offset + i * t.byteSize();
        return switch (t) {
            case FLOAT64, INT64, UINT64 -> s.get(I64, at);
            case FLOAT32, INT32 -> s.get(I32, at);
            case UINT32 -> Integer.toUnsignedLong(s.get(I32, at));
            case INT16 -> s.get(I16, at);
            case UINT16 -> Short.toUnsignedLong(s.get(I16, at));
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, at);
            case UINT8 -> Byte.toUnsignedLong(s.get(ValueLayout.JAVA_BYTE, at));
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, at) != 0 ? 1 : 0;
        };
    }

    /** Writes element {@code i} of contiguous native-order values of {@code t}. */
    public static void write(MemorySegment s, long offset, DType t, long i, long bits) {
        long at = offset + i * t.byteSize();
        switch ((int) t.byteSize()) {
            case 8 -> s.set(I64, at, bits);
            case 4 -> s.set(I32, at, (int) bits);
            case 2 -> s.set(I16, at, (short) bits);
            default -> s.set(ValueLayout.JAVA_BYTE, at, (byte) bits);
        }
    }

    /** The value of bits of dtype {@code t} as a double (exact for floats, rounded for wide integers). */
    public static double value(DType t, long bits) {
        return switch (t) {
            case FLOAT64 -> Double.longBitsToDouble(bits);
            case FLOAT32 -> Float.intBitsToFloat((int) bits);
            default -> Cast.toDouble(t, bits);
        };
    }

    /** The bits of a double value stored as float dtype {@code t}. */
    public static long floatBits(DType t, double v) {
        return t == DType.FLOAT64 ? Double.doubleToRawLongBits(v) : Float.floatToRawIntBits((float) v);
    }

    /** The reference conversion: one value of {@code from} as {@code to}, through {@link Cast}. */
    public static long cast(DType from, long bits, DType to) {
        if (from == to) {
            return bits;
        }
        if (from.isFloating()) {
            double d = value(from, bits);
            return to.isFloating() ? floatBits(to, d) : Cast.toInteger(d, to);
        }
        return switch (to) {
            case FLOAT64 -> Double.doubleToRawLongBits(Cast.toDouble(from, bits));
            case FLOAT32 -> Float.floatToRawIntBits(Cast.toFloat(from, bits));
            default -> Cast.toInteger(bits, to);
        };
    }

    /** Equal bits; for floats with {@code anyNaN}, any NaN matches any NaN. */
    public static boolean same(DType t, long expected, long actual, boolean anyNaN) {
        if (expected == actual) {
            return true;
        }
        return anyNaN && t.isFloating() && Double.isNaN(value(t, expected)) && Double.isNaN(value(t, actual));
    }

    /** Bits as a readable value with its pattern, for messages. */
    public static String show(DType t, long bits) {
        return switch (t) {
            case FLOAT64, FLOAT32 -> value(t, bits) + " (0x" + Long.toHexString(t == DType.FLOAT32 ? bits & 0xFFFF_FFFFL : bits) + ")";
            case UINT64 -> Long.toUnsignedString(bits);
            default -> Long.toString(bits);
        };
    }

    /**
     * A random value of {@code t} as bits: integers anywhere in the type's range, often near its ends
     * (min, max, 0, -1) so overflow wraps; floats of wide-ranging magnitude, sometimes a special.
     */
    public static long random(Random rnd, DType t) {
        if (t == DType.BOOL) {
            return rnd.nextInt(2);
        }
        if (t.isFloating()) {
            double v;
            int pick = rnd.nextInt(12);
            if (pick == 0) {
                v = FLOAT_SPECIALS[rnd.nextInt(FLOAT_SPECIALS.length)];
            } else if (pick == 1) {
                v = rnd.nextInt(200) - 100;                         // small integers: exact in every type
            } else {
                v = (rnd.nextDouble() * 2 - 1) * Math.scalb(1.0, rnd.nextInt(t == DType.FLOAT32 ? 60 : 120) - (t == DType.FLOAT32 ? 30 : 60));
            }
            return floatBits(t, v);
        }
        long raw = switch (rnd.nextInt(6)) {
            case 0 -> extreme(rnd, t);
            case 1 -> rnd.nextInt(7) - 3;
            default -> rnd.nextLong() >> rnd.nextInt(64);
        };
        return Cast.toInteger(raw, t);
    }

    private static long extreme(Random rnd, DType t) {
        int bits = (int) t.byteSize() * 8;
        long max = t.isUnsigned() ? (bits == 64 ? -1L : (1L << bits) - 1) : (bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1);
        long min = t.isUnsigned() ? 0 : (bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1)));
        return switch (rnd.nextInt(4)) {
            case 0 -> max;
            case 1 -> min;
            case 2 -> max - rnd.nextInt(3);
            default -> min + rnd.nextInt(3);
        };
    }
}

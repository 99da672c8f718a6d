package io.tessella.memory;

import java.util.Objects;

/**
 * How one value converts from one dtype to another, exactly as NumPy's {@code astype} (and every ufunc
 * that casts its operands) converts it on x86-64: the C conversions NumPy's casting loops are compiled
 * from. Integers hold their values in a {@code long} here: sign-extended for signed types and
 * {@link DType#BOOL} (0 or 1), zero-extended for unsigned ones, and {@link DType#UINT64}'s bits as
 * they are.
 *
 * <ul>
 *   <li>integer to integer: the low bits, as C converts (wrap-around: {@code 300 -> int8 44});</li>
 *   <li>integer to float: rounded to nearest, ties to even ({@code uint64} as the unsigned value);</li>
 *   <li>float to float: {@code float64 -> float32} rounds to nearest (overflow to infinity);</li>
 *   <li>anything to bool: non-zero is true (NaN too, {@code -0.0} is false); bool to anything: 0 or 1;</li>
 *   <li>float to integer: truncated toward zero. Values out of the target's range, infinities and NaN
 *       have no value in C; NumPy then gives what x86-64's conversion instructions give, which
 *       Tessella reproduces (measured on NumPy 2.4, checked by the tests): {@code int32} and
 *       {@code int64} become their minimum ({@code 0x80000000...}); {@code int8}, {@code int16},
 *       {@code uint8} and {@code uint16} take the low bits of the {@code int32} conversion
 *       ({@code 300.7 -> int8 44}, {@code 1e10 -> int16 0}); {@code uint32} and {@code uint64} convert
 *       values from 2^31 (2^63) up as {@code x - 2^31} (2^63) with the top bit set, others as the
 *       signed conversion ({@code -1.0 -> uint8 255}, {@code NaN -> uint32 2^31}, {@code 1e20 -> uint64 0}).</li>
 * </ul>
 *
 * <p>Thread-safety: stateless.
 *
 * <pre>{@code
 * Cast.toInteger(300.7, DType.INT8);           // 44
 * Cast.toInteger(-1, DType.UINT16);            // 65535
 * Cast.toDouble(DType.UINT64, -1L);            // 1.8446744073709552E19
 * Cast.toFloat(DType.INT64, (1L << 53) + 1);   // 9.0071993E15
 * }</pre>
 */
public final class Cast {

    private static final double TWO_31 = 0x1p31;
    private static final double TWO_63 = 0x1p63;

    private Cast() {
    }

    /**
     * An integer or bool value as the integer dtype {@code to} holds it: the low bits, sign- or
     * zero-extended as {@code to} is signed or unsigned; {@link DType#BOOL}: 1 if non-zero.
     *
     * <pre>{@code Cast.toInteger(-1, DType.UINT8); // 255}</pre>
     *
     * @param value an integer value (a {@link DType#UINT64} value's bits as they are)
     * @param to    an integer type or BOOL
     * @return the converted value, held as this class describes
     * @throws IllegalArgumentException if {@code to} is a floating-point type
     */
    public static long toInteger(long value, DType to) {
        return switch (Objects.requireNonNull(to, "to")) {
            case BOOL -> value != 0 ? 1 : 0;
            case INT8 -> (byte) value;
            case UINT8 -> value & 0xFFL;
            case INT16 -> (short) value;
            case UINT16 -> value & 0xFFFFL;
            case INT32 -> (int) value;
            case UINT32 -> value & 0xFFFF_FFFFL;
            case INT64, UINT64 -> value;
            case FLOAT32, FLOAT64 -> throw new IllegalArgumentException("to = " + to + " is not an integer type");
        };
    }

    /**
     * A floating-point value as the integer (or bool) dtype {@code to} holds it, as NumPy converts it
     * on x86-64 (see the class comment for values out of range).
     *
     * <pre>{@code Cast.toInteger(Double.NaN, DType.INT64); // Long.MIN_VALUE}</pre>
     *
     * @param value a float64 (or float32, widened) value
     * @param to    an integer type or BOOL
     * @return the converted value, held as this class describes
     * @throws IllegalArgumentException if {@code to} is a floating-point type
     */
    public static long toInteger(double value, DType to) {
        return switch (Objects.requireNonNull(to, "to")) {
            case BOOL -> value != 0 || Double.isNaN(value) ? 1 : 0;
            case INT8 -> (byte) truncInt32(value);
            case UINT8 -> truncInt32(value) & 0xFFL;
            case INT16 -> (short) truncInt32(value);
            case UINT16 -> truncInt32(value) & 0xFFFFL;
            case INT32 -> truncInt32(value);
            case UINT32 -> truncUInt32(value) & 0xFFFF_FFFFL;
            case INT64 -> truncInt64(value);
            case UINT64 -> truncUInt64(value);
            case FLOAT32, FLOAT64 -> throw new IllegalArgumentException("to = " + to + " is not an integer type");
        };
    }

    /**
     * An integer or bool value of dtype {@code from} as a float64, rounded to nearest.
     *
     * <pre>{@code Cast.toDouble(DType.UINT64, -1L); // 2^64}</pre>
     *
     * @param from  the value's integer type or BOOL
     * @param value the value, held as this class describes
     * @return the nearest double
     */
    public static double toDouble(DType from, long value) {
        return Objects.requireNonNull(from, "from") == DType.UINT64 ? unsignedToDouble(value) : (double) value;
    }

    /**
     * An integer or bool value of dtype {@code from} as a float32, rounded to nearest (once, not
     * through a double).
     *
     * <pre>{@code Cast.toFloat(DType.INT32, 16_777_217); // 1.6777216E7}</pre>
     *
     * @param from  the value's integer type or BOOL
     * @param value the value, held as this class describes
     * @return the nearest float
     */
    public static float toFloat(DType from, long value) {
        return Objects.requireNonNull(from, "from") == DType.UINT64 ? unsignedToFloat(value) : (float) value;
    }

    /** x86-64 {@code cvttsd2si} to 32 bits: truncated, and {@code 0x80000000} when NaN or out of range. */
    static int truncInt32(double d) {
        return d > -2147483649.0 && d < TWO_31 ? (int) d : Integer.MIN_VALUE;
    }

    /** x86-64 {@code cvttsd2si} to 64 bits: truncated, and {@code 0x8000000000000000} when NaN or out of range. */
    static long truncInt64(double d) {
        return d >= -TWO_63 && d < TWO_63 ? (long) d : Long.MIN_VALUE;
    }

    /** What C's {@code (uint32_t) d} compiles to on x86-64: values from 2^31 up through the signed conversion of {@code d - 2^31}. */
    static int truncUInt32(double d) {
        return d >= TWO_31 ? truncInt32(d - TWO_31) ^ Integer.MIN_VALUE : truncInt32(d);
    }

    /** What C's {@code (uint64_t) d} compiles to on x86-64. */
    static long truncUInt64(double d) {
        return d >= TWO_63 ? truncInt64(d - TWO_63) ^ Long.MIN_VALUE : truncInt64(d);
    }

    /** The unsigned value of {@code bits} rounded once to a double: halve with the lost bit kept sticky, convert, double. */
    static double unsignedToDouble(long bits) {
        if (bits >= 0) {
            return (double) bits;
        }
        return (double) ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    /** The unsigned value of {@code bits} rounded once to a float, as {@link #unsignedToDouble}. */
    static float unsignedToFloat(long bits) {
        if (bits >= 0) {
            return (float) bits;
        }
        return (float) ((bits >>> 1) | (bits & 1)) * 2.0f;
    }
}

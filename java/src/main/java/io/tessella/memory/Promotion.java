package io.tessella.memory;

import java.util.Objects;

/**
 * NumPy 2's type promotion, decided in this one place for every operation: which dtype an operation on
 * arrays of given dtypes computes in and returns. Under NEP 50 (NumPy 2) the values in an array never
 * change the answer, a 0-d array included; only the dtypes do.
 *
 * <ul>
 *   <li>{@link #resultType}: {@code np.result_type(a, b)}, the dtype of {@code a + b}, {@code a * b},
 *       {@code np.minimum(a, b)}, {@code np.outer(a, b)}: {@code bool} gives way to anything; two
 *       integers of one signedness give the wider; a signed and an unsigned integer give the signed
 *       type wide enough for both ({@code int8, uint8 -> int16}), {@code float64} with {@code uint64};
 *       {@code float32} holds integers of up to 16 bits, wider ones promote it to {@code float64}.</li>
 *   <li>{@link #divideType}: {@code np.true_divide(a, b)}: the result type if it is floating point,
 *       else {@code float64} (integers divide as doubles).</li>
 *   <li>{@link #sumType}: {@code np.sum(a)}: {@code bool} and signed integers sum in {@code int64},
 *       unsigned ones in {@code uint64} (NumPy's accumulator on 64-bit Linux), floats in their own
 *       type.</li>
 * </ul>
 * The tests compare every pair with the real {@code np.result_type} and {@code np.true_divide}.
 *
 * <p>Thread-safety: stateless.
 *
 * <pre>{@code
 * Promotion.resultType(DType.INT16, DType.FLOAT32);   // FLOAT32
 * Promotion.resultType(DType.INT8, DType.UINT8);      // INT16
 * Promotion.divideType(DType.UINT8, DType.UINT8);     // FLOAT64
 * Promotion.sumType(DType.UINT16);                    // UINT64
 * }</pre>
 */
public final class Promotion {

    private Promotion() {
    }

    /**
     * {@code np.result_type(a, b)}: the dtype NumPy 2 computes {@code a + b} in and returns.
     *
     * <pre>{@code Promotion.resultType(DType.INT32, DType.FLOAT32); // FLOAT64}</pre>
     *
     * @param a one operand's dtype
     * @param b the other's
     * @return the common dtype (the same for {@code (b, a)})
     */
    public static DType resultType(DType a, DType b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a == b) {
            return a;
        }
        if (a == DType.BOOL) {
            return b;
        }
        if (b == DType.BOOL) {
            return a;
        }
        if (a.isFloating() || b.isFloating()) {
            if (a.isFloating() && b.isFloating()) {
                return a.byteSize() >= b.byteSize() ? a : b;
            }
            DType f = a.isFloating() ? a : b;
            DType i = a.isFloating() ? b : a;
            // float32 holds every integer of up to 16 bits exactly; wider ones need float64.
            return f == DType.FLOAT32 && i.byteSize() <= 2 ? DType.FLOAT32 : DType.FLOAT64;
        }
        if (a.isUnsigned() == b.isUnsigned()) {
            return a.byteSize() >= b.byteSize() ? a : b;
        }
        DType s = a.isUnsigned() ? b : a;
        DType u = a.isUnsigned() ? a : b;
        if (s.byteSize() > u.byteSize()) {
            return s;
        }
        return switch ((int) u.byteSize()) {
            case 1 -> DType.INT16;
            case 2 -> DType.INT32;
            case 4 -> DType.INT64;
            default -> DType.FLOAT64;              // no integer holds both int64 and uint64
        };
    }

    /**
     * {@code np.result_type} of several dtypes: {@link #resultType(DType, DType)} folded over them (the
     * fold is NumPy's answer: its promotion of these types is associative).
     *
     * <pre>{@code Promotion.resultType(DType.UINT8, DType.INT8, DType.FLOAT32); // FLOAT32}</pre>
     *
     * @param first the first dtype
     * @param rest  the others
     * @return the common dtype
     */
    public static DType resultType(DType first, DType... rest) {
        DType t = Objects.requireNonNull(first, "first");
        for (DType d : rest) {
            t = resultType(t, d);
        }
        return t;
    }

    /**
     * The dtype of {@code np.true_divide(a, b)} ({@code a / b}): {@link #resultType} when that is
     * floating point, else {@code float64}: {@code int8 / int8} is {@code float64},
     * {@code int16 / float32} is {@code float32}.
     *
     * <pre>{@code Promotion.divideType(DType.INT16, DType.INT16); // FLOAT64}</pre>
     *
     * @param a the dividend's dtype
     * @param b the divisor's
     * @return FLOAT32 or FLOAT64
     */
    public static DType divideType(DType a, DType b) {
        DType r = resultType(a, b);
        return r.isFloating() ? r : DType.FLOAT64;
    }

    /**
     * The dtype NumPy's {@code np.sum} (and {@code np.add.reduce}) accumulates and returns for an array
     * of dtype {@code in} when no {@code dtype=} is given: {@code int64} for {@code bool} and the signed
     * integers, {@code uint64} for the unsigned ones, the type itself for floats.
     *
     * <pre>{@code Promotion.sumType(DType.INT8); // INT64}</pre>
     *
     * @param in the summed array's dtype
     * @return the accumulator dtype
     */
    public static DType sumType(DType in) {
        Objects.requireNonNull(in, "in");
        if (in.isFloating()) {
            return in;
        }
        return in.isUnsigned() ? DType.UINT64 : DType.INT64;
    }
}

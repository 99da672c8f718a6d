package io.tessella.memory;

import java.util.Locale;
import java.util.Objects;

/**
 * Which dtype conversions an operation may make: NumPy's {@code casting=} rule, checked before any
 * work. {@link #SAME_KIND} is NumPy's default for ufuncs: a value may change width within its kind (or
 * move to a later kind: bool, unsigned, signed, float) but a float never becomes an integer, nor a
 * signed integer an unsigned one, without {@link #UNSAFE}. {@link #canCast} answers as
 * {@code np.can_cast(from, to, casting)} does; the tests compare every pair with it.
 *
 * <p>Tessella reads either byte order in place, so byte order never takes part in a cast: {@link #NO}
 * and {@link #EQUIV} both allow exactly the identical dtype (NumPy's {@code 'no'} would also refuse a
 * byte-swapped operand).
 *
 * <p>Thread-safety: an enum; immutable.
 *
 * <pre>{@code
 * Casting.SAME_KIND.canCast(DType.INT32, DType.INT16);     // true: a narrower integer
 * Casting.SAME_KIND.canCast(DType.FLOAT64, DType.INT32);   // false
 * Casting.UNSAFE.canCast(DType.FLOAT64, DType.INT32);      // true: truncates, as C does
 * }</pre>
 */
public enum Casting {
    /** Only the identical dtype. */
    NO,
    /** Only the identical dtype (byte order never matters to Tessella). */
    EQUIV,
    /** Only conversions NumPy calls safe: every value of {@code from} is a value of {@code to} ({@code int64 -> float64} included, as NumPy has it). */
    SAFE,
    /** Safe conversions, and any within a kind or to a later one (bool, unsigned, signed, float): NumPy's default. */
    SAME_KIND,
    /** Any conversion; out-of-range values convert as NumPy converts them ({@link Cast}). */
    UNSAFE;

    /**
     * {@code np.can_cast(from, to, casting=this)}.
     *
     * <pre>{@code Casting.SAFE.canCast(DType.UINT8, DType.INT8); // false: 255 is not an int8}</pre>
     *
     * @param from the dtype converted
     * @param to   the dtype it becomes
     * @return whether this rule allows it
     */
    public boolean canCast(DType from, DType to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return switch (this) {
            case NO, EQUIV -> from == to;
            case SAFE -> Promotion.resultType(from, to) == to;
            case SAME_KIND -> Promotion.resultType(from, to) == to || rank(from) <= rank(to);
            case UNSAFE -> true;
        };
    }

    /**
     * The rule's NumPy spelling: {@code no}, {@code equiv}, {@code safe}, {@code same_kind}, {@code unsafe}.
     *
     * <pre>{@code Casting.SAME_KIND.numpyName(); // "same_kind"}</pre>
     *
     * @return the name NumPy's {@code casting=} takes
     */
    public String numpyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The rule NumPy calls {@code name} ({@code no}, {@code equiv}, {@code safe}, {@code same_kind},
     * {@code unsafe}), in any case.
     *
     * <pre>{@code Casting.parse("unsafe"); // UNSAFE}</pre>
     *
     * @param name the rule's name
     * @return the rule
     * @throws IllegalArgumentException naming {@code name} and the accepted names
     */
    public static Casting parse(String name) {
        for (Casting c : values()) {
            if (c.numpyName().equalsIgnoreCase(String.valueOf(name).strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("casting '" + name + "' is not one of no, equiv, safe, same_kind, unsafe");
    }

    /**
     * Refuses a conversion this rule does not allow, with NumPy's wording, naming what is converted.
     *
     * <pre>{@code Casting.SAME_KIND.check("input a", DType.FLOAT64, DType.INT16);
     * // IllegalArgumentException: cannot cast input a from float64 to int16 with casting rule 'same_kind'; ...}</pre>
     *
     * @param what  what is converted, for the message (e.g. {@code "input a"}, {@code "output out"})
     * @param from  its dtype
     * @param to    the dtype it would become
     * @throws IllegalArgumentException if {@link #canCast} is false
     */
    public void check(String what, DType from, DType to) {
        if (!canCast(from, to)) {
            throw new IllegalArgumentException("cannot cast " + what + " from " + from.numpyName() + " to " + to.numpyName()
                    + " with casting rule '" + numpyName() + "'" + (this == UNSAFE ? "" : "; casting 'unsafe' allows it"));
        }
    }

    /** NumPy's order of kinds: a same-kind cast may go to a later one. */
    private static int rank(DType t) {
        return switch (t.kind()) {
            case 'b' -> 0;
            case 'u' -> 1;
            case 'i' -> 2;
            default -> 3;
        };
    }
}

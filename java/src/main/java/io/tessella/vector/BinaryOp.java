package io.tessella.vector;

import java.util.Locale;

/**
 * The elementwise operations {@code out = a op b} of {@link ElementwiseOps}, NumPy's binary ufuncs.
 * In a floating-point dtype each is one correctly rounded IEEE 754 operation, so every implementation
 * and NumPy agree bit for bit; in an integer dtype {@link #ADD}, {@link #SUBTRACT} and
 * {@link #MULTIPLY} wrap around as NumPy's do (C's unsigned arithmetic: {@code int8 100 + 100 = -56}).
 * On {@code bool}, NumPy's add is a logical or, multiply a logical and, and subtract is refused.
 * {@link #DIVIDE} is true division, computed in a floating-point type
 * ({@link io.tessella.memory.Promotion#divideType}).
 *
 * <pre>{@code VectorOps.active().elementwise(DType.FLOAT32).apply(BinaryOp.ADD, out, a, b);}</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum BinaryOp {
    /** {@code a + b}, NumPy {@code np.add}. */
    ADD,
    /** {@code a - b}, NumPy {@code np.subtract}. */
    SUBTRACT,
    /** {@code a * b}, NumPy {@code np.multiply}. */
    MULTIPLY,
    /** {@code a / b}, NumPy {@code np.divide} (IEEE: {@code 1/0 = Inf}, {@code 0/0 = NaN}, no exception). */
    DIVIDE,
    /**
     * The smaller of {@code a} and {@code b}, NumPy {@code np.minimum}: NaN if either is NaN ({@code a}
     * if both are), and when they compare equal, {@code b}: {@code minimum(+0.0, -0.0)} is {@code -0.0},
     * {@code minimum(-0.0, +0.0)} is {@code +0.0}, as NumPy's loops give it on x86-64.
     */
    MINIMUM,
    /** The larger, NumPy {@code np.maximum}, with {@link #MINIMUM}'s rules for NaN and equal values. */
    MAXIMUM;

    /**
     * The operation on one pair of float64 values: the specification every float64 implementation meets.
     *
     * <pre>{@code double s = BinaryOp.ADD.apply(1.0, 2.0); // 3.0}</pre>
     *
     * @param a left operand
     * @param b right operand
     * @return {@code a op b}
     */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
            case MINIMUM -> a < b || a != a ? a : b;
            case MAXIMUM -> a > b || a != a ? a : b;
        };
    }

    /**
     * NumPy's name of the ufunc: {@code add}, {@code subtract}, {@code multiply}, {@code divide},
     * {@code minimum}, {@code maximum}.
     *
     * <pre>{@code BinaryOp.MINIMUM.numpyName(); // "minimum"}</pre>
     *
     * @return the name
     */
    public String numpyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

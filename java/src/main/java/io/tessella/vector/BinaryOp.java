package io.tessella.vector;

/**
 * The elementwise operations {@code out = a op b} of {@link Float64Ops#elementwise}. Each is one
 * correctly rounded IEEE 754 operation, so every implementation and NumPy's ufuncs agree bit for bit.
 *
 * <pre>{@code VectorOps.active().elementwise(BinaryOp.ADD, out, a, b);}</pre>
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
    DIVIDE;

    /**
     * The operation on one pair of values: the specification every implementation meets.
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
        };
    }
}

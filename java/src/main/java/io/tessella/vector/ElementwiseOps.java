package io.tessella.vector;

import io.tessella.memory.DType;

/**
 * The elementwise kernels of one {@link DType}: {@code out = a op b} ({@link BinaryOp}) and the fused
 * multiply-add, over {@link MatrixSpan}s whose values all have that dtype; conversions between dtypes
 * happen before ({@link io.tessella.memory.Staging}). Every operation works on a half-open row range
 * {@code [rowStart, rowEnd)} so that a parallel layer can hand each row tile to a different thread;
 * rows outside the range are neither read nor written.
 *
 * <p>Implementations ({@link Kernels#elementwise} of {@link VectorOps#active()},
 * {@link VectorOps#scalar()}, {@link VectorOps#vector()}, {@link VectorOps#naive()}) give the same
 * bits, except that the payload of a NaN result is unspecified when several NaN payloads meet in an
 * arithmetic operation. Each call checks its arguments once (dtypes, shapes, row range, writable output,
 * non-overlapping output rows, whether the dtype has the operation) and then runs without per-element
 * checks beyond the {@link java.lang.foreign.MemorySegment} bounds checks the JIT hoists, so a wrong
 * span can throw but never crash the JVM.
 *
 * <p>Thread-safety: implementations are stateless and may be called concurrently, provided that
 * concurrent calls write disjoint memory. An output must not partially overlap an input; the same span
 * as an input ({@code a += b}) is allowed.
 *
 * <pre>{@code
 * ElementwiseOps f32 = VectorOps.active().elementwise(DType.FLOAT32);
 * f32.apply(BinaryOp.ADD, out, a, b);               // out = a + b, float32
 * f32.apply(BinaryOp.MINIMUM, out, a, b, 0, 100);   // rows [0, 100) of np.minimum(a, b)
 * }</pre>
 */
public sealed interface ElementwiseOps permits CheckedElementwise {

    /**
     * The dtype of every operand and of the result.
     *
     * @return the dtype
     */
    DType dtype();

    /**
     * What this implementation is, for logs and benchmark reports, e.g.
     * {@code "vector float32 (FloatVector 512-bit, 16 lanes)"}.
     *
     * @return a short human-readable name
     */
    String name();

    /**
     * Whether {@code op} exists for this dtype: {@link BinaryOp#DIVIDE} only for floating-point dtypes
     * (NumPy divides integers as float64), {@link BinaryOp#SUBTRACT} not for bool (NumPy refuses it).
     *
     * <pre>{@code VectorOps.active().elementwise(DType.INT16).supports(BinaryOp.DIVIDE); // false}</pre>
     *
     * @param op the operation
     * @return whether {@link #apply} takes it
     */
    default boolean supports(BinaryOp op) {
        return switch (op) {
            case DIVIDE -> dtype().isFloating();
            case SUBTRACT -> dtype() != DType.BOOL;
            default -> true;
        };
    }

    /**
     * {@code out[i, j] = a[i, j] op b[i, j]} for {@code i} in {@code [rowStart, rowEnd)}.
     *
     * <pre>{@code ops.apply(BinaryOp.DIVIDE, out, a, b, 0, out.rows());}</pre>
     *
     * @param op       the operation
     * @param out      the output
     * @param a        left operand, same shape as {@code out}
     * @param b        right operand, same shape as {@code out}
     * @param rowStart first row, inclusive
     * @param rowEnd   last row, exclusive
     * @throws IllegalArgumentException if a span's dtype is not {@link #dtype()}, shapes differ, the
     *                                  row range is outside {@code out}, {@code out} is read-only or its
     *                                  rows overlap, or the dtype has no such operation ({@link #supports})
     */
    void apply(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd);

    /**
     * {@link #apply(BinaryOp, MatrixSpan, MatrixSpan, MatrixSpan, long, long)} over all rows.
     *
     * <pre>{@code ops.apply(BinaryOp.ADD, out, a, b);}</pre>
     *
     * @param op  the operation
     * @param out the output
     * @param a   left operand
     * @param b   right operand
     */
    default void apply(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b) {
        apply(op, out, a, b, 0, out.rows());
    }

    /**
     * Fused multiply-add {@code out[i, j] = fma(a[i, j], b[i, j], c[i, j])} with one rounding, exactly
     * {@link Math#fma(double, double, double)} (or its {@code float} twin), for {@code i} in
     * {@code [rowStart, rowEnd)}. Floating-point dtypes only. NumPy has no fused ufunc; its
     * {@code a * b + c} rounds twice and may differ in the last bit.
     *
     * <pre>{@code ops.fma(out, a, b, c, 0, out.rows());}</pre>
     *
     * @param out      the output
     * @param a        first factor, same shape as {@code out}
     * @param b        second factor, same shape as {@code out}
     * @param c        addend, same shape as {@code out}
     * @param rowStart first row, inclusive
     * @param rowEnd   last row, exclusive
     * @throws IllegalArgumentException as {@link #apply(BinaryOp, MatrixSpan, MatrixSpan, MatrixSpan, long, long)},
     *                                  or if the dtype is not floating point
     */
    void fma(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd);

    /**
     * {@link #fma(MatrixSpan, MatrixSpan, MatrixSpan, MatrixSpan, long, long)} over all rows.
     *
     * <pre>{@code ops.fma(out, a, b, c);}</pre>
     *
     * @param out the output
     * @param a   first factor
     * @param b   second factor
     * @param c   addend
     */
    default void fma(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c) {
        fma(out, a, b, c, 0, out.rows());
    }
}

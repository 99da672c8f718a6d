package io.tessella.vector;

import io.tessella.memory.DType;

/**
 * The outer-product kernel of one {@link DType}: {@code r[i, j] = y[i] * x[j]}, NumPy's
 * {@code y[:, None] * x[None, :]} with factors and result of that dtype, each product one
 * multiplication of the dtype (IEEE for floats, wrapping for integers, a logical and for bool).
 *
 * <p>Implementations give the same bits (see {@link ElementwiseOps} for what is checked and the
 * thread-safety rules).
 *
 * <pre>{@code
 * OuterOps f32 = VectorOps.active().outer(DType.FLOAT32);
 * f32.outerProduct(MatrixSpan.contiguous(rSeg, DType.FLOAT32, m, n), y, x, 0, 25_000);   // rows [0, 25000)
 * }</pre>
 */
public sealed interface OuterOps permits CheckedOuter {

    /**
     * The dtype of the factors and the result.
     *
     * @return the dtype
     */
    DType dtype();

    /**
     * What this implementation is, for logs and benchmark reports.
     *
     * @return a short human-readable name
     */
    String name();

    /**
     * {@code r[i, j] = y[i] * x[j]} for {@code i} in {@code [rowStart, rowEnd)} and every column {@code j}.
     *
     * <pre>{@code ops.outerProduct(r, y, x, 0, r.rows());}</pre>
     *
     * @param r        the {@code M × N} output
     * @param y        {@code M} values, any stride
     * @param x        {@code N} contiguous values
     * @param rowStart first output row, inclusive
     * @param rowEnd   last output row, exclusive
     * @throws IllegalArgumentException if a dtype is not {@link #dtype()}, lengths do not match
     *                                  {@code r}, {@code x} is not contiguous, the row range is outside
     *                                  {@code r}, {@code r} is read-only or its rows overlap
     */
    void outerProduct(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd);

    /**
     * {@link #outerProduct(MatrixSpan, VectorSpan, VectorSpan, long, long)} over all rows of {@code r}.
     *
     * <pre>{@code ops.outerProduct(r, y, x);}</pre>
     *
     * @param r the output
     * @param y the row factors
     * @param x the column factors
     */
    default void outerProduct(MatrixSpan r, VectorSpan y, VectorSpan x) {
        outerProduct(r, y, x, 0, r.rows());
    }
}

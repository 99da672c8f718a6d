package io.tessella.vector;

import io.tessella.memory.DType;
import io.tessella.memory.Promotion;

/**
 * The reductions along rows of one input {@link DType}: {@link Reduction#SUM} into NumPy's
 * accumulator dtype ({@link #resultType}), {@link Reduction#MIN} and {@link Reduction#MAX} into the
 * input's dtype; row by row ({@link #reduceRows}, NumPy's pairwise order for floats) or column by
 * column into running values ({@link #accumulateRows}, the sequential order NumPy follows when the
 * reduced axis is not its inner loop).
 *
 * <p>Implementations give the same bits (see {@link ElementwiseOps} for what is checked and the
 * thread-safety rules).
 *
 * <pre>{@code
 * ReductionOps u8 = VectorOps.active().reduction(DType.UINT8);
 * u8.reduceRows(Reduction.SUM, image, VectorSpan.of(sums, DType.UINT64));     // image.sum(axis=-1)
 * }</pre>
 */
public sealed interface ReductionOps permits CheckedReduction {

    /**
     * The dtype of the values reduced.
     *
     * @return the input dtype
     */
    DType dtype();

    /**
     * What this implementation is, for logs and benchmark reports.
     *
     * @return a short human-readable name
     */
    String name();

    /**
     * The dtype of {@code op}'s result: {@link Promotion#sumType} of the input for {@link Reduction#SUM},
     * the input's dtype for {@link Reduction#MIN} and {@link Reduction#MAX}.
     *
     * <pre>{@code VectorOps.active().reduction(DType.INT16).resultType(Reduction.SUM); // INT64}</pre>
     *
     * @param op the reduction
     * @return the result dtype
     */
    default DType resultType(Reduction op) {
        return op == Reduction.SUM ? Promotion.sumType(dtype()) : dtype();
    }

    /**
     * {@code out[i] = reduce(in[i, :])} for {@code i} in {@code [rowStart, rowEnd)}: NumPy's
     * {@code in.sum(axis=-1)}, {@code min(axis=-1)} or {@code max(axis=-1)} written into a
     * pre-allocated output (joblib's row sums into a shared memmap).
     *
     * <pre>{@code ops.reduceRows(Reduction.SUM, m, VectorSpan.float64(sumsSeg), 0, m.rows());}</pre>
     *
     * @param op       the reduction; its javadoc fixes the summation order
     * @param in       the rows to reduce, of {@link #dtype()}
     * @param out      {@code in.rows()} values of {@link #resultType}{@code (op)}, any stride of at
     *                 least one element (or any stride for a single row)
     * @param rowStart first row, inclusive
     * @param rowEnd   last row, exclusive
     * @throws IllegalArgumentException if a dtype does not fit, {@code out}'s length differs from
     *                                  {@code in.rows()}, it is read-only, its elements overlap, the row
     *                                  range is outside {@code in}, or a MIN/MAX row is empty
     */
    void reduceRows(Reduction op, MatrixSpan in, VectorSpan out, long rowStart, long rowEnd);

    /**
     * {@link #reduceRows(Reduction, MatrixSpan, VectorSpan, long, long)} over all rows.
     *
     * <pre>{@code ops.reduceRows(Reduction.MAX, m, maxima);}</pre>
     *
     * @param op  the reduction
     * @param in  the rows
     * @param out one value per row
     */
    default void reduceRows(Reduction op, MatrixSpan in, VectorSpan out) {
        reduceRows(op, in, out, 0, in.rows());
    }

    /**
     * {@code acc[k] = reduce(acc[k], in[i, k])} for every row {@code i} of {@code in}, in row order: a
     * reduction along the rows, one running value per column, the sequential order NumPy follows when
     * the reduced axis is not the inner loop's (a Fortran-order array summed along its last axis). For
     * {@link Reduction#SUM} each step is one addition in the accumulator's dtype ({@code acc + in[i, k]});
     * for {@link Reduction#MIN} and {@link Reduction#MAX}, as those reductions compare.
     *
     * <pre>{@code
     * // sums of a Fortran-order m x n float64 array: its columns are the rows of a C-order n x m span
     * ops.accumulateRows(Reduction.SUM, new MatrixSpan(seg, 0, n, m, m * 8), VectorSpan.float64(acc));
     * }</pre>
     *
     * @param op  the reduction
     * @param in  the rows to fold into {@code acc}, in order, of {@link #dtype()}
     * @param acc {@code in.cols()} contiguous running values of {@link #resultType}{@code (op)}, read and written
     * @throws IllegalArgumentException if a dtype does not fit, or {@code acc} is not contiguous, is
     *                                  read-only, or its length differs from {@code in.cols()}
     */
    void accumulateRows(Reduction op, MatrixSpan in, VectorSpan acc);
}

package io.tessella.vector;

import java.lang.foreign.MemorySegment;

/**
 * The float64 kernels Tessella runs over raw memory: outer product, elementwise arithmetic and
 * reductions along the last axis. Every operation works on a half-open row range
 * {@code [rowStart, rowEnd)} so that a parallel layer can hand each row tile to a different thread;
 * rows outside the range are neither read nor written.
 *
 * <p>Implementations ({@link VectorOps#active()}, {@link VectorOps#scalar()},
 * {@link VectorOps#vector()}, {@link VectorOps#naive()}) produce bit-identical results, except that
 * the payload of a NaN result is unspecified when several NaN payloads meet. Each call checks its
 * arguments once (shapes, row range, writable output, non-overlapping output rows) and then runs
 * without per-element checks beyond the {@link MemorySegment} bounds checks the JIT hoists, so a
 * wrong span can throw but never crash the JVM.
 *
 * <p>Thread-safety: implementations are stateless and may be called concurrently, provided that
 * concurrent calls write disjoint memory. An output must not partially overlap an input; the same
 * span as an elementwise input ({@code a += b}) is allowed.
 *
 * <pre>{@code
 * Float64Ops ops = VectorOps.active();
 * ops.outerProduct(r, y, x, 0, 25_000);        // rows [0, 25000) of r = y[:, None] * x[None, :]
 * ops.elementwise(BinaryOp.ADD, out, a, b);    // out = a + b
 * ops.reduceRows(Reduction.SUM, m, sums);      // sums[i] = m[i, :].sum()
 * }</pre>
 */
public sealed interface Float64Ops permits CheckedFloat64Ops {

    /**
     * What this implementation is, for logs and benchmark reports, e.g.
     * {@code "vector (DoubleVector 512-bit, 8 lanes)"}.
     *
     * <pre>{@code System.out.println(VectorOps.active().name());}</pre>
     *
     * @return a short human-readable name
     */
    String name();

    /**
     * {@code r[i, j] = y[i] * x[j]} for {@code i} in {@code [rowStart, rowEnd)} and every column
     * {@code j}: NumPy's {@code y[:, None] * x[None, :]}. An int64 {@code y[i]} is first converted
     * to the nearest double, exactly as NumPy promotes {@code int64 * float64}; each element is then
     * one IEEE multiplication, so the result equals NumPy's bit for bit.
     *
     * <pre>{@code ops.outerProduct(MatrixSpan.contiguous(rSeg, m, n), VectorSpan.int64(ySeg),
     *                  VectorSpan.float64(xSeg), 0, m);}</pre>
     *
     * @param r        the {@code M × N} output
     * @param y        {@code M} values, float64 or int64, any stride
     * @param x        {@code N} contiguous float64 values
     * @param rowStart first output row, inclusive
     * @param rowEnd   last output row, exclusive
     * @throws IllegalArgumentException if lengths do not match {@code r}, {@code x} is not contiguous
     *                                  float64, the row range is outside {@code r}, {@code r} is
     *                                  read-only or its rows overlap
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

    /**
     * {@code out[i, j] = a[i, j] op b[i, j]} for {@code i} in {@code [rowStart, rowEnd)}.
     *
     * <pre>{@code ops.elementwise(BinaryOp.DIVIDE, out, a, b, 0, out.rows());}</pre>
     *
     * @param op       the operation
     * @param out      the output
     * @param a        left operand, same shape as {@code out}
     * @param b        right operand, same shape as {@code out}
     * @param rowStart first row, inclusive
     * @param rowEnd   last row, exclusive
     * @throws IllegalArgumentException if shapes differ, the row range is outside {@code out},
     *                                  {@code out} is read-only or its rows overlap
     */
    void elementwise(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd);

    /**
     * {@link #elementwise(BinaryOp, MatrixSpan, MatrixSpan, MatrixSpan, long, long)} over all rows.
     *
     * <pre>{@code ops.elementwise(BinaryOp.ADD, out, a, b);}</pre>
     *
     * @param op  the operation
     * @param out the output
     * @param a   left operand
     * @param b   right operand
     */
    default void elementwise(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b) {
        elementwise(op, out, a, b, 0, out.rows());
    }

    /**
     * Fused multiply-add {@code out[i, j] = fma(a[i, j], b[i, j], c[i, j])} with one rounding, exactly
     * {@link Math#fma(double, double, double)}, for {@code i} in {@code [rowStart, rowEnd)}. NumPy has
     * no fused ufunc; {@code a * b + c} there rounds twice and may differ in the last bit.
     *
     * <pre>{@code ops.fma(out, a, b, c, 0, out.rows());}</pre>
     *
     * @param out      the output
     * @param a        first factor, same shape as {@code out}
     * @param b        second factor, same shape as {@code out}
     * @param c        addend, same shape as {@code out}
     * @param rowStart first row, inclusive
     * @param rowEnd   last row, exclusive
     * @throws IllegalArgumentException as {@link #elementwise(BinaryOp, MatrixSpan, MatrixSpan, MatrixSpan, long, long)}
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

    /**
     * {@code out[i] = reduce(in[i, :])} for {@code i} in {@code [rowStart, rowEnd)}: NumPy's
     * {@code in.sum(axis=-1)}, {@code min(axis=-1)} or {@code max(axis=-1)} written into a
     * pre-allocated float64 output (joblib's row sums into a shared memmap).
     *
     * <pre>{@code ops.reduceRows(Reduction.SUM, m, VectorSpan.float64(sumsSeg), 0, m.rows());}</pre>
     *
     * @param op       the reduction; its javadoc fixes the summation order
     * @param in       the rows to reduce
     * @param out      {@code in.rows()} float64 values, any stride {@code >= 8} (or any stride for
     *                 a single row)
     * @param rowStart first row, inclusive
     * @param rowEnd   last row, exclusive
     * @throws IllegalArgumentException if {@code out} is not float64, its length differs from
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
     * @param out one float64 per row
     */
    default void reduceRows(Reduction op, MatrixSpan in, VectorSpan out) {
        reduceRows(op, in, out, 0, in.rows());
    }

    /**
     * {@code acc[k] = reduce(acc[k], in[i, k])} for every row {@code i} of {@code in}, in row order: a
     * reduction along the rows, one running value per column, the sequential order NumPy follows when
     * the reduced axis is not the inner loop's (a Fortran-order array summed along its last axis). For
     * {@link Reduction#SUM} each step is one IEEE addition {@code acc + in[i, k]}; for
     * {@link Reduction#MIN} and {@link Reduction#MAX}, {@link Math#min}/{@link Math#max}.
     *
     * <pre>{@code
     * // sums of a Fortran-order m x n array: its columns are the rows of a C-order n x m span
     * ops.accumulateRows(Reduction.SUM, new MatrixSpan(seg, 0, n, m, m * 8), VectorSpan.float64(acc));
     * }</pre>
     *
     * @param op  the reduction
     * @param in  the rows to fold into {@code acc}, in order
     * @param acc {@code in.cols()} contiguous float64 running values, read and written
     * @throws IllegalArgumentException if {@code acc} is not float64, not contiguous, read-only, or its
     *                                  length differs from {@code in.cols()}
     */
    void accumulateRows(Reduction op, MatrixSpan in, VectorSpan acc);

    /**
     * The reduction of {@code count} contiguous float64 values starting {@code offset} bytes into
     * {@code segment}: one row of {@link #reduceRows}.
     *
     * <pre>{@code double total = ops.reduce(Reduction.SUM, seg, 0, seg.byteSize() / 8);}</pre>
     *
     * @param op      the reduction
     * @param segment the memory
     * @param offset  byte offset of the first value
     * @param count   number of values
     * @return the reduced value
     * @throws IllegalArgumentException if the values reach outside the segment, a number is
     *                                  negative, or MIN/MAX is asked of zero values
     */
    double reduce(Reduction op, MemorySegment segment, long offset, long count);
}

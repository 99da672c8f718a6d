package io.tessella.vector;

/**
 * Reductions along the last axis ({@link ReductionOps}).
 *
 * <p>{@link #SUM} fixes its summation order, so its result does not depend on the implementation,
 * the vector width, or the machine; see {@link #SUM}. {@link #MIN} and {@link #MAX} are exact, so
 * order cannot change their value.
 *
 * <pre>{@code VectorOps.active().reduction(DType.FLOAT32).reduceRows(Reduction.SUM, m, sums);}</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum Reduction {
    /**
     * The sum, NumPy's {@code np.sum}, in the accumulator dtype NumPy uses
     * ({@link io.tessella.memory.Promotion#sumType}): {@code int64} for {@code bool} and signed
     * integers, {@code uint64} for unsigned ones (wrapping around as NumPy's does), the type itself for
     * {@code float32} and {@code float64}. Integer sums are exact modulo 2^64, so their order cannot
     * matter. Floating-point sums follow NumPy's pairwise order in their own type, bit for bit equal to
     * NumPy 2.x {@code a.sum(axis=-1)} of an array whose rows are contiguous. For a row
     * {@code a[0..n)} the result is {@code +0.0 + pw(a, n)}, where {@code pw} is NumPy's
     * {@code pairwise_sum}:
     * <ul>
     *   <li>{@code n < 8}: {@code s = -0.0; for i in [0, n): s += a[i]}.</li>
     *   <li>{@code 8 <= n <= 128}: eight accumulators {@code r[k] = a[k]}; for each following full
     *       group of 8, {@code r[k] += a[i + k]}; then
     *       {@code s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))}; then the remaining
     *       {@code n % 8} values are added one by one in index order.</li>
     *   <li>{@code n > 128}: {@code m = n / 2 - (n / 2) % 8}, and
     *       {@code pw(a, n) = pw(a, m) + pw(a + m, n - m)}.</li>
     * </ul>
     * The eight accumulators are the eight lanes of the vector path (one 512-bit vector of doubles or
     * a 256-bit vector of floats, two 256-bit or four 128-bit ones of doubles), so the vector path and
     * its scalar twin perform the same additions. The error bound is that of pairwise summation,
     * {@code O(eps * log2(n / 128) + 128 * eps)} relative to the sum of magnitudes. NaN if any value is
     * NaN or if both infinities occur; an empty row sums to {@code +0.0} (integers: 0).
     *
     * <p>For whole arrays ({@code io.tessella.jobs.ArrayOps#reduceLastAxis}) NumPy's order depends on
     * the layout, and Tessella follows it (measured on NumPy 2.4, checked against it for every layout
     * in the tests):
     * <ul>
     *   <li>the reduced axis has the smallest absolute stride (C order, strided or reversed rows, 1-d):
     *       each row in index order, {@code +0.0 + pw(row)}, a negative stride not flipped;</li>
     *   <li>the same, but byte-swapped (a big-endian file), unaligned, or converted to another dtype
     *       ({@code dtype=} another than the input's), which NumPy copies through 8192-element buffers:
     *       {@code s = +0.0; s += pw(chunk)} for each 8192-element chunk of the row from its first
     *       element;</li>
     *   <li>otherwise (Fortran order, transposed views, the reduced axis in the middle): sequential,
     *       {@code s = +0.0; s += row[0]; s += row[1]; ...}.</li>
     * </ul>
     */
    SUM,
    /**
     * The smallest value. Floating point: with {@link Math#min(double, double)} semantics: NaN if any
     * value is NaN (as NumPy's {@code min}), and {@code -0.0} is smaller than {@code +0.0}, so a row
     * holding both zeros gives {@code -0.0} wherever they sit (NumPy's answer depends on their
     * positions). The payload of a NaN result is unspecified. Integers: exact, unsigned ones compared
     * as unsigned; {@code bool}: all. Undefined for an empty row, which is an
     * {@link IllegalArgumentException}, as in NumPy. The result has the input's dtype.
     */
    MIN,
    /**
     * The largest value: NaN if any value is NaN, and {@code +0.0} is larger than {@code -0.0} wherever
     * the zeros sit; integers exact; {@code bool}: any. An empty row is an {@link IllegalArgumentException}.
     */
    MAX
}

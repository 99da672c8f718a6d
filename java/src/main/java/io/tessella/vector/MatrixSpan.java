package io.tessella.vector;

import java.lang.foreign.MemorySegment;

/**
 * A {@code rows × cols} block of float64 values somewhere in a {@link MemorySegment}: row {@code i}
 * starts {@code offset + i * rowStride} bytes into the segment and holds {@code cols} values 8 bytes
 * apart, in native byte order (little-endian on x86-64 and AArch64, so NumPy's {@code <f8}).
 *
 * <p>It describes memory, it does not own it: the segment's arena decides when the memory dies, and
 * an access after that fails with {@link IllegalStateException}. Any float64 matrix fits: an owned
 * array, a mapped {@code .npy} file, shared memory, or a view such as one 4 × 4 tile of a larger
 * array ({@link #block}). The innermost axis must be contiguous; the row stride is free, and an input
 * may even use {@code rowStride = 0} to repeat one row (NumPy broadcasting). Outputs need rows that
 * do not overlap; the operations check that.
 *
 * <p>The constructor checks once that every byte the span names lies inside the segment, so the
 * operations never check per element. Values need not be 8-byte aligned.
 *
 * <p>Immutable and thread-safe; the memory it names is not protected from concurrent writers.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment seg = arena.allocate(100L * 10_000 * Double.BYTES);
 *     MatrixSpan r = MatrixSpan.contiguous(seg, 100, 10_000);
 *     MatrixSpan tile = r.block(0, 4, 8, 12);   // r[0:4, 8:12]
 * }
 * }</pre>
 *
 * @param segment   the memory holding the values
 * @param offset    byte offset of element {@code [0, 0]}
 * @param rows      number of rows, {@code >= 0}
 * @param cols      number of values per row, {@code >= 0}
 * @param rowStride bytes from the start of one row to the start of the next, {@code >= 0}
 */
public record MatrixSpan(MemorySegment segment, long offset, long rows, long cols, long rowStride) {

    /**
     * Checks the arguments once.
     *
     * @throws IllegalArgumentException if a size, the offset or the stride is negative, or the span
     *                                  reaches past the end of the segment
     * @throws NullPointerException     if {@code segment} is null
     */
    public MatrixSpan {
        if (segment == null) {
            throw new NullPointerException("segment");
        }
        Spans.checkNonNegative("offset", offset);
        Spans.checkNonNegative("rows", rows);
        Spans.checkNonNegative("cols", cols);
        Spans.checkNonNegative("row stride", rowStride);
        long rowBytes = Spans.bytes("cols", cols);
        long extent = 0;
        if (rows > 0 && cols > 0) {
            try {
                extent = Math.addExact(Math.multiplyExact(rows - 1, rowStride), rowBytes);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("matrix of " + rows + " rows with row stride " + rowStride
                        + " bytes overflows a long", e);
            }
        }
        Spans.checkInside(segment, offset, extent);
    }

    /**
     * A C-contiguous {@code rows × cols} matrix at the start of {@code segment} (row stride
     * {@code cols * 8}), as NumPy lays out a fresh 2-D float64 array.
     *
     * <pre>{@code MatrixSpan m = MatrixSpan.contiguous(arena.allocate(3 * 4 * 8L), 3, 4);}</pre>
     *
     * @param segment the memory; it may be longer than the matrix
     * @param rows    number of rows
     * @param cols    number of columns
     * @return the span
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static MatrixSpan contiguous(MemorySegment segment, long rows, long cols) {
        return new MatrixSpan(segment, 0, rows, cols, Spans.bytes("cols", cols));
    }

    /**
     * The sub-block {@code [rowStart, rowEnd) × [colStart, colEnd)} of this span, sharing its memory
     * and row stride, like NumPy's {@code m[rowStart:rowEnd, colStart:colEnd]}.
     *
     * <pre>{@code MatrixSpan tile = plane.block(i, i + 4, j, j + 4);}</pre>
     *
     * @param rowStart first row, inclusive
     * @param rowEnd   last row, exclusive
     * @param colStart first column, inclusive
     * @param colEnd   last column, exclusive
     * @return the view
     * @throws IllegalArgumentException if a bound is outside this span or an end precedes its start
     */
    public MatrixSpan block(long rowStart, long rowEnd, long colStart, long colEnd) {
        Spans.checkRange("row", rowStart, rowEnd, rows);
        Spans.checkRange("col", colStart, colEnd, cols);
        return new MatrixSpan(segment, offset + rowStart * rowStride + colStart * Double.BYTES,
                rowEnd - rowStart, colEnd - colStart, rowStride);
    }

    /**
     * Byte offset in {@link #segment()} of element {@code [row, 0]}; no bounds check.
     *
     * @param row the row index
     * @return {@code offset + row * rowStride}
     */
    public long rowOffset(long row) {
        return offset + row * rowStride;
    }

    @Override
    public String toString() {
        return "MatrixSpan[" + rows + " x " + cols + " float64, offset " + offset + ", row stride "
                + rowStride + " bytes, segment of " + segment.byteSize() + " bytes]";
    }
}

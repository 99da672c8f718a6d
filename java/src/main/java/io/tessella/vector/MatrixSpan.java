package io.tessella.vector;

import io.tessella.memory.DType;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A {@code rows × cols} block of values of one {@link DType} somewhere in a {@link MemorySegment}:
 * row {@code i} starts {@code offset + i * rowStride} bytes into the segment and holds {@code cols}
 * values {@code dtype.byteSize()} bytes apart, in native byte order (little-endian on x86-64 and
 * AArch64, so NumPy's {@code <f8}, {@code <i2}, ...).
 *
 * <p>It describes memory, it does not own it: the segment's arena decides when the memory dies, and
 * an access after that fails with {@link IllegalStateException}. Any matrix fits: an owned array, a
 * mapped {@code .npy} file, shared memory, or a view such as one 4 × 4 tile of a larger array
 * ({@link #block}). The innermost axis must be contiguous; the row stride is free, and an input may
 * even use {@code rowStride = 0} to repeat one row (NumPy broadcasting). Outputs need rows that do not
 * overlap; the operations check that.
 *
 * <p>The constructor checks once that every byte the span names lies inside the segment, so the
 * operations never check per element. Values need not be aligned.
 *
 * <p>Immutable and thread-safe; the memory it names is not protected from concurrent writers.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment seg = arena.allocate(100L * 10_000 * Float.BYTES);
 *     MatrixSpan r = MatrixSpan.contiguous(seg, DType.FLOAT32, 100, 10_000);
 *     MatrixSpan tile = r.block(0, 4, 8, 12);   // r[0:4, 8:12]
 * }
 * }</pre>
 *
 * @param segment   the memory holding the values
 * @param offset    byte offset of element {@code [0, 0]}
 * @param rows      number of rows, {@code >= 0}
 * @param cols      number of values per row, {@code >= 0}
 * @param rowStride bytes from the start of one row to the start of the next, {@code >= 0}
 * @param dtype     the type of every value
 */
public record MatrixSpan(MemorySegment segment, long offset, long rows, long cols, long rowStride, DType dtype) {

    /**
     * Checks the arguments once.
     *
     * @throws IllegalArgumentException if a size, the offset or the stride is negative, or the span
     *                                  reaches past the end of the segment
     * @throws NullPointerException     if {@code segment} or {@code dtype} is null
     */
    public MatrixSpan {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(dtype, "dtype");
        Spans.checkNonNegative("offset", offset);
        Spans.checkNonNegative("rows", rows);
        Spans.checkNonNegative("cols", cols);
        Spans.checkNonNegative("row stride", rowStride);
        long rowBytes = Spans.bytes("cols", cols, dtype);
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
     * A float64 span: the span of the days before dtypes.
     *
     * <pre>{@code new MatrixSpan(seg, 0, 3, 4, 32);}</pre>
     *
     * @param segment   the memory holding the values
     * @param offset    byte offset of element {@code [0, 0]}
     * @param rows      number of rows
     * @param cols      number of values per row
     * @param rowStride bytes from one row to the next
     * @throws IllegalArgumentException as the canonical constructor
     */
    public MatrixSpan(MemorySegment segment, long offset, long rows, long cols, long rowStride) {
        this(segment, offset, rows, cols, rowStride, DType.FLOAT64);
    }

    /**
     * A C-contiguous {@code rows × cols} float64 matrix at the start of {@code segment} (row stride
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
        return contiguous(segment, DType.FLOAT64, rows, cols);
    }

    /**
     * A C-contiguous {@code rows × cols} matrix of {@code dtype} at the start of {@code segment}.
     *
     * <pre>{@code MatrixSpan m = MatrixSpan.contiguous(seg, DType.UINT8, 480, 640);}</pre>
     *
     * @param segment the memory; it may be longer than the matrix
     * @param dtype   the values' type
     * @param rows    number of rows
     * @param cols    number of columns
     * @return the span
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static MatrixSpan contiguous(MemorySegment segment, DType dtype, long rows, long cols) {
        return new MatrixSpan(segment, 0, rows, cols, Spans.bytes("cols", cols, dtype), dtype);
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
        return new MatrixSpan(segment, offset + rowStart * rowStride + colStart * dtype.byteSize(),
                rowEnd - rowStart, colEnd - colStart, rowStride, dtype);
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
        return "MatrixSpan[" + rows + " x " + cols + " " + dtype.numpyName() + ", offset " + offset + ", row stride "
                + rowStride + " bytes, segment of " + segment.byteSize() + " bytes]";
    }
}

package io.tessella.vector;

import io.tessella.memory.DType;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * {@code length} values of one {@link DType} in a {@link MemorySegment}: element {@code i} is the
 * {@code dtype.byteSize()} bytes at {@code offset + i * stride}, in native byte order.
 *
 * <p>It describes memory, it does not own it (see {@link MatrixSpan}). The stride is free: a column
 * of a matrix is a span whose stride is the matrix's row stride, and an input may use
 * {@code stride = 0} to repeat one value. The constructor checks once that every element lies inside
 * the segment. Immutable and thread-safe.
 *
 * <pre>{@code
 * VectorSpan y = VectorSpan.of(ySegment, DType.INT16);            // np.arange(1000, dtype=np.int16)
 * VectorSpan x = VectorSpan.float64(xSegment);                    // np.random.rand(10000)
 * VectorSpan col = new VectorSpan(seg, 3 * 8, 100, 10_000 * 8, DType.FLOAT64); // m[:, 3]
 * }</pre>
 *
 * @param segment the memory holding the values
 * @param offset  byte offset of element 0
 * @param length  number of elements, {@code >= 0}
 * @param stride  bytes from one element to the next, {@code >= 0}
 * @param dtype   the type of every value
 */
public record VectorSpan(MemorySegment segment, long offset, long length, long stride, DType dtype) {

    /**
     * Checks the arguments once.
     *
     * @throws IllegalArgumentException if the length, offset or stride is negative, or the span
     *                                  reaches past the end of the segment
     * @throws NullPointerException     if {@code segment} or {@code dtype} is null
     */
    public VectorSpan {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(dtype, "dtype");
        Spans.checkNonNegative("offset", offset);
        Spans.checkNonNegative("length", length);
        Spans.checkNonNegative("stride", stride);
        long extent = 0;
        if (length > 0) {
            try {
                extent = Math.addExact(Math.multiplyExact(length - 1, stride), dtype.byteSize());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("vector of length " + length + " with stride " + stride
                        + " bytes overflows a long", e);
            }
        }
        Spans.checkInside(segment, offset, extent);
    }

    /**
     * All of {@code segment} read as contiguous values of {@code dtype} ({@code byteSize / dtype.byteSize()} of them).
     *
     * <pre>{@code VectorSpan y = VectorSpan.of(arena.allocate(1000 * 2L), DType.UINT16);}</pre>
     *
     * @param segment the memory
     * @param dtype   the values' type
     * @return the span
     */
    public static VectorSpan of(MemorySegment segment, DType dtype) {
        long size = dtype.byteSize();
        return new VectorSpan(segment, 0, segment.byteSize() / size, size, dtype);
    }

    /**
     * All of {@code segment} read as contiguous float64 values ({@code byteSize / 8} of them).
     *
     * <pre>{@code VectorSpan x = VectorSpan.float64(arena.allocate(10_000 * 8L));}</pre>
     *
     * @param segment the memory
     * @return the span
     */
    public static VectorSpan float64(MemorySegment segment) {
        return of(segment, DType.FLOAT64);
    }

    /**
     * All of {@code segment} read as contiguous int64 values ({@code byteSize / 8} of them).
     *
     * <pre>{@code VectorSpan y = VectorSpan.int64(arena.allocate(100_000 * 8L));}</pre>
     *
     * @param segment the memory
     * @return the span
     */
    public static VectorSpan int64(MemorySegment segment) {
        return of(segment, DType.INT64);
    }

    /**
     * Whether the elements are adjacent ({@code stride == dtype.byteSize()}), as the {@code x} of an
     * outer product must be.
     *
     * @return {@code stride == dtype.byteSize()}
     */
    public boolean isContiguous() {
        return stride == dtype.byteSize();
    }

    @Override
    public String toString() {
        return "VectorSpan[" + length + " " + dtype.numpyName() + ", offset " + offset + ", stride " + stride
                + " bytes, segment of " + segment.byteSize() + " bytes]";
    }
}

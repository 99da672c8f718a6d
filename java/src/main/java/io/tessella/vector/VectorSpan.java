package io.tessella.vector;

import java.lang.foreign.MemorySegment;

/**
 * {@code length} numbers of one {@link Type} in a {@link MemorySegment}: element {@code i} is the
 * 8 bytes at {@code offset + i * stride}, in native byte order.
 *
 * <p>It describes memory, it does not own it (see {@link MatrixSpan}). The stride is free: a column
 * of a matrix is a span whose stride is the matrix's row stride, and an input may use
 * {@code stride = 0} to repeat one value. The constructor checks once that every element lies inside
 * the segment. Immutable and thread-safe.
 *
 * <pre>{@code
 * VectorSpan y = VectorSpan.int64(ySegment);               // np.arange(100000), int64
 * VectorSpan x = VectorSpan.float64(xSegment);             // np.random.rand(10000)
 * VectorSpan col = new VectorSpan(seg, 3 * 8, 100, 10_000 * 8, VectorSpan.Type.FLOAT64); // m[:, 3]
 * }</pre>
 *
 * @param segment the memory holding the values
 * @param offset  byte offset of element 0
 * @param length  number of elements, {@code >= 0}
 * @param stride  bytes from one element to the next, {@code >= 0}
 * @param type    how the 8 bytes of each element are read
 */
public record VectorSpan(MemorySegment segment, long offset, long length, long stride, Type type) {

    /** The element types a span can hold; both are 8 bytes wide. */
    public enum Type {
        /** IEEE 754 binary64, NumPy {@code float64}. */
        FLOAT64,
        /** Two's-complement 64-bit integer, NumPy {@code int64} (what {@code np.arange} returns). */
        INT64
    }

    /**
     * Checks the arguments once.
     *
     * @throws IllegalArgumentException if the length, offset or stride is negative, or the span
     *                                  reaches past the end of the segment
     * @throws NullPointerException     if {@code segment} or {@code type} is null
     */
    public VectorSpan {
        if (segment == null) {
            throw new NullPointerException("segment");
        }
        if (type == null) {
            throw new NullPointerException("type");
        }
        Spans.checkNonNegative("offset", offset);
        Spans.checkNonNegative("length", length);
        Spans.checkNonNegative("stride", stride);
        long extent = 0;
        if (length > 0) {
            try {
                extent = Math.addExact(Math.multiplyExact(length - 1, stride), 8);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("vector of length " + length + " with stride " + stride
                        + " bytes overflows a long", e);
            }
        }
        Spans.checkInside(segment, offset, extent);
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
        return new VectorSpan(segment, 0, segment.byteSize() / 8, 8, Type.FLOAT64);
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
        return new VectorSpan(segment, 0, segment.byteSize() / 8, 8, Type.INT64);
    }

    /**
     * Whether the elements are adjacent ({@code stride == 8}), as the {@code x} of an outer product
     * must be.
     *
     * @return {@code stride == 8}
     */
    public boolean isContiguous() {
        return stride == 8;
    }

    @Override
    public String toString() {
        return "VectorSpan[" + length + " " + type.name().toLowerCase(java.util.Locale.ROOT) + ", offset "
                + offset + ", stride " + stride + " bytes, segment of " + segment.byteSize() + " bytes]";
    }
}

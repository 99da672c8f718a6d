package io.tessella.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Converts runs of contiguous native-order values from one dtype to another, value by value as
 * {@link Cast} does: the dispatch to the generated per-dtype loops ({@code Convert<Name>}, from
 * {@code src/main/templates/io/tessella/memory}), chosen once per run so every loop is monomorphic.
 */
final class Conversions {
    static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private Conversions() {
    }

    /**
     * {@code n} values of {@code from} at element index {@code s} of {@code src} into {@code to} at
     * element index {@code d} of {@code dst}; identical types are copied.
     */
    static void convert(DType from, MemorySegment src, long s, DType to, MemorySegment dst, long d, int n) {
        if (from == to) {
            long size = from.byteSize();
            MemorySegment.copy(src, s * size, dst, d * size, n * size);
            return;
        }
        switch (from) {
            case BOOL -> ConvertBool.to(to, src, s, dst, d, n);
            case INT8 -> ConvertInt8.to(to, src, s, dst, d, n);
            case UINT8 -> ConvertUInt8.to(to, src, s, dst, d, n);
            case INT16 -> ConvertInt16.to(to, src, s, dst, d, n);
            case UINT16 -> ConvertUInt16.to(to, src, s, dst, d, n);
            case INT32 -> ConvertInt32.to(to, src, s, dst, d, n);
            case UINT32 -> ConvertUInt32.to(to, src, s, dst, d, n);
            case INT64 -> ConvertInt64.to(to, src, s, dst, d, n);
            case UINT64 -> ConvertUInt64.to(to, src, s, dst, d, n);
            case FLOAT32 -> ConvertFloat32.to(to, src, s, dst, d, n);
            case FLOAT64 -> ConvertFloat64.to(to, src, s, dst, d, n);
        }
    }
}

package io.tessella.vector;

import io.tessella.memory.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Layouts and argument checks shared by the spans and every implementation. */
final class Spans {

    // Unaligned layouts cost nothing on x86-64 and AArch64 and accept heap segments and odd offsets
    // (a .npy header need not be a multiple of 8 in hand-made files).
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    // The Vector API path must read bytes exactly as the scalar layouts do, or the twins disagree.
    static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private Spans() {
    }

    static void checkNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " = " + value + " is negative");
        }
    }

    static long bytes(String name, long count, DType dtype) {
        try {
            return Math.multiplyExact(count, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " = " + count + " " + dtype.numpyName() + " values overflow a long byte size", e);
        }
    }

    static void checkInside(MemorySegment segment, long offset, long extent) {
        long size = segment.byteSize();
        if (offset > size || extent > size - offset) {
            throw new IllegalArgumentException("span needs bytes [" + offset + ", " + (offset + extent)
                    + ") but its segment has " + size + " bytes");
        }
    }

    static void checkRange(String what, long start, long end, long size) {
        if (start < 0) {
            throw new IllegalArgumentException(what + "Start = " + start + " is negative");
        }
        if (end < start) {
            throw new IllegalArgumentException(what + "End = " + end + " < " + what + "Start = " + start);
        }
        if (end > size) {
            throw new IllegalArgumentException(what + "End = " + end + " > " + what + "s = " + size);
        }
    }

    static void checkDtype(String name, DType actual, DType expected, String kernel) {
        if (actual != expected) {
            throw new IllegalArgumentException(name + " dtype " + actual + " != " + expected + ", the dtype of " + kernel);
        }
    }
}

package io.tessella.kernel;

import java.lang.foreign.MemorySegment;

/** Argument checks shared by the kernels: done once per call so that native code never writes out of bounds. */
final class KernelChecks {
    private KernelChecks() {
    }

    static void requireOut(MemorySegment out) {
        if (out == null) {
            throw new NullPointerException("out");
        }
        if (out.byteSize() < Long.BYTES) {
            throw new IllegalArgumentException("out holds " + out.byteSize() + " bytes; it needs at least 8 for one int64 index");
        }
    }

    static void requireBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status, boolean nativeOnly) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + " is negative");
        }
        requireElements("a", a, n, Double.BYTES, nativeOnly);
        requireElements("b", b, n, Double.BYTES, nativeOnly);
        requireElements("out", out, n, Long.BYTES, nativeOnly);
        requireElements("status", status, n, Integer.BYTES, nativeOnly);
    }

    static void requireEach(double[] a, double[] b, int n, int[] status, long[] out) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + " is negative");
        }
        requireLength("a", a == null ? -1 : a.length, n);
        requireLength("b", b == null ? -1 : b.length, n);
        requireLength("status", status == null ? -1 : status.length, n);
        requireLength("out", out == null ? -1 : out.length, n);
    }

    private static void requireLength(String name, int length, int n) {
        if (length < 0) {
            throw new NullPointerException(name);
        }
        if (length < n) {
            throw new IllegalArgumentException(name + " holds " + length + " elements; n = " + n);
        }
    }

    private static void requireElements(String name, MemorySegment s, long n, int elementBytes, boolean nativeOnly) {
        if (s == null) {
            throw new NullPointerException(name);
        }
        if (nativeOnly && !s.isNative()) {
            throw new IllegalArgumentException(name + " is a heap segment; a native kernel needs native memory");
        }
        if (s.byteSize() / elementBytes < n) {
            throw new IllegalArgumentException(name + " holds " + s.byteSize() / elementBytes + " elements of " + elementBytes
                    + " bytes; n = " + n);
        }
    }
}

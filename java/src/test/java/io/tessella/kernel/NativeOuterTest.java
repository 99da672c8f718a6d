package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The native outer product equals one IEEE multiply per element, in both store modes, and refuses bad arguments. */
class NativeOuterTest {

    @Test
    void plainAndStreamingStoresGiveYTimesXForTailSizesAndStrides() {
        NativeOuter c = NativeOuter.bundled();
        assertTrue(c.library().startsWith("bundled native/"), c.library());
        try (Arena arena = Arena.ofConfined()) {
            for (int n : new int[] {1, 7, 8, 9, 13, 207, 4098}) {
                int m = 5;
                long stride = n + 3;
                MemorySegment y = arena.allocate(ValueLayout.JAVA_DOUBLE, m);
                MemorySegment yl = arena.allocate(ValueLayout.JAVA_LONG, m);
                MemorySegment x = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
                double[] ys = {2.5, -0.0, Double.POSITIVE_INFINITY, Double.NaN, Double.MIN_VALUE};
                for (int i = 0; i < m; i++) {
                    y.setAtIndex(ValueLayout.JAVA_DOUBLE, i, ys[i]);
                    yl.setAtIndex(ValueLayout.JAVA_LONG, i, (long) i * 99_991 - 7);
                }
                for (int j = 0; j < n; j++) {
                    x.setAtIndex(ValueLayout.JAVA_DOUBLE, j, j % 5 == 0 ? -0.0 : j * 1.37 - 50);
                }
                for (boolean streaming : new boolean[] {false, true}) {
                    MemorySegment r = arena.allocate(ValueLayout.JAVA_DOUBLE, m * stride);
                    c.outerF64(y, x, m, n, r, stride, streaming);
                    MemorySegment rl = arena.allocate(ValueLayout.JAVA_DOUBLE, m * stride);
                    c.outerI64(yl, x, m, n, rl, stride, streaming);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double xj = x.getAtIndex(ValueLayout.JAVA_DOUBLE, j);
                            assertEquals(Double.doubleToLongBits(ys[i] * xj),
                                    Double.doubleToLongBits(r.getAtIndex(ValueLayout.JAVA_DOUBLE, i * stride + j)), "f64 " + i + "," + j);
                            assertEquals(Double.doubleToRawLongBits((double) ((long) i * 99_991 - 7) * xj),
                                    Double.doubleToRawLongBits(rl.getAtIndex(ValueLayout.JAVA_DOUBLE, i * stride + j)), "i64 " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void fillWritesTheValue() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = arena.allocate(ValueLayout.JAVA_DOUBLE, 1000);
            NativeOuter.bundled().fill(r.asSlice(8), 999, -1.5, true);
            for (int i = 1; i < 1000; i++) {
                assertEquals(-1.5, r.getAtIndex(ValueLayout.JAVA_DOUBLE, i));
            }
            assertEquals(0.0, r.getAtIndex(ValueLayout.JAVA_DOUBLE, 0));
        }
    }

    @Test
    void badArgumentsNeverReachNativeCode() {
        NativeOuter c = NativeOuter.bundled();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_DOUBLE, 10);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> c.outerF64(s, s, 2, 5, s, 4, false))
                    .getMessage().contains("rowStride = 4 < n = 5"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> c.outerF64(s, s, 3, 5, s, 5, false))
                    .getMessage().contains("r holds 10 elements; the call needs 15"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> c.outerF64(s, s, -1, 5, s, 5, false))
                    .getMessage().contains("m = -1"));
            MemorySegment heap = MemorySegment.ofArray(new double[10]);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> c.outerF64(s, s, 1, 5, heap, 5, false))
                    .getMessage().startsWith("r is a heap segment"));
        }
    }

    @Test
    void swappedLibraryIsBoundAndClosed() {
        NativeOuter c = NativeOuter.open(TestLibraries.bundle("tessella_outer"));
        assertTrue(c.streamingIsa().matches("avx512f|avx|sse2|plain"), c.streamingIsa());
        c.close();
        c.close();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_DOUBLE, 4);
            assertThrows(IllegalStateException.class, () -> c.fill(s, 4, 1.0, false));
        }
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeOuter.open(TestLibraries.bundle("tessella_kernel")));
        assertTrue(e.getMessage().contains("tessella_outer_abi_version"), e.getMessage());
    }
}

package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernel#slowComputationEach}, the per-element loop over Java arrays, keeps the batch contract
 * for every kernel and linkage: it equals {@link Kernel#slowComputationBatch} element for element,
 * for all doubles (jqwik's edge cases: NaN, infinities, -0.0, out-of-domain values).
 */
class SlowComputationEachProperties {

    @Property(tries = 300)
    void eachEqualsTheBatchForAllDoubles(@ForAll @Size(max = 40) List<Double> as, @ForAll @Size(max = 40) List<Double> bs) {
        int n = Math.min(as.size(), bs.size());
        double[] a = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = as.get(i);
            b[i] = bs.get(i);
        }
        try (NativeKernel scalarOnly = NativeKernel.open(TestLibraries.broken("tessella_test_no_batch"))) {
            for (Kernel k : new Kernel[] {NativeKernel.bundled(), NativeKernel.bundled().withLinkage(Linkage.STANDARD), scalarOnly,
                    JavaKernel.STANDARD}) {
                assertAgree(k, a, b, n);
                try (Kernel.Leased leased = k.lease()) {
                    assertAgree(leased, a, b, n);
                }
            }
        }
    }

    private static void assertAgree(Kernel k, double[] a, double[] b, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, Math.max(n, 1));
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, Math.max(n, 1));
            long okBatch = k.slowComputationBatch(arena.allocateFrom(ValueLayout.JAVA_DOUBLE, a), arena.allocateFrom(ValueLayout.JAVA_DOUBLE, b),
                    n, out, status);
            // Stale values in the arrays must not leak into the results.
            int[] st = new int[n + 1];
            long[] ids = new long[n + 1];
            java.util.Arrays.fill(st, 99);
            java.util.Arrays.fill(ids, 12345);
            long ok = k.slowComputationEach(a, b, n, st, ids);
            assertEquals(okBatch, ok, k.description());
            assertArrayEquals(status.asSlice(0, (long) n * Integer.BYTES).toArray(ValueLayout.JAVA_INT), java.util.Arrays.copyOf(st, n), k.description());
            assertArrayEquals(out.asSlice(0, (long) n * Long.BYTES).toArray(ValueLayout.JAVA_LONG), java.util.Arrays.copyOf(ids, n), k.description());
            assertEquals(99, st[n], "past n untouched");
            assertEquals(12345, ids[n], "past n untouched");
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        double[] two = {1, 2};
        for (Kernel k : new Kernel[] {NativeKernel.bundled(), JavaKernel.STANDARD}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> k.slowComputationEach(two, two, -1, new int[2], new long[2]))
                    .getMessage().contains("n = -1"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> k.slowComputationEach(two, new double[1], 2, new int[2], new long[2]))
                    .getMessage().startsWith("b holds 1"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> k.slowComputationEach(two, two, 2, new int[2], new long[1]))
                    .getMessage().startsWith("out holds 1"));
            assertEquals("status", assertThrows(NullPointerException.class, () -> k.slowComputationEach(two, two, 2, null, new long[2])).getMessage());
        }
    }

    @Test
    void aClosedLibraryIsRefusedNotCalled() {
        NativeKernel k = NativeKernel.open(TestLibraries.broken("tessella_test_no_batch"));
        k.close();
        assertThrows(IllegalStateException.class, () -> k.slowComputationEach(new double[] {1}, new double[] {1}, 1, new int[1], new long[1]));
    }
}

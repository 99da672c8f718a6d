package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/** discard(): whole pages inside the view read as zero afterwards; everything else is kept. */
class DiscardTest {

    @Test
    void wholePagesInsideTheViewReadAsZeroAndTheRestIsKept() {
        for (Allocation mode : new Allocation[] {Allocation.UNINITIALIZED, Allocation.HUGE_PAGES}) {
            long n = 3 * 512 * 1024; // 12 MiB of int64: several huge pages
            try (NdArray a = NdArray.allocate(mode, DType.INT64, n)) {
                var seg = a.contiguousSegment();
                for (long i = 0; i < n; i++) {
                    seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i, i + 1);
                }
                long from = 1000, to = n - 700;   // not page aligned at either end
                a.view(new long[] {from}, new long[] {to}).discard();
                long firstPage = Math.ceilDiv(from * 8, 4096) * 4096 / 8, lastPage = (to * 8) / 4096 * 4096 / 8;
                for (long i : new long[] {0, from - 1, from, firstPage - 1, to - 1, to, n - 1}) {
                    assertEquals(i + 1, a.getLong(i), mode + ": element " + i + " is outside the discarded pages");
                }
                for (long i : new long[] {firstPage, firstPage + 1, (firstPage + lastPage) / 2, lastPage - 1}) {
                    assertEquals(0, a.getLong(i), mode + ": element " + i + " was discarded");
                }
                a.setLong(42, firstPage);
                assertEquals(42, a.getLong(firstPage), "discarded memory is still usable");
            }
        }
    }

    @Test
    void memoryThatIsNotAnOwnedAnonymousMappingIsRefused() {
        try (Arena arena = Arena.ofShared(); NdArray zeroed = NdArray.allocate(Allocation.ZEROED, DType.INT64, 10_000)) {
            assertThrows(UnsupportedOperationException.class, zeroed::discard);
            assertThrows(UnsupportedOperationException.class, () -> NdArray.allocate(arena, DType.FLOAT64, 1000).discard());
        }
        NdArray closed = NdArray.allocate(Allocation.UNINITIALIZED, DType.INT64, 1 << 20);
        NdArray strided = closed.slice("::2");
        assertThrows(UnsupportedOperationException.class, strided::discard);
        closed.close();
        assertThrows(IllegalStateException.class, closed::discard);
    }
}

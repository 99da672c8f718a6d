package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessella.memory.NdArray;

/** Compares a result with the serial loop, element for element. */
final class IndexAssertions {
    private IndexAssertions() {
    }

    static void assertMatches(SerialIndexLoop expected, IndexResult r, String label) {
        int n = expected.idxs.size();
        assertEquals(n, r.counts().emitted(), label + ": emitted");
        assertEquals(expected.visited, r.counts().visited(), label + ": visited");
        assertEquals(expected.skipped, r.counts().skipped(), label + ": skipped");
        assertEquals(expected.failed, r.counts().failedByCode(), label + ": failures by code");
        assertEquals(n, r.idxs().size(), label + ": idxs length");
        for (int i = 0; i < n; i++) {
            assertEquals(expected.idxs.get(i).longValue(), r.idxs().getLong(i), label + ": idxs[" + i + "]");
            long[] c = expected.coords.get(i);
            for (int k = 0; k < c.length; k++) {
                NdArray axis = r.coordinates().get(k);
                assertEquals(c[k], axis.getLong(i), label + ": coordinate " + k + " of output " + i);
            }
        }
    }
}

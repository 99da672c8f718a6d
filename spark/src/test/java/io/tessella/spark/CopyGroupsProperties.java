package io.tessella.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The index assembly's groups: every non-empty part copied once, in block order, by at most the asked
 * number of tasks, and as many tasks as asked whenever there are that many non-empty parts; no group
 * holds more than its share of rows plus one part.
 */
class CopyGroupsProperties {

    @Property
    void groupsCoverEveryNonEmptyPartOnceInOrder(@ForAll @Size(max = 300) List<@LongRange(min = 0, max = 1_000_000) Long> emitted,
            @ForAll @IntRange(min = 1, max = 64) int maxGroups) {
        long[] e = emitted.stream().mapToLong(Long::longValue).toArray();
        int[][] groups = SparkIndexJob.copyGroups(e, maxGroups);
        long nonEmpty = emitted.stream().filter(n -> n > 0).count();
        long total = emitted.stream().mapToLong(Long::longValue).sum();
        long biggest = emitted.stream().mapToLong(Long::longValue).max().orElse(0);
        assertEquals(Math.min(nonEmpty, maxGroups), groups.length);
        int next = 0;
        for (int[] g : groups) {
            assertTrue(g.length > 0, "no empty group");
            long rows = 0;
            for (int p : g) {
                assertTrue(p >= next, "in block order, each once");
                for (int skipped = next; skipped < p; skipped++) {
                    assertEquals(0, e[skipped], "part " + skipped + " is not empty but no group copies it");
                }
                assertTrue(e[p] > 0, "empty part " + p + " copied");
                rows += e[p];
                next = p + 1;
            }
            assertTrue(rows <= Math.ceilDiv(total, groups.length) + biggest, "a group of " + rows + " rows");
        }
        for (int p = next; p < e.length; p++) {
            assertEquals(0, e[p], "part " + p + " is not empty but no group copies it");
        }
    }
}

package io.tessella.jobs;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an index build saw: every element is visited, and then either skipped by the sentinel test,
 * failed in the kernel (counted under its status code), or emitted. {@code visited = skipped +
 * failed + emitted} always holds.
 *
 * <pre>{@code
 * IndexCounts c = result.counts();
 * System.out.println(c.emitted() + " of " + c.visited() + ", failures " + c.failedByCode());
 * }</pre>
 *
 * @param visited        elements looked at
 * @param skipped        elements with {@code a1 <= sentinel} (NaN is never skipped)
 * @param failedByCode   kernel failures by status code, ascending
 * @param emitted        elements written to the outputs
 */
public record IndexCounts(long visited, long skipped, SortedMap<Integer, Long> failedByCode, long emitted) {

    /** @throws IllegalArgumentException if the counts do not add up */
    public IndexCounts {
        failedByCode = Collections.unmodifiableSortedMap(new TreeMap<>(failedByCode));
        long failed = failedByCode.values().stream().mapToLong(Long::longValue).sum();
        if (visited != skipped + failed + emitted) {
            throw new IllegalArgumentException("visited = " + visited + " != skipped " + skipped + " + failed " + failed
                    + " + emitted " + emitted);
        }
    }

    /** All kernel failures, whatever the code. */
    public long failed() {
        return failedByCode.values().stream().mapToLong(Long::longValue).sum();
    }

    static IndexCounts sum(Iterable<TileOutcome> tiles) {
        long visited = 0, skipped = 0, emitted = 0;
        Map<Integer, Long> failed = new TreeMap<>();
        for (TileOutcome t : tiles) {
            visited += t.visited();
            skipped += t.skipped();
            emitted += t.emitted();
            t.failures().forEach((code, n) -> failed.merge(code, n, Long::sum));
        }
        return new IndexCounts(visited, skipped, new TreeMap<>(failed), emitted);
    }
}

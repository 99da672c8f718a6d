package io.tessella.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Row blocks cover every row once, in order, none longer than asked; byte-sized blocks hold at least one row. */
class RowBlocksProperties {

    @Property
    void blocksCoverEveryRowOnceInOrder(@ForAll @LongRange(min = 0, max = 1_000_000) long rows,
            @ForAll @LongRange(min = 1, max = 100_000) long perPartition) {
        RowBlocks b = new RowBlocks(rows, perPartition);
        long next = 0;
        for (int p = 0; p < b.partitions(); p++) {
            assertEquals(next, b.start(p));
            assertTrue(b.stop(p) > b.start(p), "no empty block");
            assertTrue(b.stop(p) - b.start(p) <= perPartition);
            next = b.stop(p);
        }
        assertEquals(rows, next);
    }

    @Property
    void blocksSizedByBytesHoldAtLeastOneRowAndStayNearTheTarget(@ForAll @LongRange(min = 1, max = 1_000_000) long rows,
            @ForAll @LongRange(min = 0, max = 1L << 40) long bytesPerRow, @ForAll @LongRange(min = 1, max = 1L << 34) long target) {
        RowBlocks b = RowBlocks.sized(rows, bytesPerRow, target);
        assertTrue(b.rowsPerPartition() >= 1);
        assertTrue(b.rowsPerPartition() == 1 || b.rowsPerPartition() * Math.max(1, bytesPerRow) <= target, b.toString());
    }

    @Property
    void grownBlocksAreNeverShorterThanTheMinimum(@ForAll @LongRange(min = 0, max = 100_000) long rows,
            @ForAll @LongRange(min = 1, max = 1_000) long perPartition, @ForAll @LongRange(min = 1, max = 5) long minimum) {
        RowBlocks b = new RowBlocks(rows, perPartition).atLeast(minimum);
        assertTrue(b.rowsPerPartition() >= perPartition);
        for (int p = 0; p < b.partitions(); p++) {
            assertTrue(b.stop(p) - b.start(p) >= Math.min(minimum, rows), b + " block " + p);
        }
    }
}

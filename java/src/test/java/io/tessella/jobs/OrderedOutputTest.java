package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OrderedOutputTest {
    private static final long CAPACITY = 16;

    /** Outputs in memory: the next tile in order writes into them directly. */
    static OrderedOutput.Destination memory(MemorySegment[] outputs) {
        return new OrderedOutput.Destination() {
            @Override
            public MemorySegment[] direct() {
                return outputs;
            }

            @Override
            public void write(int array, long at, MemorySegment src, long count) {
                MemorySegment.copy(src, 0, outputs[array], at * 8, count * 8);
            }
        };
    }

    /** Outputs as files are: every tile goes through scratch and is written at its place. */
    static OrderedOutput.Destination writesOnly(MemorySegment[] outputs) {
        return new OrderedOutput.Destination() {
            @Override
            public MemorySegment[] direct() {
                return null;
            }

            @Override
            public void write(int array, long at, MemorySegment src, long count) {
                MemorySegment.copy(src, 0, outputs[array], at * 8, count * 8);
            }
        };
    }

    private static OrderedOutput ordered(MemorySegment[] outputs, int scratchLimit) {
        return new OrderedOutput(memory(outputs), outputs.length, CAPACITY, scratchLimit, 0, 0);
    }

    /** Tile t emits values 1000 * t + i, i < emitted[t], in every array (array k adds k * 1_000_000). */
    private static void fill(OrderedOutput.Sink sink, int emitted) {
        for (int k = 0; k < sink.arrays().length; k++) {
            for (int i = 0; i < emitted; i++) {
                sink.arrays()[k].setAtIndex(ValueLayout.JAVA_LONG, sink.position() + i, k * 1_000_000L + 1000 * sink.tile() + i);
            }
        }
    }

    private static long[] expected(int[] emitted, int k) {
        List<Long> out = new ArrayList<>();
        for (int t = 0; t < emitted.length; t++) {
            for (int i = 0; i < emitted[t]; i++) {
                out.add(k * 1_000_000L + 1000L * t + i);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Property(tries = 200)
    void publishesTilesInOrderWhateverOrderTheyFinishIn(@ForAll @IntRange(min = 1, max = 12) int tiles, @ForAll long seed,
            @ForAll boolean direct) throws Exception {
        Random rnd = new Random(seed);
        int[] emitted = new int[tiles];
        for (int t = 0; t < tiles; t++) {
            emitted[t] = rnd.nextInt((int) CAPACITY + 1);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] outputs = {arena.allocate(8 * CAPACITY * tiles), arena.allocate(8 * CAPACITY * tiles)};
            OrderedOutput.Destination d = direct ? memory(outputs) : writesOnly(outputs);
            try (OrderedOutput out = new OrderedOutput(d, outputs.length, CAPACITY, tiles, 0, 0)) {
                List<OrderedOutput.Sink> sinks = new ArrayList<>();
                for (int t = 0; t < tiles; t++) {
                    sinks.add(out.open(t));
                }
                Collections.shuffle(sinks, rnd);
                for (OrderedOutput.Sink s : sinks) {
                    fill(s, emitted[(int) s.tile()]);
                    out.commit(s, emitted[(int) s.tile()]);
                }
                long total = out.size();
                assertEquals(tiles, out.committedTiles());
                assertEquals(tiles, out.writtenPrefix(), "every tile is written once all are committed");
                for (int k = 0; k < 2; k++) {
                    assertArrayEquals(expected(emitted, k), outputs[k].asSlice(0, 8 * total).toArray(ValueLayout.JAVA_LONG));
                }
            }
        }
    }

    @Test
    void theNextTileInOrderWritesInPlaceAndOthersIntoScratch() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] outputs = {arena.allocate(8 * CAPACITY * 3)};
            try (OrderedOutput out = ordered(outputs, 2)) {
                OrderedOutput.Sink first = out.open(0);
                OrderedOutput.Sink second = out.open(1);
                assertFalse(first.scratch());
                assertTrue(second.scratch());
                fill(first, 3);
                out.commit(first, 3);
                OrderedOutput.Sink third = out.open(2);
                assertTrue(third.scratch(), "tile 1 is still running, so tile 2 cannot know its place");
                assertEquals(0, third.position(), "a scratch buffer is filled from its start");
            }
        }
    }

    @Test
    void aTileOverTheScratchLimitWaitsUntilItIsNextWhichNeverWaits() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] outputs = {arena.allocate(8 * CAPACITY * 3)};
            try (OrderedOutput out = ordered(outputs, 1)) {
                OrderedOutput.Sink first = out.open(0);
                OrderedOutput.Sink second = out.open(1);
                CompletableFuture<OrderedOutput.Sink> third = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.open(2);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThrows(TimeoutException.class, () -> third.get(200, TimeUnit.MILLISECONDS), "one scratch buffer, held by tile 1");
                fill(first, 2);
                out.commit(first, 2);
                assertThrows(TimeoutException.class, () -> third.get(200, TimeUnit.MILLISECONDS), "tile 1 still holds the buffer");
                fill(second, 1);
                out.commit(second, 1);
                OrderedOutput.Sink s = third.get(5, TimeUnit.SECONDS);
                assertFalse(s.scratch(), "tile 2 is next once 0 and 1 are published, so it writes in place");
                assertEquals(3, s.position());
                fill(s, 4);
                out.commit(s, 4);
                assertArrayEquals(new long[] {0, 1, 1000, 2000, 2001, 2002, 2003}, outputs[0].asSlice(0, 8 * out.size()).toArray(ValueLayout.JAVA_LONG));
            }
        }
    }

    @Test
    void abortWakesWaitingTilesWithACancellation() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] outputs = {arena.allocate(8 * CAPACITY * 3)};
            try (OrderedOutput out = ordered(outputs, 1)) {
                out.open(0);
                out.open(1);
                CompletableFuture<OrderedOutput.Sink> third = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.open(2);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThrows(TimeoutException.class, () -> third.get(100, TimeUnit.MILLISECONDS));
                out.abort();
                ExecutionException e = assertThrows(ExecutionException.class, () -> third.get(5, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof CancellationException, e.getCause().toString());
            }
        }
    }

    @Test
    void theWrittenPrefixCountsOnlyTilesWhoseEarlierTilesAreWrittenToo() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] outputs = {arena.allocate(8 * CAPACITY * 4)};
            try (OrderedOutput out = new OrderedOutput(writesOnly(outputs), 1, CAPACITY, 4, 1, 5)) {
                OrderedOutput.Sink one = out.open(1), two = out.open(2), three = out.open(3);
                fill(three, 1);
                out.commit(three, 1);
                fill(two, 2);
                out.commit(two, 2);
                assertEquals(1, out.writtenPrefix(), "tile 1, the first this run computes, is not written yet");
                fill(one, 3);
                out.commit(one, 3);
                assertEquals(4, out.writtenPrefix());
                assertEquals(5 + 3 + 2 + 1, out.size(), "the run resumed after 5 elements of tile 0");
                assertArrayEquals(new long[] {1000, 1001, 1002, 2000, 2001, 3000}, outputs[0].asSlice(8 * 5, 8 * 6).toArray(ValueLayout.JAVA_LONG));
            }
        }
    }

    @Test
    void aCountPastTheTileCapacityIsRefused() {
        try (Arena arena = Arena.ofConfined(); OrderedOutput out = ordered(new MemorySegment[] {arena.allocate(8 * CAPACITY)}, 1)) {
            OrderedOutput.Sink s = out.open(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> out.commit(s, CAPACITY + 1));
            assertTrue(e.getMessage().contains("tile 0 emitted 17, capacity 16"), e.getMessage());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

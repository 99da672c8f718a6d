package io.tessella.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class TilingPropertiesTest {

    /** A shape and one cut per axis, small enough to enumerate every element. */
    record Case(long[] shape, Cut[] cuts) {
        @Override
        public String toString() {
            return Arrays.toString(shape) + " " + Arrays.toString(cuts);
        }
    }

    @Provide
    Arbitrary<Case> smallTilings() {
        return Arbitraries.integers().between(0, 4).flatMap(rank ->
                Arbitraries.longs().between(0, 11).array(long[].class).ofSize(rank).flatMap(shape -> {
                    Arbitrary<Cut>[] cuts = new Arbitrary[rank];
                    for (int a = 0; a < rank; a++) {
                        cuts[a] = cutFor(shape[a]);
                    }
                    return Combinators.combine(Arrays.asList(cuts)).as(list -> new Case(shape, list.toArray(Cut[]::new)));
                }));
    }

    static Arbitrary<Cut> cutFor(long n) {
        return Arbitraries.oneOf(
                Arbitraries.just(Cut.whole()),
                Combinators.combine(Arbitraries.longs().between(1, 15), Arbitraries.longs().between(1, 5))
                        .as(Cut::parts),
                Arbitraries.longs().between(1, 13).map(Cut::blocks),
                Arbitraries.longs().between(0, n).array(long[].class).ofMaxSize(4).map(p -> {
                    long[] sorted = p.clone();
                    Arrays.sort(sorted);
                    return Cut.at(sorted);
                }));
    }

    @Property(tries = 300)
    void everyElementIsCoveredExactlyOnce(@ForAll("smallTilings") Case c) {
        Tiling t = Tiling.of(c.shape(), c.cuts());
        long[] shape = c.shape();
        int[] hits = new int[(int) t.elementCount()];
        long sizes = 0;
        for (Tile tile : t) {
            sizes += tile.size();
            forEachElement(tile, offset -> hits[(int) flatIndex(offset, shape)]++);
        }
        for (int i = 0; i < hits.length; i++) {
            assertEquals(1, hits[i], "element " + i);
        }
        assertEquals(t.elementCount(), sizes);
    }

    @Property(tries = 300)
    void tilesAreNumberedRowMajorOverTheGrid(@ForAll("smallTilings") Case c) {
        Tiling t = Tiling.of(c.shape(), c.cuts());
        long expected = 0;
        for (Tile tile : t) {
            assertEquals(expected++, tile.index());
            assertEquals(tile, t.tileAt(tile.coords()));
            for (int a = 0; a < t.rank(); a++) {
                assertEquals(t.boundaries(a)[(int) tile.coord(a)], tile.start(a));
                assertEquals(t.boundaries(a)[(int) tile.coord(a) + 1], tile.stop(a));
            }
        }
        assertEquals(t.tileCount(), expected);
    }

    @Property(tries = 500)
    void splitFollowsTheArraySplitRule(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long n,
            @ForAll @LongRange(min = 1, max = 2000) long parts) {
        Tiling t = Tiling.split(n, parts);
        assertEquals(parts, t.tileCount());
        // Spot-check both sides of the remainder edge instead of every chunk: parts may be large.
        long q = n / parts;
        long r = n % parts;
        for (long i : new long[] {0, r - 1, r, parts - 1}) {
            if (i >= 0 && i < parts) {
                assertEquals(i < r ? q + 1 : q, t.tile(i).size(), "chunk " + i);
            }
        }
        assertEquals(n, t.tile(parts - 1).stop(0));
    }

    @Property(tries = 200)
    void hugeGridsCoverTheirShape(@ForAll @LongRange(min = 0, max = 3_000_000) long rows,
            @ForAll @LongRange(min = 0, max = 3_000_000) long cols, @ForAll @LongRange(min = 1, max = 40) long pr,
            @ForAll @LongRange(min = 1, max = 200) long colBlocks) {
        // Blocks sized from a block count, so that a try enumerates at most 40 × 200 tiles.
        long blockCols = Math.max(1, (cols + colBlocks - 1) / colBlocks);
        Tiling t = Tiling.of(new long[] {rows, cols}, Cut.parts(pr), Cut.blocks(blockCols));
        assertEquals(rows * cols, t.stream().mapToLong(Tile::size).sum());
        for (int a = 0; a < 2; a++) {
            long[] b = t.boundaries(a);
            assertEquals(0, b[0]);
            assertEquals(a == 0 ? rows : cols, b[b.length - 1]);
            for (int i = 1; i < b.length; i++) {
                assertTrue(b[i - 1] <= b[i], Arrays.toString(b));
            }
        }
    }

    @Provide
    Arbitrary<long[]> autoShapes() {
        return Arbitraries.integers().between(1, 3).flatMap(rank ->
                Arbitraries.longs().between(0, 40).array(long[].class).ofSize(rank));
    }

    @Property(tries = 300)
    void autoTilesNeverShareACacheLine(@ForAll("autoShapes") long[] shape,
            @ForAll("elementSizes") int elementBytes, @ForAll @IntRange(min = 1, max = 4) int workers,
            @ForAll @IntRange(min = 1, max = 8) int tilesPerWorker, @ForAll @LongRange(min = 8, max = 512) long minTile) {
        Tiling t = Tiling.auto(shape, elementBytes, workers, tilesPerWorker, minTile, 4 * minTile);
        Map<Long, Long> ownerOfLine = new HashMap<>();
        long[] covered = {0};
        for (Tile tile : t) {
            forEachElement(tile, index -> {
                covered[0]++;
                long first = flatIndex(index, shape) * elementBytes;
                for (long line = first / 64; line <= (first + elementBytes - 1) / 64; line++) {
                    Long owner = ownerOfLine.putIfAbsent(line, tile.index());
                    assertTrue(owner == null || owner == tile.index(),
                            "line " + line + " in tiles " + owner + " and " + tile + " of " + t);
                }
            });
        }
        assertEquals(t.elementCount(), covered[0]);
        long bytes = t.elementCount() * elementBytes;
        long target = Math.max(1, Math.min(Math.max((long) workers * tilesPerWorker, (bytes + 4 * minTile - 1) / (4 * minTile)),
                bytes / minTile));
        assertTrue(t.tileCount() < 2 * target, t + " target " + target);
    }

    @Provide
    Arbitrary<Integer> elementSizes() {
        return Arbitraries.of(1, 2, 3, 4, 8, 12, 16, 24, 100);
    }

    @Property(tries = 200)
    void autoTilesOfHugeShapesStayWithinTheTileSizeLimits(@ForAll @LongRange(min = 1, max = 200_000) long rows,
            @ForAll @LongRange(min = 1, max = 25_000) long colLines, @ForAll @IntRange(min = 1, max = 64) int workers) {
        long cols = 8 * colLines;
        Tiling t = Tiling.auto(new long[] {rows, cols}, Double.BYTES, workers);
        long bytes = rows * cols * Double.BYTES;
        long target = Math.max(1, Math.min(Math.max(Tiling.AUTO_TILES_PER_WORKER * (long) workers,
                (bytes + Tiling.AUTO_MAX_TILE_BYTES - 1) / Tiling.AUTO_MAX_TILE_BYTES), bytes / Tiling.AUTO_MIN_TILE_BYTES));
        // Rows of whole cache lines can be cut anywhere on a line boundary: the target is reachable whenever
        // there are enough lines.
        Assume.that(rows * colLines >= target);
        assertTrue(t.tileCount() >= target && t.tileCount() < 2 * target, t + " target " + target);
        assertEquals(rows * cols, t.stream().mapToLong(Tile::size).sum());
    }

    interface IndexConsumer {
        void accept(long[] index);
    }

    static void forEachElement(Tile tile, IndexConsumer consumer) {
        if (tile.isEmpty()) {
            return;
        }
        long[] index = tile.start();
        int rank = index.length;
        while (true) {
            consumer.accept(index);
            int a = rank - 1;
            while (a >= 0 && ++index[a] == tile.stop(a)) {
                index[a] = tile.start(a);
                a--;
            }
            if (a < 0) {
                return;
            }
        }
    }

    static long flatIndex(long[] index, long[] shape) {
        long flat = 0;
        for (int a = 0; a < shape.length; a++) {
            flat = flat * shape[a] + index[a];
        }
        return flat;
    }

    @Property(tries = 50)
    void tileCopiesAreIndependent(@ForAll("smallTilings") Case c) {
        Tiling t = Tiling.of(c.shape(), c.cuts());
        if (t.tileCount() > 0) {
            Tile tile = t.tile(0);
            long[] s = tile.start();
            Arrays.fill(s, 7);
            assertArrayEquals(t.tile(0).start(), tile.start());
        }
    }
}

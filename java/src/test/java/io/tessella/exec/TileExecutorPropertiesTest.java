package io.tessella.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.tiling.Cut;
import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TileExecutorPropertiesTest {

    @Provide
    Arbitrary<Tiling> tilings() {
        Arbitrary<Tiling> flat = Combinators.combine(Arbitraries.longs().between(0, 3000), Arbitraries.longs().between(1, 300))
                .as(Tiling::split);
        Arbitrary<Tiling> grid = Combinators.combine(Arbitraries.longs().between(0, 60), Arbitraries.longs().between(0, 60),
                Arbitraries.longs().between(1, 12), Arbitraries.longs().between(1, 25))
                .as((r, c, pr, bc) -> Tiling.of(new long[] {r, c}, Cut.parts(pr), Cut.blocks(bc)));
        return Arbitraries.oneOf(flat, grid);
    }

    /** A per-tile result that depends on every element of the tile, computed element by element. */
    private static long checksum(Tile tile) {
        long sum = tile.index();
        if (tile.rank() == 1) {
            for (long i = tile.start(0); i < tile.stop(0); i++) {
                sum = sum * 31 + i * i;
            }
        } else {
            for (long i = tile.start(0); i < tile.stop(0); i++) {
                for (long j = tile.start(1); j < tile.stop(1); j++) {
                    sum = sum * 31 + i * 1_000 + j;
                }
            }
        }
        return sum;
    }

    @Property(tries = 60)
    void parallelResultsEqualSerialOnes(@ForAll("tilings") Tiling tiling, @ForAll @IntRange(min = 1, max = 5) int parallelism,
            @ForAll ThreadKind kind) throws InterruptedException {
        List<Long> serial = new ArrayList<>();
        for (Tile tile : tiling) {
            serial.add(checksum(tile));
        }
        TileExecutor exec = TileExecutor.create().withParallelism(parallelism).withThreads(kind);
        assertEquals(serial, exec.map(tiling, TileExecutorPropertiesTest::checksum));
        long serialFold = 17;
        for (long r : serial) {
            serialFold = serialFold * 1_000_003 + r; // order-sensitive, so a misordered fold shows
        }
        assertEquals(serialFold, (long) exec.mapReduce(tiling, TileExecutorPropertiesTest::checksum, 17L,
                (a, b) -> a * 1_000_003 + b));
    }

    @Property(tries = 60)
    void forEachWritesEveryElementOfASharedOutputExactlyOnce(@ForAll("tilings") Tiling tiling,
            @ForAll @IntRange(min = 1, max = 5) int parallelism) throws InterruptedException {
        long[] shape = tiling.shape();
        AtomicIntegerArray writes = new AtomicIntegerArray((int) tiling.elementCount());
        TileExecutor.create().withParallelism(parallelism).forEach(tiling, tile -> {
            long inner = shape.length == 1 ? 1 : shape[1];
            long rows = shape.length == 1 ? 1 : tile.extent(0);
            for (long r = 0; r < rows; r++) {
                long row = shape.length == 1 ? 0 : tile.start(0) + r;
                int innerAxis = shape.length - 1;
                for (long c = tile.start(innerAxis); c < tile.stop(innerAxis); c++) {
                    writes.incrementAndGet((int) (row * inner + c));
                }
            }
        });
        for (int i = 0; i < writes.length(); i++) {
            assertEquals(1, writes.get(i), "element " + i);
        }
    }

    @Property(tries = 40)
    void progressIsMonotoneAndEndsAtTheTotal(@ForAll("tilings") Tiling tiling,
            @ForAll @IntRange(min = 1, max = 4) int parallelism) throws InterruptedException {
        List<Progress> seen = new CopyOnWriteArrayList<>();
        TileExecutor.create().withParallelism(parallelism).withProgress(seen::add, Duration.ZERO)
                .forEach(tiling, tile -> { });
        assertTrue(!seen.isEmpty());
        Progress last = seen.getLast();
        assertEquals(tiling.tileCount(), last.tilesDone());
        assertEquals(tiling.elementCount(), last.elementsDone());
        assertTrue(last.isComplete());
        assertEquals(Duration.ZERO, last.eta().orElseThrow());
        for (int i = 1; i < seen.size(); i++) {
            Progress a = seen.get(i - 1);
            Progress b = seen.get(i);
            assertTrue(a.tilesDone() <= b.tilesDone(), a + " then " + b);
            assertTrue(a.elementsDone() <= b.elementsDone(), a + " then " + b);
            assertTrue(a.elapsed().compareTo(b.elapsed()) <= 0, a + " then " + b);
        }
        for (Progress p : seen) {
            long inHistory = 0;
            Duration end = Duration.ZERO;
            for (RateSample s : p.history()) {
                assertEquals(end, s.from(), "history intervals are contiguous");
                end = s.to();
                inHistory += s.elements();
            }
            assertTrue(p.history().size() <= ProgressTracker.HISTORY_POINTS - 1);
            assertTrue(inHistory <= p.elementsDone());
            assertTrue(end.compareTo(p.elapsed()) <= 0);
        }
    }
}

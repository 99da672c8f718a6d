package io.tessella.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TileExecutorTest {

    /** Long enough that only an interrupt ends it within a test run. */
    private static final long FOREVER_MS = 120_000;

    private static List<String> jobThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("tessella-job-")).toList();
    }

    @Test
    void resultsComeBackInTileOrderWhateverTheCompletionOrder() throws Exception {
        Tiling tiling = Tiling.split(16, 16);
        List<Long> finished = new CopyOnWriteArrayList<>();
        List<Long> results = TileExecutor.create().withParallelism(4).map(tiling, tile -> {
            Thread.sleep((16 - tile.index()) * 3);
            finished.add(tile.index());
            return tile.index() * 10;
        });
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 16; i++) {
            expected.add(i * 10);
        }
        assertEquals(expected, results);
        assertEquals(16, finished.size());
    }

    @Test
    void mapReduceFoldsInTileOrder() throws Exception {
        String s = TileExecutor.create().withParallelism(3).mapReduce(Tiling.split(10, 5),
                tile -> tile.start(0) + "-" + tile.stop(0), "", (a, b) -> a.isEmpty() ? b : a + "," + b);
        assertEquals("0-2,2-4,4-6,6-8,8-10", s);
    }

    @Test
    void virtualThreadsByDefaultPlatformThreadsOnRequestBothNamedAfterTheJob() throws Exception {
        Tiling tiling = Tiling.split(8, 8);
        List<Boolean> virtual = TileExecutor.create().withParallelism(2).map(tiling,
                tile -> Thread.currentThread().isVirtual() && Thread.currentThread().getName().startsWith("tessella-job-"));
        assertEquals(List.of(true, true, true, true, true, true, true, true), virtual);
        List<Boolean> platform = TileExecutor.create().withParallelism(2).withThreads(ThreadKind.PLATFORM).map(tiling,
                tile -> !Thread.currentThread().isVirtual() && Thread.currentThread().getName().startsWith("tessella-job-"));
        assertEquals(List.of(true, true, true, true, true, true, true, true), platform);
        assertEquals(List.of(), jobThreadsAlive());
    }

    @Test
    void parallelismOneRunsEveryTileInTheCallersThreadInOrder() throws Exception {
        Thread caller = Thread.currentThread();
        List<Long> order = new ArrayList<>();
        TileExecutor.create().withParallelism(1).forEach(Tiling.split(20, 7), tile -> {
            assertSame(caller, Thread.currentThread());
            order.add(tile.index());
        });
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), order);
    }

    @Test
    void noMoreTilesRunAtOnceThanTheParallelism() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        TileExecutor.create().withParallelism(3).forEach(Tiling.split(30, 30), tile -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(2);
            running.decrementAndGet();
        });
        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
    }

    @Test
    void anEmptyTilingRunsNothingAndReportsItsZeroTotal() throws Exception {
        List<Progress> seen = new CopyOnWriteArrayList<>();
        List<Object> r = TileExecutor.create().withProgress(seen::add).map(Tiling.blocks(new long[] {0, 4}, 2, 2),
                tile -> {
                    throw new AssertionError("no tile expected");
                });
        assertEquals(List.of(), r);
        assertEquals(1, seen.size());
        assertTrue(seen.getFirst().isComplete());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void firstFailureCancelsTheJobAndNamesTheFailedTile(ThreadKind kind) {
        RecordingThreads threads = new RecordingThreads(kind);
        Set<Long> startedTiles = ConcurrentHashMap.newKeySet();
        AtomicInteger interrupted = new AtomicInteger();
        CountDownLatch othersRunning = new CountDownLatch(3);
        TileExecutor exec = TileExecutor.create().withParallelism(4).withThreadFactory(threads);
        TileFailedException e = assertThrows(TileFailedException.class, () -> exec.forEach(Tiling.split(100, 100), tile -> {
            startedTiles.add(tile.index());
            if (tile.index() == 3) {
                assertTrue(othersRunning.await(30, TimeUnit.SECONDS), "tiles 0-2 started");
                throw new IOException("disk full");
            }
            othersRunning.countDown();
            try {
                Thread.sleep(FOREVER_MS);
            } catch (InterruptedException ie) {
                interrupted.incrementAndGet();
                throw ie;
            }
        }));
        assertEquals(List.of(), threads.alive(), "no worker outlives the job");
        assertEquals(4, threads.made().size());
        assertEquals(3, e.tile().index());
        assertArrayEquals(new long[] {3}, e.tile().coords());
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("tile 3 at [3] = [3:4] failed: java.io.IOException: disk full"),
                e.getMessage());
        assertEquals(Set.of(0L, 1L, 2L, 3L), startedTiles, "no tile starts after the failure");
        assertEquals(3, interrupted.get(), "running tiles are interrupted");
        assertEquals(3, e.getSuppressed().length, "the interrupted tiles' failures are suppressed on the first");
        for (Throwable s : e.getSuppressed()) {
            TileFailedException later = assertInstanceOf(TileFailedException.class, s);
            assertTrue(later.tile().index() < 3);
            assertInstanceOf(InterruptedException.class, later.getCause());
        }
        assertEquals(0, e.progress().tilesDone());
    }

    @Test
    void failureWithDefaultPlatformThreadsLeavesNoJobThread() {
        TileExecutor exec = TileExecutor.create().withParallelism(2).withThreads(ThreadKind.PLATFORM);
        assertThrows(TileFailedException.class, () -> exec.forEach(Tiling.split(50, 50), tile -> {
            if (tile.index() == 10) {
                throw new IllegalStateException("bad tile");
            }
        }));
        assertEquals(List.of(), jobThreadsAlive());
    }

    @Test
    void serialFailureStopsAtTheFailedTile() {
        List<Long> ran = new ArrayList<>();
        TileFailedException e = assertThrows(TileFailedException.class,
                () -> TileExecutor.create().withParallelism(1).forEach(Tiling.grid(new long[] {6, 4}, 3, 2), tile -> {
                    ran.add(tile.index());
                    if (tile.index() == 3) {
                        throw new ArithmeticException("overflow");
                    }
                }));
        assertEquals(List.of(0L, 1L, 2L, 3L), ran);
        assertArrayEquals(new long[] {1, 1}, e.tile().coords());
        assertEquals(3, e.progress().tilesDone());
        assertInstanceOf(ArithmeticException.class, e.getCause());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void callerInterruptCancelsTheJobAndJoinsEveryWorker(ThreadKind kind) throws Exception {
        RecordingThreads threads = new RecordingThreads(kind);
        CountDownLatch allRunning = new CountDownLatch(2);
        Set<Long> startedTiles = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<List<Thread>> aliveAtReturn = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                TileExecutor.create().withParallelism(2).withThreadFactory(threads).forEach(Tiling.split(10, 10), tile -> {
                    startedTiles.add(tile.index());
                    allRunning.countDown();
                    Thread.sleep(FOREVER_MS);
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
            aliveAtReturn.set(threads.alive());
        });
        assertTrue(allRunning.await(30, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(caller.isAlive());
        InterruptedException ie = assertInstanceOf(InterruptedException.class, thrown.get());
        assertTrue(ie.getMessage().startsWith("job interrupted: 0/10 tiles"), ie.getMessage());
        assertEquals(List.of(), aliveAtReturn.get(), "no worker outlives the job");
        assertEquals(Set.of(0L, 1L), startedTiles);
    }

    @Test
    void serialModeSeesTheCallersInterruptBetweenTiles() {
        List<Long> ran = new ArrayList<>();
        InterruptedException e = assertThrows(InterruptedException.class,
                () -> TileExecutor.create().withParallelism(1).forEach(Tiling.split(10, 10), tile -> {
                    ran.add(tile.index());
                    if (tile.index() == 2) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertEquals(List.of(0L, 1L, 2L), ran);
        assertTrue(e.getMessage().startsWith("job interrupted: 3/10 tiles"), e.getMessage());
        assertFalse(Thread.interrupted());
    }

    @Test
    void interruptedCallerStartsNoTile() {
        AtomicInteger ran = new AtomicInteger();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class,
                () -> TileExecutor.create().forEach(Tiling.split(4, 4), tile -> ran.incrementAndGet()));
        assertFalse(Thread.interrupted());
        assertEquals(0, ran.get());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void deadlineFailsWithATimeoutThatSaysHowFarTheJobGot(ThreadKind kind) {
        RecordingThreads threads = new RecordingThreads(kind);
        TileExecutor exec = TileExecutor.create().withParallelism(2).withThreadFactory(threads)
                .withTimeout(Duration.ofSeconds(1));
        JobTimeoutException e = assertThrows(JobTimeoutException.class, () -> exec.forEach(Tiling.split(200, 20), tile -> {
            if (tile.index() >= 4) {
                Thread.sleep(FOREVER_MS);
            }
        }));
        assertEquals(List.of(), threads.alive(), "no worker outlives the job");
        assertEquals(4, e.progress().tilesDone());
        assertEquals(40, e.progress().elementsDone());
        assertTrue(e.getMessage().startsWith("job timed out after PT1S: 4/20 tiles, 40/200 elements"), e.getMessage());
        assertEquals(Duration.ofSeconds(1), e.timeout());
        assertEquals(2, e.getSuppressed().length, "the two interrupted tiles");
    }

    @Test
    void serialDeadlineIsCheckedBetweenTiles() {
        JobTimeoutException e = assertThrows(JobTimeoutException.class, () -> TileExecutor.create().withParallelism(1)
                .withTimeout(Duration.ofMillis(200)).forEach(Tiling.split(10, 10), tile -> Thread.sleep(60)));
        assertTrue(e.progress().tilesDone() >= 1 && e.progress().tilesDone() < 10, e.getMessage());
    }

    @Test
    void aTimeoutOfAThousandYearsIsNoDeadline() throws Exception {
        List<Long> r = TileExecutor.create().withParallelism(2).withTimeout(Duration.ofDays(365_000))
                .map(Tiling.split(10, 5), Tile::size);
        assertEquals(List.of(2L, 2L, 2L, 2L, 2L), r);
        assertEquals(List.of(1L), TileExecutor.create().withParallelism(1).withTimeout(Duration.ofDays(365_000))
                .map(Tiling.split(1, 1), Tile::size));
    }

    @Test
    void aSingleTileJobCanStillTimeOut() {
        RecordingThreads threads = new RecordingThreads(ThreadKind.VIRTUAL);
        JobTimeoutException e = assertThrows(JobTimeoutException.class, () -> TileExecutor.create().withParallelism(2)
                .withThreadFactory(threads).withTimeout(Duration.ofMillis(100))
                .forEach(Tiling.split(5, 1), tile -> Thread.sleep(FOREVER_MS)));
        assertEquals(0, e.progress().tilesDone());
        assertEquals(1, threads.made().size());
        assertEquals(List.of(), threads.alive());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aThrowingListenerFailsTheJob(ThreadKind kind) {
        RecordingThreads threads = new RecordingThreads(kind);
        TileExecutor exec = TileExecutor.create().withParallelism(2).withThreadFactory(threads)
                .withProgress(p -> {
                    throw new UnsupportedOperationException("listener bug");
                }, Duration.ZERO);
        JobFailedException e = assertThrows(JobFailedException.class, () -> exec.forEach(Tiling.split(10, 10), tile -> { }));
        assertInstanceOf(UnsupportedOperationException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("progress listener failed"), e.getMessage());
        assertEquals(List.of(), threads.alive());
    }

    @Test
    void invalidSettingsNameTheValue() {
        assertEquals("parallelism = 0 must be positive", assertThrows(IllegalArgumentException.class,
                () -> TileExecutor.create().withParallelism(0)).getMessage());
        assertEquals("timeout = PT-1S must be positive", assertThrows(IllegalArgumentException.class,
                () -> TileExecutor.create().withTimeout(Duration.ofSeconds(-1))).getMessage());
        assertNull(TileExecutor.create().timeout().orElse(null));
    }

    @Test
    void tileSizesAreTheElementCounts() throws Exception {
        Tiling tiling = Tiling.grid(new long[] {1000, 2000}, 3, 2);
        List<Long> sizes = TileExecutor.create().map(tiling, Tile::size);
        assertEquals(List.of(334_000L, 334_000L, 333_000L, 333_000L, 333_000L, 333_000L), sizes);
    }
}

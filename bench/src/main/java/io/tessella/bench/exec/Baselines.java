package io.tessella.bench.exec;

import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.ToLongFunction;

/**
 * The design {@code TileExecutor} was measured against: one virtual thread per tile, concurrency bounded
 * by a {@link Semaphore}, results stored by tile index, in its two usual forms (the caller takes a permit
 * before starting each thread, or every thread starts at once and takes its permit itself). Correct but
 * minimal (no cancellation or progress), so a lower bound on what that design costs.
 */
final class Baselines {
    private Baselines() {
    }

    /** The caller takes a permit before starting each tile's thread, so at most {@code parallelism} threads exist. */
    static long[] threadPerTile(Tiling tiling, int parallelism, ToLongFunction<Tile> task) throws InterruptedException {
        int n = (int) tiling.tileCount();
        long[] results = new long[n];
        Semaphore permits = new Semaphore(parallelism);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            permits.acquire();
            Tile tile = tiling.tile(i);
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    results[index] = task.applyAsLong(tile);
                } finally {
                    permits.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return results;
    }

    /** Every tile's thread starts at once and waits for a permit inside. */
    static long[] threadPerTileAcquireInside(Tiling tiling, int parallelism, ToLongFunction<Tile> task)
            throws InterruptedException {
        int n = (int) tiling.tileCount();
        long[] results = new long[n];
        Semaphore permits = new Semaphore(parallelism);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tile tile = tiling.tile(i);
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                permits.acquireUninterruptibly();
                try {
                    results[index] = task.applyAsLong(tile);
                } finally {
                    permits.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return results;
    }
}

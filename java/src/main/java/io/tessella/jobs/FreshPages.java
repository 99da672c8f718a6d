package io.tessella.jobs;

import io.tessella.memory.NdArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * First touch of an output nothing has written yet ({@link NdArray#claimUntouched()}: anonymous memory
 * just mapped, a {@code .npy} file just created), taken by the worker that is about to write each tile,
 * so the page faults (and, for a file, the page cache's allocation) run on every core at once instead
 * of one store at a time. A kernel without {@code MADV_POPULATE_WRITE} (before Linux 5.14) just skips
 * it: the stores then fault as before, with the same results.
 */
final class FreshPages {
    /** Tiles pre-faulted so far, by every job: what tests observe instead of timing. */
    private static final AtomicLong POPULATED_TILES = new AtomicLong();

    private FreshPages() {
    }

    /** Faults in {@code tile}'s pages for writing if the job's output was untouched ({@code fresh}); any failure is advice not taken. */
    static void before(boolean fresh, NdArray tile) {
        if (fresh && tile.size() > 0) {
            POPULATED_TILES.incrementAndGet();
            tile.populate();
        }
    }

    static long populatedTiles() {
        return POPULATED_TILES.get();
    }
}

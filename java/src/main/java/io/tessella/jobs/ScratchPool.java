package io.tessella.jobs;

import io.tessella.memory.Staging;
import io.tessella.os.ResourceLedger;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Staging buffers for one whole-array operation: each tile takes a set of {@link Staging#BLOCK}-double
 * buffers and gives it back when done, so there are as many sets as tiles run at once. Nothing is
 * allocated until a tile needs to stage (contiguous native operands never do), and everything is
 * freed when the operation closes the pool. Thread-safe.
 */
final class ScratchPool implements AutoCloseable {

    private final int buffers;
    private final long bytes;
    private final ConcurrentLinkedQueue<MemorySegment[]> free = new ConcurrentLinkedQueue<>();
    private Arena arena;

    /** Sets of {@code buffers} buffers of {@code elements} doubles each. */
    ScratchPool(int buffers, long elements) {
        this.buffers = buffers;
        this.bytes = elements * Double.BYTES;
    }

    MemorySegment[] take() {
        MemorySegment[] set = free.poll();
        if (set != null) {
            return set;
        }
        synchronized (this) {
            if (arena == null) {
                arena = ResourceLedger.sharedArena("staging buffers");
            }
            set = new MemorySegment[buffers];
            for (int i = 0; i < buffers; i++) {
                set[i] = arena.allocate(bytes, 64);
            }
            return set;
        }
    }

    void give(MemorySegment[] set) {
        free.offer(set);
    }

    @Override
    public synchronized void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }
}

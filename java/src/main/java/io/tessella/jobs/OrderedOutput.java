package io.tessella.jobs;

import io.tessella.os.ResourceLedger;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The index builder's outputs, filled in tile order while tiles finish in any order: the serial
 * loop's order without a pre-pass to size regions and without a compaction pass afterwards.
 *
 * <p>A tile that opens when every earlier tile has committed knows where its results go, and writes
 * them straight into the outputs (on one thread that is every tile). Any other tile writes into a
 * scratch buffer that is copied to the end of the outputs when its turn comes, by whichever tile's
 * commit brings it. Only the outputs' first {@link #size()} elements are ever touched, so a mapping
 * reserved for the worst case costs no memory beyond the results.
 *
 * <p>Scratch buffers are bounded: a tile that would need one past the limit waits for earlier tiles
 * to commit, except the next tile in order, which never waits (it is the one everyone waits for).
 * Tiles must be opened in increasing order by their claimers, as {@link io.tessella.exec.TileExecutor}
 * hands them out; each opened tile must be committed or the job {@linkplain #abort aborted}.
 */
final class OrderedOutput implements AutoCloseable {
    private final MemorySegment[] outputs;
    private final long tileCapacity;
    private final int scratchLimit;
    private final Arena scratchArena = ResourceLedger.sharedArena("index output scratch");
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();

    // Guarded by lock.
    private long next;
    private long size;
    private int scratchInUse;
    private boolean aborted;
    private final ArrayDeque<MemorySegment[]> freeScratch = new ArrayDeque<>();
    private final Map<Long, Sink> finished = new HashMap<>();

    /**
     * Where one tile writes: {@code arrays} (coordinates per axis, then indices) from element
     * {@code position} on; {@code scratch} when they are a buffer to copy later.
     */
    record Sink(long tile, MemorySegment[] arrays, long position, boolean scratch, long[] emitted) {
        /** The coordinate arrays (all but the last). */
        MemorySegment[] coords() {
            MemorySegment[] c = new MemorySegment[arrays.length - 1];
            System.arraycopy(arrays, 0, c, 0, c.length);
            return c;
        }

        /** The index array. */
        MemorySegment idxs() {
            return arrays[arrays.length - 1];
        }
    }

    /**
     * @param outputs int64 segments (coordinates per axis, then indices), each with room for every element of the job
     * @param tileCapacity the most elements one tile can emit
     * @param scratchLimit scratch buffers allowed at once (the next tile in order may exceed it by one)
     */
    OrderedOutput(MemorySegment[] outputs, long tileCapacity, int scratchLimit) {
        this.outputs = outputs.clone();
        this.tileCapacity = tileCapacity;
        this.scratchLimit = Math.max(1, scratchLimit);
    }

    /** Where tile {@code tile} writes; may wait for earlier tiles to commit. */
    Sink open(long tile) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (aborted) {
                    throw new CancellationException("the job was aborted before tile " + tile + " started");
                }
                if (tile == next) {
                    return new Sink(tile, outputs, size, false, new long[1]);
                }
                if (scratchInUse < scratchLimit) {
                    scratchInUse++;
                    MemorySegment[] buffers = freeScratch.poll();
                    if (buffers == null) {
                        buffers = new MemorySegment[outputs.length];
                        for (int i = 0; i < buffers.length; i++) {
                            buffers[i] = scratchArena.allocate(ValueLayout.JAVA_LONG, tileCapacity);
                        }
                    }
                    return new Sink(tile, buffers, 0, true, new long[1]);
                }
                progressed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records that the sink's tile wrote {@code emitted} elements; publishes it and any tiles it was holding up. */
    void commit(Sink sink, long emitted) {
        if (emitted < 0 || emitted > tileCapacity) {
            throw new IllegalArgumentException("tile " + sink.tile() + " emitted " + emitted + ", capacity " + tileCapacity);
        }
        sink.emitted()[0] = emitted;
        lock.lock();
        try {
            if (aborted) {
                return;
            }
            if (!sink.scratch()) {
                // Opened as the next tile, so no other commit could have moved the end since.
                size += emitted;
                next++;
            } else {
                finished.put(sink.tile(), sink);
            }
            for (Sink s = finished.remove(next); s != null; s = finished.remove(next)) {
                long n = s.emitted()[0];
                for (int i = 0; i < outputs.length; i++) {
                    MemorySegment.copy(s.arrays()[i], 0, outputs[i], size * Long.BYTES, n * Long.BYTES);
                }
                size += n;
                next++;
                scratchInUse--;
                freeScratch.push(s.arrays());
            }
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the job: waiting tiles give up, and later commits are ignored. */
    void abort() {
        lock.lock();
        try {
            aborted = true;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Elements published so far, in order. */
    long size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Tiles published so far. */
    long committedTiles() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Frees the scratch buffers. */
    @Override
    public void close() {
        // Idempotent: the failure path of a run closes it again, and must not hide the failure.
        if (scratchArena.scope().isAlive()) {
            scratchArena.close();
        }
    }
}

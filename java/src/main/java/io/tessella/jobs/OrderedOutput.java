package io.tessella.jobs;

import io.tessella.os.ResourceLedger;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The index builder's outputs, filled in the serial loop's order while tiles finish in any order: no
 * pre-pass to size regions, no compaction pass afterwards.
 *
 * <p>A tile's place in the outputs is the sum of the earlier tiles' counts. A tile that opens when
 * every earlier tile has its count knows its place and, where the outputs are memory, writes straight
 * into it. Any other tile writes into a scratch buffer that is parked when it commits; the commit that
 * completes the earlier counts gives each parked tile its place. The lock only guards that bookkeeping:
 * the copies into the outputs (and the first touch of their pages, or the writes to their files) run
 * outside it, in parallel, by the thread that placed the tile. (Doing them under the lock made two
 * threads wait on each other for a fifth of the run: {@code bench/index-overhead.md}.)
 *
 * <p>Scratch buffers are bounded: a tile that would need one past the limit waits for earlier tiles
 * to be placed, except the next tile in order, which never waits (it is the one everyone waits for).
 * Tiles must be opened in increasing order by their claimers, as {@link io.tessella.exec.TileExecutor}
 * hands them out; each opened tile must be committed or the job {@linkplain #abort aborted}.
 *
 * <p>{@link #writtenPrefix()} is how many tiles, from the first, are wholly in the outputs: what a
 * checkpoint may record as done.
 */
final class OrderedOutput implements AutoCloseable {
    /** Where placed tiles go: coordinates per axis, then indices, as int64 elements. */
    interface Destination {
        /** The outputs as memory a tile may write into directly, or null when they are files. */
        MemorySegment[] direct();

        /** Writes {@code count} int64s of {@code src} as elements {@code [at, at + count)} of array {@code array}. */
        void write(int array, long at, MemorySegment src, long count);
    }

    private final Destination destination;
    private final int arrays;
    private final long tileCapacity;
    private final int scratchLimit;
    // Made on the first tile that cannot write in place: a run whose tiles arrive in order into
    // in-memory outputs (one thread, as a Spark task runs) never needs one, and releasing shared memory
    // is a handshake with every thread of the JVM. Guarded by lock.
    private Arena scratchArena;
    private boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();

    // Guarded by lock.
    private long next;
    private long size;
    private int scratchInUse;
    private boolean aborted;
    private final ArrayDeque<MemorySegment[]> freeScratch = new ArrayDeque<>();
    private final Map<Long, Sink> parked = new HashMap<>();
    private final BitSet written = new BitSet();
    private long writtenPrefix;

    /**
     * Where one tile writes: {@code arrays} (coordinates per axis, then indices) from element
     * {@code position} on; {@code scratch} when they are a buffer to place later.
     */
    record Sink(long tile, MemorySegment[] arrays, long position, boolean scratch, long[] emitted, long[] place) {
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
     * @param destination  the outputs, with room for every element of the job
     * @param arrays       how many int64 arrays: the coordinate axes plus one
     * @param tileCapacity the most elements one tile can emit
     * @param scratchLimit scratch buffers allowed at once (the next tile in order may exceed it by one)
     * @param firstTile    the first tile this run computes (earlier ones are in the outputs already, from a checkpoint)
     * @param firstElement where its results go: the elements the earlier tiles emitted
     */
    OrderedOutput(Destination destination, int arrays, long tileCapacity, int scratchLimit, long firstTile, long firstElement) {
        this.destination = destination;
        this.arrays = arrays;
        this.tileCapacity = tileCapacity;
        this.scratchLimit = Math.max(1, scratchLimit);
        this.next = firstTile;
        this.size = firstElement;
        this.writtenPrefix = firstTile;
    }

    /** Where tile {@code tile} writes; may wait for earlier tiles to be placed. */
    Sink open(long tile) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (aborted) {
                    throw new CancellationException("the job was aborted before tile " + tile + " started");
                }
                MemorySegment[] direct = destination.direct();
                if (tile == next && direct != null) {
                    return new Sink(tile, direct, size, false, new long[1], new long[] {size});
                }
                if (scratchInUse < scratchLimit || tile == next) {
                    scratchInUse++;
                    MemorySegment[] buffers = freeScratch.poll();
                    if (buffers == null) {
                        if (scratchArena == null) {
                            if (closed) {
                                // As the arena's own allocate would refuse: nothing may be taken after close.
                                throw new IllegalStateException("the ordered output is closed");
                            }
                            scratchArena = ResourceLedger.sharedArena("index output scratch");
                        }
                        buffers = new MemorySegment[arrays];
                        for (int i = 0; i < buffers.length; i++) {
                            buffers[i] = scratchArena.allocate(ValueLayout.JAVA_LONG, tileCapacity);
                        }
                    }
                    return new Sink(tile, buffers, 0, true, new long[1], new long[] {-1});
                }
                progressed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that the sink's tile wrote {@code emitted} elements; places it and every parked tile it
     * was holding up, and copies them into the outputs (outside the lock).
     */
    void commit(Sink sink, long emitted) {
        if (emitted < 0 || emitted > tileCapacity) {
            throw new IllegalArgumentException("tile " + sink.tile() + " emitted " + emitted + ", capacity " + tileCapacity);
        }
        sink.emitted()[0] = emitted;
        List<Sink> placed = new ArrayList<>();
        lock.lock();
        try {
            if (aborted) {
                return;
            }
            if (!sink.scratch()) {
                // Opened as the next tile, so no other commit could have moved the end since.
                size += emitted;
                next++;
                written.set(Math.toIntExact(sink.tile()));
            } else {
                parked.put(sink.tile(), sink);
            }
            for (Sink s = parked.remove(next); s != null; s = parked.remove(next)) {
                s.place()[0] = size;
                size += s.emitted()[0];
                next++;
                placed.add(s);
            }
            advancePrefix();
        } finally {
            lock.unlock();
        }
        if (placed.isEmpty()) {
            signal();
            return;
        }
        try {
            for (Sink s : placed) {
                long n = s.emitted()[0];
                for (int i = 0; i < arrays; i++) {
                    destination.write(i, s.place()[0], s.arrays()[i], n);
                }
            }
        } catch (RuntimeException | Error e) {
            abort();
            throw e;
        }
        lock.lock();
        try {
            for (Sink s : placed) {
                written.set(Math.toIntExact(s.tile()));
                scratchInUse--;
                freeScratch.push(s.arrays());
            }
            advancePrefix();
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void advancePrefix() {
        int p = written.nextClearBit(Math.toIntExact(writtenPrefix));
        writtenPrefix = p;
    }

    private void signal() {
        lock.lock();
        try {
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

    /** Elements placed so far, in order (those of checkpointed tiles included). */
    long size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Tiles placed so far, from the first. */
    long committedTiles() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** How many tiles, from the first, are wholly in the outputs. */
    long writtenPrefix() {
        lock.lock();
        try {
            return writtenPrefix;
        } finally {
            lock.unlock();
        }
    }

    /** Frees the scratch buffers; idempotent, so the failure path of a run may close it again without hiding the failure. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (scratchArena != null && scratchArena.scope().isAlive()) {
                scratchArena.close();
            }
        } finally {
            lock.unlock();
        }
    }
}

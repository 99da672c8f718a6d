package io.tessella.jobs;

import io.tessella.kernel.BundledLibrary;
import io.tessella.kernel.Kernel;
import io.tessella.kernel.internal.NativeLoops;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.Staging;
import io.tessella.tiling.Tile;
import io.tessella.os.ResourceLedger;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hot loops of the index builder over one flat, row-major range of elements: the sentinel test,
 * the kernel calls, and the writes of coordinates and indices into the tile's region of the outputs.
 * Inputs may be views of any dtype in either byte order; a tile of an input that is not C-contiguous
 * native float64 (another dtype, Fortran order, strided, reversed, big-endian) is first staged into
 * contiguous native doubles in row-major order ({@link Staging#gatherFlat}, which converts each value as
 * Python's {@code float()} does), so the serial loop's order is the outputs' order within a tile and
 * every pass below reads plain contiguous memory. Contiguous native float64 inputs are read in place. Tiles hold at most {@link IndexBuilder#MAX_TILE_ELEMENTS} elements, so offsets within
 * one are ints.
 *
 * <p>For inputs of rank 1 or 2 (the recipe's case), the passes around the kernel run in Tessella's C
 * loops ({@link NativeLoops}) where the loop library loads: in Java they cost about 3 ns per element,
 * in C well under one. The Java passes below are the same loops, for every other rank and platform.
 */
final class IndexScanner implements AutoCloseable {
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final int DIRECT_CODES = 64;
    /** Input elements staged (copied) so far, by every scanner: tests check the in-place path stays copy-free. */
    private static final AtomicLong STAGED = new AtomicLong();

    private final Kernel kernel;
    private final double sentinel;
    private final int nd;
    private final long[] shape;
    private final long tileCapacity;
    /** Per input: whether its elements are read in place (C-contiguous, native order), else staged per tile. */
    private final boolean inPlace1, inPlace2;
    /** Whether gather and scatter run in {@link NativeLoops}. */
    private final boolean nativePasses;
    private final NdArray a1, a2;
    // Scratch memory reused from tile to tile: a fresh multi-megabyte allocation per tile costs an
    // mmap, a page fault per 4 KiB and an munmap, which on a 10^8-element run was most of the time.
    private final Arena scratchArena = ResourceLedger.sharedArena("index scanner scratch");
    private final ConcurrentLinkedQueue<Scratch> scratch = new ConcurrentLinkedQueue<>();

    /** Candidates per pass of the per-element loop over Java arrays (112 KiB of arrays per worker). */
    private static final int EACH_CHUNK = 4096;

    /**
     * One worker's buffers: the tile's gathered candidates, the kernel's outputs for them, Java arrays
     * for a chunk of them, which the per-element loop runs over ({@link Kernel#slowComputationEach} says
     * why), and the staged tile of each input that is not read in place (null otherwise).
     */
    private record Scratch(MemorySegment a, MemorySegment b, MemorySegment out, MemorySegment status, MemorySegment offsets,
            double[] chunkA, double[] chunkB, int[] chunkStatus, long[] chunkOut, MemorySegment staged1, MemorySegment staged2) {
    }

    IndexScanner(Kernel kernel, double sentinel, NdArray a1, NdArray a2, long tileCapacity, boolean nativePasses) {
        if (tileCapacity > IndexBuilder.MAX_TILE_ELEMENTS) {
            throw new IllegalArgumentException("tileCapacity = " + tileCapacity + " is more than " + IndexBuilder.MAX_TILE_ELEMENTS);
        }
        this.tileCapacity = Math.max(tileCapacity, 1);
        this.kernel = kernel;
        this.sentinel = sentinel;
        this.nd = a1.ndim();
        this.shape = a1.shape();
        this.inPlace1 = a1.dtype() == DType.FLOAT64 && a1.isCContiguous() && a1.isNativeOrder();
        this.inPlace2 = a2.dtype() == DType.FLOAT64 && a2.isCContiguous() && a2.isNativeOrder();
        this.nativePasses = nativePasses && (nd == 1 || nd == 2) && BundledLibrary.LOOP.isAvailableOrLogFallback();
        this.a1 = a1;
        this.a2 = a2;
    }

    static long stagedElements() {
        return STAGED.get();
    }

    private Scratch takeScratch() {
        Scratch s = scratch.poll();
        if (s == null) {
            synchronized (scratchArena) {
                s = new Scratch(scratchArena.allocate(ValueLayout.JAVA_DOUBLE, tileCapacity),
                        scratchArena.allocate(ValueLayout.JAVA_DOUBLE, tileCapacity), scratchArena.allocate(ValueLayout.JAVA_LONG, tileCapacity),
                        scratchArena.allocate(ValueLayout.JAVA_INT, tileCapacity), scratchArena.allocate(ValueLayout.JAVA_INT, tileCapacity),
                        new double[EACH_CHUNK], new double[EACH_CHUNK], new int[EACH_CHUNK], new long[EACH_CHUNK],
                        inPlace1 ? null : scratchArena.allocate(ValueLayout.JAVA_DOUBLE, tileCapacity),
                        inPlace2 ? null : scratchArena.allocate(ValueLayout.JAVA_DOUBLE, tileCapacity));
            }
        }
        return s;
    }

    /** Frees the scratch buffers; the job is over. */
    @Override
    public void close() {
        if (scratchArena.scope().isAlive()) {
            scratchArena.close();
        }
    }

    /**
     * Asks for both inputs' elements in {@code tile} (of the flat tiling) to be read in ahead of it: inputs
     * mapped from files larger than the page cache keeps are otherwise read at the first touch of
     * each page, stalling the worker (measured: a 10^8-element run re-read its 1.6 GB of inputs from
     * disk). Only mapped, C-contiguous inputs (of either byte order); a no-op for everything else.
     */
    /** Drops the mapped input pages of elements {@code [from, to)}: no tile reads them again. */
    void dropBehind(long from, long to) {
        a1.evict(from, to);
        a2.evict(from, to);
    }

    void prefetch(Tile tile) {
        if (a1.isCContiguous()) {
            a1.prefetch(tile.start(0), tile.stop(0));
        }
        if (a2.isCContiguous()) {
            a2.prefetch(tile.start(0), tile.stop(0));
        }
    }

    /** Elements in {@code [start, stop)} that pass the sentinel test: the tile's output capacity. */
    long countCandidates(long start, long stop) {
        Scratch sc = takeScratch();
        try {
            MemorySegment t1 = tileOf(a1, inPlace1, sc.staged1(), start, stop);
            int n = (int) (stop - start);
            long c = 0;
            for (int i = 0; i < n; i++) {
                c += t1.getAtIndex(F64, i) <= sentinel ? 0 : 1;
            }
            return c;
        } finally {
            scratch.offer(sc);
        }
    }

    /**
     * Elements {@code [start, stop)} of an input's row-major flattening as contiguous native doubles:
     * the input's own memory when it is read in place, else a copy in {@code staged}.
     */
    private static MemorySegment tileOf(NdArray a, boolean inPlace, MemorySegment staged, long start, long stop) {
        long bytes = (stop - start) * Double.BYTES;
        if (inPlace) {
            return a.contiguousSegment().asSlice(start * Double.BYTES, bytes);
        }
        Staging.gatherFlat(a, start, stop, staged, 0);
        STAGED.addAndGet(stop - start);
        return staged.asSlice(0, bytes);
    }

    /**
     * The recipe's loop over one tile, in three passes over tile-sized scratch: gather the elements
     * that pass the sentinel test, compute them (one downcall per element, or one per tile in batch
     * mode), then write the successes' coordinates and indices from {@code outPos} on. Keeping the
     * kernel pass a tight loop over two arrays is what lets consecutive calls overlap in the CPU as
     * they do in a C loop; the walk over strided inputs and the coordinate bookkeeping stay outside it.
     *
     * @param limit the most candidates the tile's output region can hold
     * @param coords one int64 segment per axis; {@code idxs} the index output
     */
    TileOutcome scan(long tile, long start, long stop, long limit, boolean batch, MemorySegment[] coords, MemorySegment idxs, long outPos) {
        long t0 = System.nanoTime();
        if (stop - start > tileCapacity) {
            throw new IllegalStateException("tile " + tile + " has " + (stop - start) + " elements > tile capacity " + tileCapacity);
        }
        Scratch sc = takeScratch();
        try {
            MemorySegment t1 = tileOf(a1, inPlace1, sc.staged1(), start, stop);
            MemorySegment t2 = tileOf(a2, inPlace2, sc.staged2(), start, stop);
            int c = nativePasses ? gatherNative(sc, t1, t2) : gatherContiguous(sc, t1, t2);
            if (c > limit) {
                throw new IllegalStateException("tile " + tile + " has " + c + " candidates, more than its pre-count " + limit
                        + ": the input changed during the job");
            }
            if (batch) {
                try (Kernel.Leased leased = kernel.lease()) {
                    leased.slowComputationBatch(sc.a(), sc.b(), c, sc.out(), sc.status());
                }
            } else {
                computeEach(sc, c);
            }
            long[] direct = new long[DIRECT_CODES];
            Map<Integer, Long> other = new HashMap<>();
            long emitted = nativePasses ? scatterNative(sc, c, start, coords, idxs, outPos, direct, other)
                    : nd == 2 ? scatter2d(sc, c, start, coords, idxs, outPos, direct, other)
                    : scatter(sc, c, start, coords, idxs, outPos, direct, other);
            return outcome(tile, stop - start, (stop - start) - c, emitted, direct, other, t0);
        } finally {
            scratch.offer(sc);
        }
    }

    /** {@link #gatherContiguous} in C. */
    private int gatherNative(Scratch sc, MemorySegment t1, MemorySegment t2) {
        return NativeLoops.gather(t1, t2, (int) (t1.byteSize() / Double.BYTES), sentinel, sc.a(), sc.b(), sc.offsets());
    }

    /** {@link #scatter2d}, or the 1-d case of {@link #scatter}, in C; failures are counted here. */
    private long scatterNative(Scratch sc, int c, long start, MemorySegment[] coords, MemorySegment idxs, long outPos,
            long[] direct, Map<Integer, Long> other) {
        long at = outPos * Long.BYTES, room = (long) c * Long.BYTES;
        MemorySegment rows = nd == 2 ? coords[0].asSlice(at, room) : null;
        MemorySegment cols = coords[nd - 1].asSlice(at, room);
        NativeLoops.Scattered s = NativeLoops.scatter(sc.offsets(), sc.status(), sc.out(), c, start, nd == 2 ? Math.max(shape[1], 1) : 1,
                rows, cols, idxs.asSlice(at, room));
        MemorySegment failed = sc.status();
        for (int i = 0; i < s.failed(); i++) {
            countFailure(direct, other, failed.getAtIndex(ValueLayout.JAVA_INT, i));
        }
        return s.emitted();
    }

    /**
     * Candidates of a tile's contiguous inputs into scratch, with their offsets in the tile. Every
     * element is stored and the count advances only past a candidate: no branch to mispredict on
     * scattered sentinels. Int-indexed over slices, as C2 compiles such loops best (measured: a
     * long-indexed version of this loop and of the scatter took 1.6 and 2.1 times as long).
     */
    private int gatherContiguous(Scratch sc, MemorySegment t1, MemorySegment t2) {
        int n = (int) (t1.byteSize() / Double.BYTES);
        MemorySegment a = sc.a(), b = sc.b(), offsets = sc.offsets();
        double limit = sentinel;
        int c = 0;
        for (int i = 0; i < n; i++) {
            double v1 = t1.getAtIndex(F64, i);
            a.setAtIndex(ValueLayout.JAVA_DOUBLE, c, t2.getAtIndex(F64, i));
            b.setAtIndex(ValueLayout.JAVA_DOUBLE, c, v1);
            offsets.setAtIndex(ValueLayout.JAVA_INT, c, i);
            c += v1 <= limit ? 0 : 1;
        }
        return c;
    }

    /**
     * One kernel call per gathered candidate, with the batch entry point's outputs: chunk by chunk
     * through Java arrays, the copies costing a fraction of a nanosecond per element.
     */
    private void computeEach(Scratch sc, int c) {
        double[] ka = sc.chunkA(), kb = sc.chunkB();
        int[] st = sc.chunkStatus();
        long[] ids = sc.chunkOut();
        try (Kernel.Leased leased = kernel.lease()) {
            for (int from = 0; from < c; from += EACH_CHUNK) {
                int m = Math.min(EACH_CHUNK, c - from);
                MemorySegment.copy(sc.a(), ValueLayout.JAVA_DOUBLE, (long) from * Double.BYTES, ka, 0, m);
                MemorySegment.copy(sc.b(), ValueLayout.JAVA_DOUBLE, (long) from * Double.BYTES, kb, 0, m);
                leased.slowComputationEach(ka, kb, m, st, ids);
                MemorySegment.copy(st, 0, sc.status(), ValueLayout.JAVA_INT, (long) from * Integer.BYTES, m);
                MemorySegment.copy(ids, 0, sc.out(), ValueLayout.JAVA_LONG, (long) from * Long.BYTES, m);
            }
        }
    }

    /**
     * The recipe's 2-d case: successes' row and column follow the increasing offsets by small steps,
     * kept in locals (state in fields or arrays would be reloaded after every off-heap store).
     */
    private long scatter2d(Scratch sc, int c, long start, MemorySegment[] coords, MemorySegment idxs, long outPos,
            long[] direct, Map<Integer, Long> other) {
        MemorySegment status = sc.status(), offsets = sc.offsets(), out = sc.out();
        long room = (long) c * Long.BYTES;
        MemorySegment rows = coords[0].asSlice(outPos * Long.BYTES, room), cols = coords[1].asSlice(outPos * Long.BYTES, room);
        MemorySegment ids = idxs.asSlice(outPos * Long.BYTES, room);
        long width = shape[1];
        long row = width == 0 ? 0 : start / width, col = width == 0 ? 0 : start % width;
        int prev = 0, k = 0;
        for (int i = 0; i < c; i++) {
            int s = status.getAtIndex(ValueLayout.JAVA_INT, i);
            if (s == 0) {
                int f = offsets.getAtIndex(ValueLayout.JAVA_INT, i);
                col += f - prev;
                prev = f;
                if (col >= width) {
                    row += col / width;
                    col %= width;
                }
                rows.setAtIndex(I64, k, row);
                cols.setAtIndex(I64, k, col);
                ids.setAtIndex(I64, k, out.getAtIndex(ValueLayout.JAVA_LONG, i));
                k++;
            } else {
                countFailure(direct, other, s);
            }
        }
        return k;
    }

    /** Any other rank: a row-major odometer stepped from one success to the next. */
    private long scatter(Scratch sc, int c, long start, MemorySegment[] coords, MemorySegment idxs, long outPos,
            long[] direct, Map<Integer, Long> other) {
        MemorySegment status = sc.status(), offsets = sc.offsets(), out = sc.out();
        long[] idx = new long[nd];
        if (nd > 0 && c > 0) {
            unflatten(start, idx);
        }
        int prev = 0;
        long pos = outPos;
        for (int i = 0; i < c; i++) {
            int s = status.getAtIndex(ValueLayout.JAVA_INT, i);
            if (s == 0) {
                long at = pos * Long.BYTES;
                int f = offsets.getAtIndex(ValueLayout.JAVA_INT, i);
                step(idx, f - prev);
                prev = f;
                for (int k = 0; k < nd; k++) {
                    coords[k].set(I64, at, idx[k]);
                }
                idxs.set(I64, at, out.getAtIndex(ValueLayout.JAVA_LONG, i));
                pos++;
            } else {
                countFailure(direct, other, s);
            }
        }
        return pos - outPos;
    }

    private static void countFailure(long[] direct, Map<Integer, Long> other, int code) {
        if (code > 0 && code < DIRECT_CODES) {
            direct[code]++;
        } else {
            other.merge(code, 1L, Long::sum);
        }
    }

    private static TileOutcome outcome(long tile, long visited, long skipped, long emitted, long[] direct, Map<Integer, Long> other, long t0) {
        Map<Integer, Long> failures = new HashMap<>(other);
        for (int code = 1; code < DIRECT_CODES; code++) {
            if (direct[code] != 0) {
                failures.put(code, direct[code]);
            }
        }
        return new TileOutcome(tile, visited, skipped, emitted, failures, System.nanoTime() - t0);
    }

    /** Advances a row-major multi-index by {@code delta} elements (small in practice: the gap to the next candidate). */
    private void step(long[] idx, long delta) {
        int last = nd - 1;
        if (last < 0 || delta == 0) {
            return;
        }
        idx[last] += delta;
        for (int k = last; k > 0 && idx[k] >= shape[k]; k--) {
            long carry = idx[k] / shape[k];
            idx[k] -= carry * shape[k];
            idx[k - 1] += carry;
        }
    }

    private void unflatten(long flat, long[] idx) {
        for (int k = nd - 1; k >= 0; k--) {
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
    }
}

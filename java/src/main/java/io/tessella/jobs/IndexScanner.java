package io.tessella.jobs;

import io.tessella.kernel.Kernel;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The hot loops of the index builder over one flat, row-major range of elements: the sentinel test,
 * the kernel calls, and the writes of coordinates and indices into the tile's region of the outputs.
 * Inputs may be any strided float64 views; an odometer walks them in row-major order, so the serial
 * loop's order is the outputs' order within a tile.
 */
final class IndexScanner implements AutoCloseable {
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final int DIRECT_CODES = 64;

    private final Kernel kernel;
    private final double sentinel;
    private final int nd;
    private final long[] shape;
    private final MemorySegment seg1, seg2;
    private final long base1, base2;
    private final long[] strides1, strides2;
    private final long tileCapacity;
    // Scratch memory reused from tile to tile: a fresh multi-megabyte allocation per tile costs an
    // mmap, a page fault per 4 KiB and an munmap, which on a 10^8-element run was most of the time.
    private final Arena scratchArena = Arena.ofShared();
    private final ConcurrentLinkedQueue<Scratch> scratch = new ConcurrentLinkedQueue<>();

    /** One worker's buffers for the batch mode's gathered candidates. */
    private record Scratch(MemorySegment a, MemorySegment b, MemorySegment out, MemorySegment status, MemorySegment flat) {
    }

    IndexScanner(Kernel kernel, double sentinel, NdArray a1, NdArray a2, long tileCapacity) {
        this.tileCapacity = Math.max(tileCapacity, 1);
        this.kernel = kernel;
        this.sentinel = sentinel;
        this.nd = a1.ndim();
        this.shape = a1.shape();
        this.seg1 = a1.segment();
        this.seg2 = a2.segment();
        this.base1 = a1.byteOffset();
        this.base2 = a2.byteOffset();
        this.strides1 = a1.byteStrides();
        this.strides2 = a2.byteStrides();
    }

    private Scratch takeScratch() {
        Scratch s = scratch.poll();
        if (s == null) {
            synchronized (scratchArena) {
                s = new Scratch(scratchArena.allocate(ValueLayout.JAVA_DOUBLE, tileCapacity),
                        scratchArena.allocate(ValueLayout.JAVA_DOUBLE, tileCapacity), scratchArena.allocate(ValueLayout.JAVA_LONG, tileCapacity),
                        scratchArena.allocate(ValueLayout.JAVA_INT, tileCapacity), scratchArena.allocate(ValueLayout.JAVA_LONG, tileCapacity));
            }
        }
        return s;
    }

    /** Frees the scratch buffers; the job is over. */
    @Override
    public void close() {
        scratchArena.close();
    }

    /** Elements in {@code [start, stop)} that pass the sentinel test: the tile's output capacity. */
    long countCandidates(long start, long stop) {
        Walker w = new Walker(start);
        long n = 0;
        for (long f = start; f < stop; f++) {
            if (!(seg1.get(F64, w.o1) <= sentinel)) {
                n++;
            }
            w.advance();
        }
        return n;
    }

    /**
     * The recipe's loop: one kernel call per candidate, outputs written from {@code outPos} on.
     *
     * @param coords one int64 segment per axis; {@code idxs} the index output
     */
    TileOutcome scanElements(long tile, long start, long stop, MemorySegment[] coords, MemorySegment idxs, long outPos) {
        long t0 = System.nanoTime();
        Walker w = new Walker(start);
        long[] direct = new long[DIRECT_CODES];
        Map<Integer, Long> other = new HashMap<>();
        long skipped = 0;
        long pos = outPos;
        // The kernel's out slot is confined to this thread: a downcall argument from a shared arena
        // costs an atomic acquire and release of its session on every call.
        try (Arena confined = Arena.ofConfined(); Kernel.Leased leased = kernel.lease()) {
            MemorySegment slot = confined.allocate(ValueLayout.JAVA_LONG);
            MemorySegment c0 = nd > 0 ? coords[0] : null, c1 = nd > 1 ? coords[1] : null;
            for (long f = start; f < stop; f++) {
                double v1 = seg1.get(F64, w.o1);
                if (v1 <= sentinel) {
                    skipped++;
                } else {
                    int s = leased.slowComputation(seg2.get(F64, w.o2), v1, slot);
                    if (s == 0) {
                        long at = pos * Long.BYTES;
                        if (nd == 2) {
                            // The recipe's 2-d case without the loop over an array of segments.
                            c0.set(I64, at, w.idx[0]);
                            c1.set(I64, at, w.idx[1]);
                        } else {
                            for (int k = 0; k < nd; k++) {
                                coords[k].set(I64, at, w.idx[k]);
                            }
                        }
                        idxs.set(I64, at, slot.get(ValueLayout.JAVA_LONG, 0));
                        pos++;
                    } else {
                        countFailure(direct, other, s);
                    }
                }
                w.advance();
            }
        }
        return outcome(tile, stop - start, skipped, pos - outPos, direct, other, t0);
    }

    /** The same outcome with one batch call: candidates gathered, computed, then scattered in order. */
    TileOutcome scanBatch(long tile, long start, long stop, long candidates, MemorySegment[] coords, MemorySegment idxs, long outPos) {
        long t0 = System.nanoTime();
        long[] direct = new long[DIRECT_CODES];
        Map<Integer, Long> other = new HashMap<>();
        if (candidates > tileCapacity) {
            throw new IllegalStateException("tile " + tile + " has " + candidates + " candidates > tile capacity " + tileCapacity);
        }
        long pos = outPos;
        Scratch sc = takeScratch();
        try {
            MemorySegment a = sc.a(), b = sc.b(), out = sc.out(), status = sc.status(), flat = sc.flat();
            Walker w = new Walker(start);
            long c = 0;
            for (long f = start; f < stop; f++) {
                double v1 = seg1.get(F64, w.o1);
                if (!(v1 <= sentinel)) {
                    if (c == candidates) {
                        throw new IllegalStateException("tile " + tile + " has more candidates than its pre-count " + candidates
                                + ": the input changed during the job");
                    }
                    a.setAtIndex(ValueLayout.JAVA_DOUBLE, c, seg2.get(F64, w.o2));
                    b.setAtIndex(ValueLayout.JAVA_DOUBLE, c, v1);
                    flat.setAtIndex(ValueLayout.JAVA_LONG, c, f);
                    c++;
                }
                w.advance();
            }
            try (Kernel.Leased leased = kernel.lease()) {
                leased.slowComputationBatch(a, b, c, out, status);
            }
            // Candidates come in increasing flat order, so the coordinates follow by small steps of an
            // odometer instead of nd divisions per element.
            long[] idx = new long[nd];
            long at0 = start;
            if (nd > 0 && start < stop) {
                unflatten(start, idx);
            }
            for (long i = 0; i < c; i++) {
                int s = status.getAtIndex(I32, i);
                if (s == 0) {
                    long at = pos * Long.BYTES;
                    long f = flat.getAtIndex(ValueLayout.JAVA_LONG, i);
                    step(idx, f - at0);
                    at0 = f;
                    for (int k = 0; k < nd; k++) {
                        coords[k].set(I64, at, idx[k]);
                    }
                    idxs.set(I64, at, out.getAtIndex(ValueLayout.JAVA_LONG, i));
                    pos++;
                } else {
                    countFailure(direct, other, s);
                }
            }
            return outcome(tile, stop - start, (stop - start) - c, pos - outPos, direct, other, t0);
        } finally {
            scratch.offer(sc);
        }
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

    /** Row-major odometer over the multi-index with both inputs' byte offsets kept in step. */
    private final class Walker {
        final long[] idx = new long[nd];
        long o1, o2;

        Walker(long flat) {
            if (nd > 0 && flat < product()) {
                unflatten(flat, idx);
            }
            o1 = base1;
            o2 = base2;
            for (int k = 0; k < nd; k++) {
                o1 += idx[k] * strides1[k];
                o2 += idx[k] * strides2[k];
            }
        }

        void advance() {
            int k = nd - 1;
            if (k < 0) {
                return;
            }
            idx[k]++;
            o1 += strides1[k];
            o2 += strides2[k];
            while (idx[k] == shape[k] && k > 0) {
                o1 -= strides1[k] * shape[k];
                o2 -= strides2[k] * shape[k];
                idx[k] = 0;
                k--;
                idx[k]++;
                o1 += strides1[k];
                o2 += strides2[k];
            }
        }

        private long product() {
            long p = 1;
            for (long s : shape) {
                p *= s;
            }
            return p;
        }
    }
}

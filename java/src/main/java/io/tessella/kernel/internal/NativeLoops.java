package io.tessella.kernel.internal;

import io.tessella.kernel.BundledLibrary;
import io.tessella.kernel.KernelLinkException;
import io.tessella.kernel.ffi.tessella_loop_h;
import java.lang.foreign.MemorySegment;

/**
 * The index builder's passes around the kernel, in Tessella's own C loops
 * ({@code native/include/tessella_loop.h}, {@code libtessella_loop.so} in the jar), over one tile of
 * C-contiguous inputs: {@link #gather} (the recipe's sentinel test) and {@link #scatter} (the
 * successes' coordinates and indices). In Java they cost about 3 ns per element, a twentieth of the
 * bundled kernel.
 *
 * <p>Internal: public only because {@code io.tessella.jobs} calls it; the module {@code io.tessella}
 * does not export this package, and it may change at any time.
 *
 * <p>The library is {@link BundledLibrary#LOOP}, loaded once for the process, on first use; where it
 * cannot be, {@link #isAvailable()} is false, Tessella's own callers loop in Java (one log line says
 * why), and {@link #gather} and {@link #scatter} throw. Every method checks its segments' sizes before
 * the C code runs, so a bad argument is an exception, never a write out of bounds. Calls go through
 * the jextract bindings ({@code io.tessella.kernel.ffi.tessella_loop_h}), which find their symbols in
 * this library once it is loaded.
 *
 * <pre>{@code
 * if (NativeLoops.isAvailable()) {
 *     int c = NativeLoops.gather(a1, a2, n, -1.0e10, ka, kb, offsets);   // candidates of n elements
 *     // ... the kernel fills out[0, c) and status[0, c) ...
 *     NativeLoops.Scattered s = NativeLoops.scatter(offsets, status, out, c, start, width, rows, cols, ids);
 * }
 * }</pre>
 */
public final class NativeLoops {

    private NativeLoops() {
    }

    /** Whether the bundled loop library can be used here; {@link BundledLibrary#isAvailable()}. Never throws. */
    public static boolean isAvailable() {
        return BundledLibrary.LOOP.isAvailable();
    }

    /** Why the bundled loop library cannot be used here, or {@code null} if it can; {@link BundledLibrary#unavailabilityCause()}. */
    public static KernelLinkException unavailabilityCause() {
        return BundledLibrary.LOOP.unavailabilityCause();
    }

    /**
     * What {@link #scatter} did: how many successes it wrote, and how many failures it moved, in order,
     * to the front of the status array.
     */
    public record Scattered(long emitted, long failed) {
    }

    /**
     * The candidates among {@code n} elements of two C-contiguous float64 runs: every {@code i} with
     * {@code !(a1[i] <= sentinel)} (NaN is a candidate), in order, as {@code ka[c] = a2[i]},
     * {@code kb[c] = a1[i]} (the kernel's argument order) and {@code offsets[c] = i}.
     *
     * @param ka, kb float64 scratch for {@code n} values; {@code offsets} int32 scratch for {@code n}
     * @return the number of candidates {@code c}; slots past it are scratch
     * @throws IllegalArgumentException naming the argument when {@code n} is negative or a segment is
     *         too small or on the Java heap
     * @throws KernelLinkException when the loop library is not available, with the cause and the fix
     */
    public static int gather(MemorySegment a1, MemorySegment a2, int n, double sentinel, MemorySegment ka, MemorySegment kb, MemorySegment offsets) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + " is negative");
        }
        requireRoom("a1", a1, n, Double.BYTES);
        requireRoom("a2", a2, n, Double.BYTES);
        requireRoom("ka", ka, n, Double.BYTES);
        requireRoom("kb", kb, n, Double.BYTES);
        requireRoom("offsets", offsets, n, Integer.BYTES);
        requireLibrary();
        long c = tessella_loop_h.tessella_index_gather(a1, a2, n, sentinel, ka, kb, offsets);
        if (c < 0) {
            throw new IllegalStateException("tessella_index_gather refused " + n + " elements (returned " + c + ")");
        }
        return (int) c;
    }

    /**
     * The successes among {@code c} computed candidates, in order: for each {@code i} with
     * {@code status[i] == 0}, the next of {@code rows}, {@code cols}, {@code ids} gets
     * {@code (start + offsets[i]) / width}, {@code (start + offsets[i]) % width} and {@code out[i]}; for
     * a 1-d array ({@code rows} null) {@code cols} gets the flat position itself. The other statuses
     * move, in order, to the front of {@code status}, for the caller to count by code.
     *
     * @param offsets the candidates' increasing offsets from {@code start}, as {@link #gather} wrote them
     * @param rows null for a 1-d array; else, like {@code cols} and {@code ids}, int64 room for {@code c}
     * @param width the row length, at least 1 when {@code rows} is given
     * @throws IllegalArgumentException naming the argument when {@code c} is negative, {@code width} is
     *         less than 1 with rows, or a segment is too small or on the Java heap
     * @throws KernelLinkException when the loop library is not available, with the cause and the fix
     */
    public static Scattered scatter(MemorySegment offsets, MemorySegment status, MemorySegment out, int c, long start, long width,
            MemorySegment rows, MemorySegment cols, MemorySegment ids) {
        if (c < 0) {
            throw new IllegalArgumentException("c = " + c + " is negative");
        }
        if (rows != null && width < 1) {
            throw new IllegalArgumentException("width = " + width + " is less than 1");
        }
        if (start < 0) {
            throw new IllegalArgumentException("start = " + start + " is negative");
        }
        requireRoom("offsets", offsets, c, Integer.BYTES);
        requireRoom("status", status, c, Integer.BYTES);
        requireRoom("out", out, c, Long.BYTES);
        if (rows != null) {
            requireRoom("rows", rows, c, Long.BYTES);
        }
        requireRoom("cols", cols, c, Long.BYTES);
        requireRoom("ids", ids, c, Long.BYTES);
        requireLibrary();
        long emitted = tessella_loop_h.tessella_index_scatter(offsets, status, out, c, start, width, rows == null ? MemorySegment.NULL : rows,
                cols, ids);
        if (emitted < 0) {
            throw new IllegalStateException("tessella_index_scatter refused " + c + " candidates (returned " + emitted + ")");
        }
        return new Scattered(emitted, c - emitted);
    }

    /** Throws, with the loop library's unavailability cause as its cause, unless the library is bound. */
    private static void requireLibrary() {
        KernelLinkException cause = BundledLibrary.LOOP.unavailabilityCause();
        if (cause != null) {
            throw new KernelLinkException(cause.getMessage(), cause.library(), cause.symbol().orElse(null), cause);
        }
    }

    /** {@code s} is native memory with room for {@code count} values of {@code bytes} bytes: the C loops never write out of bounds. */
    private static void requireRoom(String name, MemorySegment s, long count, int bytes) {
        if (s == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (!s.isNative()) {
            throw new IllegalArgumentException(name + " = " + s + " is on the Java heap; the C loops need native memory");
        }
        if (s.byteSize() < count * bytes) {
            throw new IllegalArgumentException(name + " has " + s.byteSize() + " bytes, fewer than the " + count * bytes + " needed for " + count + " values");
        }
    }
}

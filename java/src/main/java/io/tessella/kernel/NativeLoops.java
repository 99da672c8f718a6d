package io.tessella.kernel;

import io.tessella.kernel.ffi.tessella_loop_h;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tessella's own C loops ({@code native/include/tessella_loop.h}, {@code libtessella_loop.so} in the
 * jar): the plain loops around a kernel that cost more written in Java than in C.
 * <ul>
 * <li>the loop over a library's per-element {@code slow_computation}, which is how
 * {@link NativeKernel#slowComputationBatch} serves a library without {@code slow_computation_batch}:
 * one downcall per batch instead of a downcall, and the loss of overlap between calls, per element;
 * <li>the index builder's passes around the kernel over one tile of C-contiguous inputs:
 * {@link #gather} (the recipe's sentinel test) and {@link #scatter} (the successes' coordinates and
 * indices). In Java they cost about 3 ns per element, a twentieth of the bundled kernel;
 * <li>{@link #zeroUpper()}, which clears the upper halves of the vector registers before a kernel
 * library runs. A kernel built for baseline x86-64 is SSE code, and SSE code runs up to twice as slow
 * after the JVM's AVX-512 code left those halves set: every SSE instruction then waits to merge its
 * register's old value, so independent calls chain together. A standard-linkage downcall clears them
 * on the way out of Java; a critical one does not, so the per-element path calls this first.
 * Tessella's own loops also clear them on entry, whatever linkage they are called with.
 * </ul>
 *
 * <p>Loaded once for the process, on first use ({@link BundledLibrary#LOOP}); where it cannot be,
 * {@link #isAvailable()} is false, Tessella's own callers loop in Java (one log line says why), and
 * {@link #gather} and {@link #scatter} throw. Every method checks its segments' sizes before the C
 * code runs, so a bad argument is an exception, never a write out of bounds. Calls go through the
 * jextract bindings ({@code io.tessella.kernel.ffi.tessella_loop_h}), which find their symbols in
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
    // Every function the generated bindings call, with the address each binding resolves.
    private static final Map<String, Supplier<MemorySegment>> FUNCTIONS = Map.of(
            "tessella_loop_abi_version", tessella_loop_h::tessella_loop_abi_version$address,
            "tessella_zero_upper", tessella_loop_h::tessella_zero_upper$address,
            "tessella_loop_scalar", tessella_loop_h::tessella_loop_scalar$address,
            "tessella_index_gather", tessella_loop_h::tessella_index_gather$address,
            "tessella_index_scatter", tessella_loop_h::tessella_index_scatter$address);

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
     * Clears the upper halves of the vector registers ({@code vzeroupper}) where the CPU has AVX, so the
     * kernel library called next on this thread through a critical downcall runs its SSE code at full
     * speed; does nothing where the loop library is not available. Measured in
     * {@code KernelCallBenchmark} (the {@code *AfterDirtyUpper} methods): the bundled kernel takes twice
     * as long through a critical downcall after code that left the registers dirty.
     */
    public static void zeroUpper() {
        if (BundledLibrary.LOOP.isAvailableOrLogFallback()) {
            try {
                ZeroUpper.CRITICAL.invokeExact();
            } catch (Throwable t) {
                throw Downcalls.rethrow("tessella_zero_upper", t);
            }
        }
    }

    /**
     * Runs {@code kernel} (the address of a {@code slow_computation}) over {@code n} elements with
     * {@code slow_computation_batch}'s outputs; arguments are checked by the caller.
     *
     * @return how many elements succeeded
     */
    static long scalar(MemorySegment kernel, MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
        BundledLibrary.LOOP.require(NativeLibrary.class);
        long ok = tessella_loop_h.tessella_loop_scalar(kernel, a, b, n, out, status);
        if (ok < 0) {
            throw new IllegalStateException("tessella_loop_scalar refused a batch of " + n + " elements (returned " + ok + ")");
        }
        return ok;
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
        KernelChecks.requireRoom("a1", a1, n, Double.BYTES);
        KernelChecks.requireRoom("a2", a2, n, Double.BYTES);
        KernelChecks.requireRoom("ka", ka, n, Double.BYTES);
        KernelChecks.requireRoom("kb", kb, n, Double.BYTES);
        KernelChecks.requireRoom("offsets", offsets, n, Integer.BYTES);
        BundledLibrary.LOOP.require(NativeLibrary.class);
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
        KernelChecks.requireRoom("offsets", offsets, c, Integer.BYTES);
        KernelChecks.requireRoom("status", status, c, Integer.BYTES);
        KernelChecks.requireRoom("out", out, c, Long.BYTES);
        if (rows != null) {
            KernelChecks.requireRoom("rows", rows, c, Long.BYTES);
        }
        KernelChecks.requireRoom("cols", cols, c, Long.BYTES);
        KernelChecks.requireRoom("ids", ids, c, Long.BYTES);
        BundledLibrary.LOOP.require(NativeLibrary.class);
        long emitted = tessella_loop_h.tessella_index_scatter(offsets, status, out, c, start, width, rows == null ? MemorySegment.NULL : rows,
                cols, ids);
        if (emitted < 0) {
            throw new IllegalStateException("tessella_index_scatter refused " + c + " candidates (returned " + emitted + ")");
        }
        return new Scattered(emitted, c - emitted);
    }

    /**
     * Checks the loaded loop library for {@link BundledLibrary#LOOP}. The generated bindings look each
     * function up among all the libraries this class loader has loaded, when it is first used: every
     * function must be in this one (so no lookup fails later) and the bindings must find this one's
     * (not another library's of the same name); then its ABI version must be Tessella's.
     */
    static NativeLibrary bind(NativeLibrary lib) {
        FUNCTIONS.forEach((name, binding) -> {
            MemorySegment own = lib.require(name);
            MemorySegment bound = binding.get();
            if (own.address() != bound.address()) {
                throw new KernelLinkException("the bindings find " + name + " at " + bound + ", not in " + lib.description() + " (at " + own
                        + "): another library loaded by this class loader exports it; do not load a copy of " + System.mapLibraryName("tessella_loop")
                        + " yourself", lib.description(), name, null);
            }
        });
        lib.requireAbiVersion("tessella_loop_abi_version", tessella_loop_h.TESSELLA_LOOP_ABI_VERSION(),
                address -> tessella_loop_h.tessella_loop_abi_version());
        return lib;
    }

    /**
     * {@code tessella_zero_upper} with critical linkage: one instruction, called once per run of
     * per-element calls. (The binding's standard downcall clears the registers on its own way out of
     * Java, and costs more than the instruction it calls.) Initialised on first use, after the library
     * loaded.
     */
    private static final class ZeroUpper {
        static final MethodHandle CRITICAL = Linker.nativeLinker().downcallHandle(tessella_loop_h.tessella_zero_upper$address(),
                tessella_loop_h.tessella_zero_upper$descriptor(), Linker.Option.critical(false));
    }
}

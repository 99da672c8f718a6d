package io.tessella.kernel;

import io.tessella.kernel.ffi.tessella_loop_h;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

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
 * <p>Loaded once for the process, on first use; where the jar has no loop library for this platform,
 * {@link #isAvailable()} is false and callers loop in Java. Every method checks its segments' sizes
 * before the C code runs, so a bad argument is an exception, never a write out of bounds.
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
    // Descriptors written out from the binding's layouts: the binding's own $descriptor() methods would
    // look the symbols up in the class loader's libraries, and this library is bound by address.
    private static final AddressLayout P = tessella_loop_h.C_POINTER;
    private static final ValueLayout.OfLong I64 = tessella_loop_h.C_LONG;
    private static final Linker LINKER = Linker.nativeLinker();
    // Address-taking, static final handles (constants to the JIT), bound to the library's addresses in
    // Holder. Standard linkage: every call is a whole tile of work and must not hold off safepoints.
    private static final MethodHandle SCALAR = LINKER.downcallHandle(FunctionDescriptor.of(I64, P, P, P, I64, P, P));
    private static final MethodHandle GATHER = LINKER.downcallHandle(FunctionDescriptor.of(I64, P, P, I64, tessella_loop_h.C_DOUBLE, P, P, P));
    private static final MethodHandle SCATTER = LINKER.downcallHandle(FunctionDescriptor.of(I64, P, P, P, I64, I64, I64, P, P, P));
    // Critical: one instruction, called once per run of per-element calls. (A standard downcall would
    // clear the registers on its own way out, and cost more than the instruction it calls.)
    private static final MethodHandle ABI = LINKER.downcallHandle(FunctionDescriptor.of(tessella_loop_h.C_INT));
    private static final MethodHandle ZERO_UPPER = LINKER.downcallHandle(FunctionDescriptor.ofVoid(), Linker.Option.critical(false));

    private NativeLoops() {
    }

    /** Whether the bundled loop library loads here. Never throws. */
    public static boolean isAvailable() {
        return Holder.LOADED;
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
        MemorySegment address = Holder.ZERO_UPPER;
        if (address != null) {
            try {
                ZERO_UPPER.invokeExact(address);
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
        long ok;
        try {
            ok = (long) SCALAR.invokeExact(address("tessella_loop_scalar", Holder.SCALAR), kernel, a, b, n, out, status);
        } catch (Throwable t) {
            throw Downcalls.rethrow("tessella_loop_scalar", t);
        }
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
     * @throws IllegalStateException when the loop library is not available
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
        long c;
        try {
            c = (long) GATHER.invokeExact(address("tessella_index_gather", Holder.GATHER), a1, a2, (long) n, sentinel, ka, kb, offsets);
        } catch (Throwable t) {
            throw Downcalls.rethrow("tessella_index_gather", t);
        }
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
     * @throws IllegalStateException when the loop library is not available
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
        long emitted;
        try {
            emitted = (long) SCATTER.invokeExact(address("tessella_index_scatter", Holder.SCATTER), offsets, status, out, (long) c, start, width,
                    (MemorySegment) (rows == null ? MemorySegment.NULL : rows), cols, ids);
        } catch (Throwable t) {
            throw Downcalls.rethrow("tessella_index_scatter", t);
        }
        if (emitted < 0) {
            throw new IllegalStateException("tessella_index_scatter refused " + c + " candidates (returned " + emitted + ")");
        }
        return new Scattered(emitted, c - emitted);
    }

    private static MemorySegment address(String name, MemorySegment address) {
        if (address == null) {
            throw new IllegalStateException(name + ": the bundled loop library is not available on this platform");
        }
        return address;
    }

    private static final class Holder {
        static final boolean LOADED;
        static final MemorySegment SCALAR, GATHER, SCATTER, ZERO_UPPER;

        static {
            MemorySegment scalar = null, gather = null, scatter = null, zeroUpper = null;
            try {
                NativeLibrary lib = NativeLibrary.openBundled("tessella_loop");
                lib.requireAbiVersion("tessella_loop_abi_version", tessella_loop_h.TESSELLA_LOOP_ABI_VERSION(), address -> {
                    try {
                        return (int) ABI.invokeExact(address);
                    } catch (Throwable t) {
                        throw Downcalls.rethrow("tessella_loop_abi_version", t);
                    }
                });
                scalar = lib.require("tessella_loop_scalar");
                gather = lib.require("tessella_index_gather");
                scatter = lib.require("tessella_index_scatter");
                zeroUpper = lib.require("tessella_zero_upper");
            } catch (RuntimeException e) {
                // No loop library for this platform (or it does not load): callers loop in Java.
                scalar = gather = scatter = zeroUpper = null;
            }
            SCALAR = scalar;
            GATHER = gather;
            SCATTER = scatter;
            ZERO_UPPER = zeroUpper;
            LOADED = scalar != null;
        }
    }
}

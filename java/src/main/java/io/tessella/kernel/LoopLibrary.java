package io.tessella.kernel;

import io.tessella.kernel.ffi.tessella_loop_h;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tessella's own C loops ({@code native/include/tessella_loop.h}, {@code libtessella_loop.so} in the
 * jar) as this package uses them: the binding of the library for {@link BundledLibrary#LOOP}, the loop
 * over a library's per-element {@code slow_computation} ({@link #scalar}), and {@link #zeroUpper()}.
 * The index builder's passes over the same library are {@link io.tessella.kernel.internal.NativeLoops}.
 *
 * <ul>
 * <li>{@link #scalar} is how {@link NativeKernel#slowComputationBatch} serves a library without
 * {@code slow_computation_batch}: one downcall per batch instead of a downcall, and the loss of
 * overlap between calls, per element;
 * <li>{@link #zeroUpper()} clears the upper halves of the vector registers before a kernel library
 * runs. A kernel built for baseline x86-64 is SSE code, and SSE code runs up to twice as slow after
 * the JVM's AVX-512 code left those halves set: every SSE instruction then waits to merge its
 * register's old value, so independent calls chain together. A standard-linkage downcall clears them
 * on the way out of Java; a critical one does not, so the per-element path calls this first.
 * Tessella's own loops also clear them on entry, whatever linkage they are called with.
 * </ul>
 */
final class LoopLibrary {
    // Every function the generated bindings call, with the address each binding resolves.
    private static final Map<String, Supplier<MemorySegment>> FUNCTIONS = Map.of(
            "tessella_loop_abi_version", tessella_loop_h::tessella_loop_abi_version$address,
            "tessella_zero_upper", tessella_loop_h::tessella_zero_upper$address,
            "tessella_loop_scalar", tessella_loop_h::tessella_loop_scalar$address,
            "tessella_index_gather", tessella_loop_h::tessella_index_gather$address,
            "tessella_index_scatter", tessella_loop_h::tessella_index_scatter$address);

    private LoopLibrary() {
    }

    /**
     * Clears the upper halves of the vector registers ({@code vzeroupper}) where the CPU has AVX, so the
     * kernel library called next on this thread through a critical downcall runs its SSE code at full
     * speed; does nothing where the loop library is not available. Measured in
     * {@code KernelCallBenchmark} (the {@code *AfterDirtyUpper} methods): the bundled kernel takes twice
     * as long through a critical downcall after code that left the registers dirty.
     */
    static void zeroUpper() {
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

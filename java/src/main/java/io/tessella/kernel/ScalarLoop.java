package io.tessella.kernel;

import io.tessella.kernel.ffi.tessella_loop_h;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Tessella's bundled C loop over a kernel library's per-element {@code slow_computation}
 * ({@code native/include/tessella_loop.h}): how {@link NativeKernel#slowComputationBatch} serves a
 * library that does not export {@code slow_computation_batch}. One downcall per batch, then the plain
 * C loop through a function pointer, so such a library runs at the speed of a C caller instead of
 * paying a downcall, and the loss of overlap between calls, per element.
 *
 * <p>Loaded once for the process, on first use; where the jar has no loop library for this platform,
 * {@link #isAvailable()} is false and callers loop in Java.
 *
 * <pre>{@code
 * if (ScalarLoop.isAvailable()) {
 *     long ok = ScalarLoop.run(scalarAddress, a, b, n, out, status);
 * }
 * }</pre>
 */
final class ScalarLoop {
    private static final FunctionDescriptor RUN_DESC = FunctionDescriptor.of(tessella_loop_h.C_LONG, tessella_loop_h.C_POINTER,
            tessella_loop_h.C_POINTER, tessella_loop_h.C_POINTER, tessella_loop_h.C_LONG, tessella_loop_h.C_POINTER, tessella_loop_h.C_POINTER);
    // Standard linkage: a batch is long work and must not hold off safepoints.
    private static final MethodHandle RUN = Linker.nativeLinker().downcallHandle(RUN_DESC);

    private ScalarLoop() {
    }

    /** Whether the bundled loop library loads here. Never throws. */
    static boolean isAvailable() {
        return Holder.ADDRESS != null;
    }

    /**
     * Runs {@code kernel} (the address of a {@code slow_computation}) over {@code n} elements with
     * {@code slow_computation_batch}'s outputs; arguments are checked by the caller.
     *
     * @return how many elements succeeded
     */
    static long run(MemorySegment kernel, MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
        long ok;
        try {
            ok = (long) RUN.invokeExact(Holder.ADDRESS, kernel, a, b, n, out, status);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("unexpected checked exception from tessella_loop_scalar", t);
        }
        if (ok < 0) {
            throw new IllegalStateException("tessella_loop_scalar refused a batch of " + n + " elements (returned " + ok + ")");
        }
        return ok;
    }

    private static final class Holder {
        static final MemorySegment ADDRESS;

        static {
            MemorySegment address = null;
            try {
                NativeLibrary lib = NativeLibrary.openBundled("tessella_loop");
                lib.requireAbiVersion("tessella_loop_abi_version", tessella_loop_h.TESSELLA_LOOP_ABI_VERSION());
                address = lib.require("tessella_loop_scalar");
            } catch (RuntimeException e) {
                // No loop library for this platform (or it does not load): batches loop in Java.
            }
            ADDRESS = address;
        }
    }
}

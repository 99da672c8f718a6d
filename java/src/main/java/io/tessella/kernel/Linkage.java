package io.tessella.kernel;

/**
 * How a {@link NativeKernel} links its per-element downcall.
 *
 * <pre>{@code
 * NativeKernel k = NativeKernel.open(Path.of("libmykernel.so"), Linkage.STANDARD);
 * }</pre>
 */
public enum Linkage {
    /**
     * An ordinary FFM downcall: the thread leaves the Java state for the call, so the GC and
     * safepoints proceed while it runs. Right for kernels that may block or run long.
     */
    STANDARD,
    /**
     * {@code Linker.Option.critical(false)}: no thread-state transition, which saves a few
     * nanoseconds per call. Only for short calls that never block and never call back into Java:
     * while one runs, that thread holds off safepoints (and so the GC). The default for per-element
     * calls; batch calls always use {@link #STANDARD} because a whole tile is not short.
     *
     * <p>A critical call also leaves the vector registers as the JVM left them, and a kernel built
     * for baseline x86-64 (SSE code) runs up to twice as slow after AVX-512 code left their upper
     * halves set. {@link NativeKernel#slowComputationEach} clears them before its loop; a loop of your
     * own over {@link NativeKernel#slowComputation} does not, so prefer {@code slowComputationEach}, or
     * build the kernel with {@code -mavx} so that it has no SSE code.
     */
    CRITICAL
}

package io.tessella.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A per-element kernel with the Tessella kernel ABI: {@code slow_computation(a, b, &index)} and its
 * batch form. Implemented by {@link NativeKernel} (any shared library exporting the ABI, bound
 * through FFM) and {@link JavaKernel} (the bundled kernels' bit-identical Java twins).
 *
 * <p>Implementations are immutable and safe to call from any number of threads at once.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.best();                         // the bundled C kernel, or its Java twin
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
 *     int status = kernel.slowComputation(2.5, 1.5, out);
 *     if (status == 0) System.out.println(out.get(ValueLayout.JAVA_LONG, 0));
 * }
 * }</pre>
 */
public interface Kernel {

    /**
     * One element: returns {@code 0} and writes the index as an {@code int64} at offset 0 of
     * {@code out}, or returns a non-zero status ({@link KernelStatus}) and leaves {@code out} alone.
     *
     * @param out at least 8 bytes; for a {@link NativeKernel}, native memory (not a heap segment)
     * @throws IllegalArgumentException if {@code out} is smaller than 8 bytes or of the wrong kind
     */
    int slowComputation(double a, double b, MemorySegment out);

    /**
     * {@code n} elements in one call: {@code status[i] = slowComputation(a[i], b[i], &out[i])}, with
     * {@code out[i] = -1} where {@code status[i] != 0}. Arguments are read as contiguous
     * little-endian C arrays ({@code double}, {@code double}, {@code int64}, {@code int32}).
     *
     * @return how many elements succeeded
     * @throws IllegalArgumentException if {@code n} is negative or a segment holds fewer than {@code n} elements
     */
    long slowComputationBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status);

    /**
     * {@code n} per-element calls, in order, over Java arrays: {@code status[i] = slowComputation(a[i],
     * b[i], &out[i])}, with {@code out[i] = -1} where {@code status[i] != 0}; the batch contract, one
     * kernel call per element. This is what the index builder's element mode runs. Java arrays, not
     * segments: a loop of native calls reading and writing segments re-checks each segment (its
     * bounds, its scope, its alignment) after every call, which cannot be hoisted past a call into
     * unknown code; measured here, that tripled the cost of a per-element downcall over a C loop.
     *
     * <pre>{@code
     * double[] a = {2.5, 3.0}, b = {1.5, -1.0};
     * int[] status = new int[2];
     * long[] out = new long[2];
     * long ok = kernel.slowComputationEach(a, b, 2, status, out);
     * }</pre>
     *
     * @return how many elements succeeded
     * @throws IllegalArgumentException if {@code n} is negative or an array holds fewer than {@code n} elements
     */
    default long slowComputationEach(double[] a, double[] b, int n, int[] status, long[] out) {
        KernelChecks.requireEach(a, b, n, status, out);
        long ok = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ValueLayout.JAVA_LONG);
            for (int i = 0; i < n; i++) {
                int s = slowComputation(a[i], b[i], slot);
                status[i] = s;
                out[i] = s == 0 ? slot.get(ValueLayout.JAVA_LONG, 0) : -1;
                ok += s == 0 ? 1 : 0;
            }
        }
        return ok;
    }

    /**
     * Whether {@link #slowComputationBatch} is one call into the kernel ({@code true}) or a loop of
     * per-element calls (a native library without the optional {@code slow_computation_batch} symbol).
     */
    boolean hasBatch();

    /**
     * Whether {@link #slowComputationBatch} runs without a call from Java per element: the kernel's
     * own batch entry point, or, for a native library with only {@code slow_computation}, Tessella's
     * bundled C loop over it. The index builder's automatic mode takes batch calls when this holds.
     */
    default boolean batchIsOneCall() {
        return hasBatch();
    }

    /** Where this kernel comes from, for logs and summaries: a library path or {@code "java:standard"}. */
    String description();

    /**
     * One call, for one-off uses (CLI, tests): the status and the index, as the kernel returned them.
     * Allocates a scratch segment per call: loops should call {@link #slowComputation} with a reused one.
     *
     * <pre>{@code Evaluation e = kernel.evaluate(2.5, 1.5);  // e.status(), e.index()}</pre>
     */
    default Evaluation evaluate(double a, double b) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            out.set(ValueLayout.JAVA_LONG, 0, -1L);
            int status = slowComputation(a, b, out);
            return new Evaluation(status, status == 0 ? out.get(ValueLayout.JAVA_LONG, 0) : -1L);
        }
    }

    /**
     * This kernel for one thread's run of many calls (a tile), released by {@link Leased#close()}.
     * A native kernel opened by path pins its library here once, instead of on every call (a
     * downcall into a library that can be unloaded otherwise pays an atomic acquire and release per
     * call), and the library refuses to close while a lease is out. Use the lease from the thread
     * that took it. The default lease simply forwards to this kernel.
     *
     * <pre>{@code
     * try (Kernel.Leased k = kernel.lease()) {
     *     for (...) status = k.slowComputation(a, b, slot);
     * }
     * }</pre>
     */
    default Leased lease() {
        return new Leased(this, null);
    }

    /**
     * A kernel held for one thread's loop; see {@link Kernel#lease()}. Closing it is idempotent.
     */
    final class Leased implements Kernel, AutoCloseable {
        private final Kernel delegate;
        private Runnable release;

        /** @param release what closing the lease undoes, or {@code null} */
        public Leased(Kernel delegate, Runnable release) {
            this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
            this.release = release;
        }

        @Override
        public int slowComputation(double a, double b, MemorySegment out) {
            return delegate.slowComputation(a, b, out);
        }

        @Override
        public long slowComputationBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
            return delegate.slowComputationBatch(a, b, n, out, status);
        }

        @Override
        public long slowComputationEach(double[] a, double[] b, int n, int[] status, long[] out) {
            return delegate.slowComputationEach(a, b, n, status, out);
        }

        @Override
        public boolean batchIsOneCall() {
            return delegate.batchIsOneCall();
        }

        @Override
        public boolean hasBatch() {
            return delegate.hasBatch();
        }

        @Override
        public String description() {
            return delegate.description();
        }

        @Override
        public Evaluation evaluate(double a, double b) {
            return delegate.evaluate(a, b);
        }

        @Override
        public void close() {
            Runnable r = release;
            release = null;
            if (r != null) {
                r.run();
            }
        }
    }

    /**
     * The bundled native kernel ({@link NativeKernel#bundled()}) where it can be used, else its Java
     * twin ({@link JavaKernel#STANDARD}, identical results), with one log line, once per process,
     * naming why ({@link BundledLibrary#isAvailableOrLogFallback()}).
     *
     * @throws KernelLinkException when {@code -Dtessella.kernel.path} names a library that cannot be
     *         used: the Java twin computes the bundled kernel, not that library's function, so it
     *         cannot stand in for it
     */
    static Kernel best() {
        if (!BundledLibrary.KERNEL.explicitlyNamed() && !BundledLibrary.KERNEL.isAvailableOrLogFallback()) {
            return JavaKernel.STANDARD;
        }
        return NativeKernel.bundled();
    }
}

package io.tessella.kernel;

import io.tessella.kernel.ffi.tessella_fill_f64_fn;
import io.tessella.kernel.ffi.tessella_outer_abi_version_fn;
import io.tessella.kernel.ffi.tessella_outer_f64_fn;
import io.tessella.kernel.ffi.tessella_outer_h;
import io.tessella.kernel.ffi.tessella_outer_i64_fn;
import io.tessella.kernel.ffi.tessella_outer_isa_fn;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The native outer-product library ({@code native/include/tessella_outer.h}): the C ceiling the
 * Vector API paths are measured against, with non-temporal ("streaming") stores on CPUs that have
 * them, and a store-bandwidth baseline ({@link #fill}). Bundled in the jar, or any library with the
 * same ABI swapped in by path, exactly like {@link NativeKernel}.
 *
 * <p>Each call covers a block of rows, so callers run it in parallel over row tiles. Calls use
 * standard linkage: a block of rows is long work and must not hold off safepoints. Thread-safe;
 * {@link #close()} unloads a library opened by path (idempotent) and does nothing for {@link #bundled()}.
 *
 * <pre>{@code
 * NativeOuter c = NativeOuter.bundled();
 * c.outerF64(y, x, m, n, r, n, true);        // r[i, j] = y[i] * x[j], streaming stores
 * }</pre>
 */
public final class NativeOuter implements AutoCloseable {

    /** The outer-product ABI version this build of Tessella speaks. */
    public static final int ABI_VERSION = tessella_outer_h.TESSELLA_OUTER_ABI_VERSION();

    private final NativeLibrary lib;
    private final MemorySegment f64, i64, fill;
    private final String isa;

    private NativeOuter(NativeLibrary lib) {
        this.lib = lib;
        try {
            lib.requireAbiVersion("tessella_outer_abi_version", ABI_VERSION, tessella_outer_abi_version_fn::invoke);
            this.f64 = lib.require("tessella_outer_f64");
            this.i64 = lib.require("tessella_outer_i64");
            this.fill = lib.require("tessella_fill_f64");
            MemorySegment isaAddress = lib.find("tessella_outer_isa");
            // Bounded: a swapped-in library's string is read no further than a short name needs.
            this.isa = isaAddress == null ? "unknown" : tessella_outer_isa_fn.invoke(isaAddress).reinterpret(64).getString(0);
        } catch (RuntimeException e) {
            throw lib.closeAfter(e);
        }
    }

    /**
     * The library bundled in the jar, loaded once for the process ({@link BundledLibrary#OUTER}).
     *
     * @throws KernelLinkException if it cannot be used here: the message says why and the fix, and
     *         its cause is {@link #unavailabilityCause()}
     */
    public static NativeOuter bundled() {
        return BundledLibrary.OUTER.require(NativeOuter.class);
    }

    /** Whether {@link #bundled()} can be used here; {@link BundledLibrary#isAvailable()}. Never throws. */
    public static boolean isAvailable() {
        return BundledLibrary.OUTER.isAvailable();
    }

    /** Why {@link #bundled()} cannot be used here, or {@code null} if it can; {@link BundledLibrary#unavailabilityCause()}. */
    public static KernelLinkException unavailabilityCause() {
        return BundledLibrary.OUTER.unavailabilityCause();
    }

    /** Binds the bundled library once {@link NativeLibraryLoader} has {@code System.load}ed it; for {@link BundledLibrary#OUTER}. */
    static NativeOuter bindBundled(NativeLibrary lib) {
        return new NativeOuter(lib);
    }

    /** Binds any library with the outer-product ABI; {@link #close()} unloads it. */
    public static NativeOuter open(Path library) {
        Objects.requireNonNull(library, "library");
        return new NativeOuter(NativeLibrary.open(library));
    }

    /** Where the library came from. */
    public String library() {
        return lib.description();
    }

    /** The instruction set the streaming stores use on this CPU ({@code avx512f}, {@code avx}, {@code sse2}). */
    public String streamingIsa() {
        return isa;
    }

    /**
     * {@code r[i * rowStride + j] = y[i] * x[j]} for {@code i < m}, {@code j < n}: float64 {@code y}.
     *
     * @param rowStride distance between rows of {@code r}, in elements ({@code >= n})
     * @param streaming non-temporal stores (for outputs larger than the caches) instead of plain ones
     */
    public void outerF64(MemorySegment y, MemorySegment x, long m, long n, MemorySegment r, long rowStride, boolean streaming) {
        outer(false, y, x, m, n, r, rowStride, streaming);
    }

    /** As {@link #outerF64}, with {@code y} as int64 converted to double as Java's {@code (double)} does. */
    public void outerI64(MemorySegment y, MemorySegment x, long m, long n, MemorySegment r, long rowStride, boolean streaming) {
        outer(true, y, x, m, n, r, rowStride, streaming);
    }

    /** {@code r[0 .. count) = value}: the store-bandwidth baseline on the same buffer. */
    public void fill(MemorySegment r, long count, double value, boolean streaming) {
        if (count < 0) {
            throw new IllegalArgumentException("count = " + count + " is negative");
        }
        requireNative("r", r, count);
        lib.ensureOpen();
        check(tessella_fill_f64_fn.invoke(fill, r, count, value, store(streaming)), "tessella_fill_f64");
    }

    private void outer(boolean int64, MemorySegment y, MemorySegment x, long m, long n, MemorySegment r, long rowStride, boolean streaming) {
        if (m < 0) {
            throw new IllegalArgumentException("m = " + m + " is negative");
        }
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + " is negative");
        }
        if (rowStride < n) {
            throw new IllegalArgumentException("rowStride = " + rowStride + " < n = " + n);
        }
        requireNative("y", y, m);
        requireNative("x", x, n);
        requireNative("r", r, m == 0 || n == 0 ? 0 : Math.addExact(Math.multiplyExact(m - 1, rowStride), n));
        lib.ensureOpen();
        if (int64) {
            check(tessella_outer_i64_fn.invoke(i64, y, x, m, n, r, rowStride, store(streaming)), "tessella_outer_i64");
        } else {
            check(tessella_outer_f64_fn.invoke(f64, y, x, m, n, r, rowStride, store(streaming)), "tessella_outer_f64");
        }
    }

    private static int store(boolean streaming) {
        return streaming ? tessella_outer_h.TESSELLA_STORE_STREAMING() : tessella_outer_h.TESSELLA_STORE_PLAIN();
    }

    private void check(int status, String fn) {
        if (status != 0) {
            throw new IllegalStateException(fn + " in " + lib.description() + " returned error " + status
                    + (status == tessella_outer_h.TESSELLA_OUTER_E_ARG() ? " (TESSELLA_OUTER_E_ARG: an argument it refuses)" : ""));
        }
    }

    private static void requireNative(String name, MemorySegment s, long elements) {
        Objects.requireNonNull(s, name);
        if (!s.isNative()) {
            throw new IllegalArgumentException(name + " is a heap segment; the native outer product needs native memory");
        }
        if (s.byteSize() / Double.BYTES < elements) {
            throw new IllegalArgumentException(name + " holds " + s.byteSize() / Double.BYTES + " elements; the call needs " + elements);
        }
    }

    @Override
    public void close() {
        lib.close();
    }

    @Override
    public String toString() {
        return "NativeOuter[" + lib.description() + ", streaming " + isa + "]";
    }
}

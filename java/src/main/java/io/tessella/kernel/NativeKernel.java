package io.tessella.kernel;

import io.tessella.kernel.ffi.tessella_kernel_abi_version_fn;
import io.tessella.kernel.ffi.tessella_kernel_h;
import io.tessella.kernel.ffi.tessella_slow_computation_batch_fn;
import io.tessella.kernel.ffi.tessella_slow_computation_fn;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A kernel library bound through FFM: the bundled {@code libtessella_kernel.so}, or any shared
 * library with the same ABI ({@code native/include/tessella_kernel.h}), swapped in by path.
 *
 * <p>Opening checks the ABI version and the required symbols once; calls then go straight to the
 * function's address through one shared downcall handle, so a swapped-in library is exactly as fast
 * to call as the bundled one. {@code slow_computation_batch} is optional: without it
 * {@link #slowComputationBatch} runs Tessella's bundled C loop over the library's
 * {@code slow_computation} (one downcall per batch, see {@code native/include/tessella_loop.h}), or
 * where that loop is not bundled for the platform, a Java loop of per-element calls;
 * {@link #hasBatch()} and {@link #batchPath()} say which.
 *
 * <p>Thread-safe: any number of threads may call one kernel at once. From virtual threads, note that
 * a downcall pins the virtual thread to its carrier for the call; for CPU-bound kernels that is what
 * you want. Libraries opened with {@link #open} are unloaded by {@link #close()} (idempotent; calls
 * after it fail with {@link IllegalStateException}); the process-wide {@link #bundled()} kernel is
 * never unloaded and its {@code close()} does nothing.
 *
 * <pre>{@code
 * try (NativeKernel heavy = NativeKernel.open(Path.of("/opt/kernels/libheavy.so"))) {
 *     Evaluation r = heavy.evaluate(2.5, 1.5);  // status and index
 * }
 * NativeKernel k = NativeKernel.bundled();      // extracted from the jar, or -Dtessella.kernel.path
 * }</pre>
 */
public final class NativeKernel implements Kernel, AutoCloseable {

    /** The ABI version this build of Tessella speaks. */
    public static final int ABI_VERSION = tessella_kernel_h.TESSELLA_KERNEL_ABI_VERSION();

    static final String ABI_SYMBOL = "tessella_kernel_abi_version";
    static final String SCALAR_SYMBOL = "slow_computation";
    static final String BATCH_SYMBOL = "slow_computation_batch";

    // Every call goes to an address (the bundled library's, or a swapped-in one's) with the signature
    // of a tessella_kernel.h typedef: the typedefs' generated classes carry the descriptors without
    // resolving any symbol, and their invoke() is an address-taking standard-linkage downcall. The
    // critical forms are linked here from the same descriptors. Static finals are constants to the
    // JIT, so a call inlines to the native stub whatever library the address belongs to.
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SCALAR_CRITICAL = LINKER.downcallHandle(tessella_slow_computation_fn.descriptor(),
            Linker.Option.critical(false));
    // The per-element loop's form: the out pointer passed as a plain address (a C pointer is a 64-bit
    // integer on every 64-bit ABI), so no segment is checked or built per call.
    private static final MethodHandle SCALAR_CRITICAL_RAW = LINKER.downcallHandle(
            outAsAddress(tessella_slow_computation_fn.descriptor()), Linker.Option.critical(false));

    // Kernels made by withLinkage share the library, and so its lifetime, with their base.
    private final NativeLibrary lib;
    private final boolean ownsLibrary;
    private final MemorySegment scalarAddress;
    private final MemorySegment batchAddress;
    private final boolean critical;
    private final int abiVersion;

    private NativeKernel(NativeLibrary lib, Linkage linkage) {
        this.lib = lib;
        this.ownsLibrary = true;
        this.critical = linkage == Linkage.CRITICAL;
        try {
            this.abiVersion = lib.requireAbiVersion(ABI_SYMBOL, ABI_VERSION, tessella_kernel_abi_version_fn::invoke);
            this.scalarAddress = lib.require(SCALAR_SYMBOL);
        } catch (RuntimeException e) {
            throw lib.closeAfter(e);
        }
        this.batchAddress = lib.find(BATCH_SYMBOL);
    }

    /**
     * The process-wide default kernel: {@code -Dtessella.kernel.path=/path/lib.so} when set, else
     * the library bundled in the jar for this platform (extracted to a private directory, loaded,
     * and deleted), else {@code tessella_kernel} on {@code java.library.path}. Loaded once
     * ({@link BundledLibrary#KERNEL}); use {@link Kernel#best()} for the Java twin where it does not load.
     *
     * @throws KernelLinkException if it cannot be used here: the message says why and the fix, and
     *         its cause is {@link #unavailabilityCause()}
     */
    public static NativeKernel bundled() {
        return BundledLibrary.KERNEL.require(NativeKernel.class);
    }

    /** Whether {@link #bundled()} can be used here; {@link BundledLibrary#isAvailable()}. Never throws. */
    public static boolean isAvailable() {
        return BundledLibrary.KERNEL.isAvailable();
    }

    /** Why {@link #bundled()} cannot be used here, or {@code null} if it can; {@link BundledLibrary#unavailabilityCause()}. */
    public static KernelLinkException unavailabilityCause() {
        return BundledLibrary.KERNEL.unavailabilityCause();
    }

    /** Binds any library with the Tessella kernel ABI, with {@link Linkage#CRITICAL} per-element calls. */
    public static NativeKernel open(Path library) {
        return open(library, Linkage.CRITICAL);
    }

    /**
     * Binds any library with the Tessella kernel ABI: kernel swapping. The library stays loaded until
     * {@link #close()}.
     *
     * @throws KernelLinkException if the file is missing or not a loadable library, lacks
     *         {@code tessella_kernel_abi_version} or {@code slow_computation}, or has another ABI version
     */
    public static NativeKernel open(Path library, Linkage linkage) {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(linkage, "linkage");
        return new NativeKernel(NativeLibrary.open(library), linkage);
    }

    /**
     * Extracts another library bundled in the jar ({@code "tessella_kernel_heavy"}, say) and binds
     * it like {@link #open}; the extracted file is deleted once loaded.
     */
    public static NativeKernel openBundled(String name, Linkage linkage) {
        Objects.requireNonNull(linkage, "linkage");
        return new NativeKernel(NativeLibrary.openBundled(name), linkage);
    }

    /** Binds the default library once {@link NativeLibraryLoader} has {@code System.load}ed it; for {@link BundledLibrary#KERNEL}. */
    static NativeKernel bindDefault(NativeLibrary lib) {
        return new NativeKernel(lib, Linkage.CRITICAL);
    }

    /** The same library bound with another per-element linkage (for measuring both). */
    public NativeKernel withLinkage(Linkage linkage) {
        ensureOpen();
        if ((linkage == Linkage.CRITICAL) == critical) {
            return this;
        }
        return new NativeKernel(this, linkage == Linkage.CRITICAL);
    }

    private NativeKernel(NativeKernel base, boolean critical) {
        this(base, critical, base.scalarAddress, base.batchAddress);
    }

    private NativeKernel(NativeKernel base, boolean critical, MemorySegment scalarAddress, MemorySegment batchAddress) {
        this.lib = base.lib;
        this.ownsLibrary = false;
        this.scalarAddress = scalarAddress;
        this.batchAddress = batchAddress;
        this.abiVersion = base.abiVersion;
        this.critical = critical;
    }

    /**
     * For a library opened by path: pins it for the calling thread's loop and hands out its function
     * addresses in a confined scope, so each downcall checks a thread-confined scope instead of
     * acquiring the library's shared one (about 11 ns per call saved here). For the process-wide
     * {@link #bundled()} library there is nothing to pin.
     */
    @Override
    public Leased lease() {
        if (!lib.ownsLifetime()) {
            return new Leased(this, null);
        }
        lib.lease();
        Arena confined = Arena.ofConfined();
        try {
            NativeKernel view = new NativeKernel(this, critical, scalarAddress.reinterpret(confined, null),
                    batchAddress == null ? null : batchAddress.reinterpret(confined, null));
            return new Leased(view, () -> {
                confined.close();
                lib.unlease();
            });
        } catch (RuntimeException e) {
            confined.close();
            lib.unlease();
            throw e;
        }
    }

    @Override
    public int slowComputation(double a, double b, MemorySegment out) {
        if (out.byteSize() < Long.BYTES) {
            KernelChecks.requireOut(out);
        }
        if (lib.isClosed()) {
            lib.ensureOpen();
        }
        if (!critical) {
            return tessella_slow_computation_fn.invoke(scalarAddress, a, b, out);
        }
        try {
            return (int) SCALAR_CRITICAL.invokeExact(scalarAddress, a, b, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow("a kernel downcall", t);
        }
    }

    @Override
    public long slowComputationBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
        KernelChecks.requireBatch(a, b, n, out, status, true);
        ensureOpen();
        if (batchAddress == null) {
            return BundledLibrary.LOOP.isAvailableOrLogFallback() ? LoopLibrary.scalar(scalarAddress, a, b, n, out, status)
                    : loopBatch(a, b, n, out, status);
        }
        long ok = tessella_slow_computation_batch_fn.invoke(batchAddress, a, b, n, out, status);
        if (ok < 0) {
            throw new IllegalStateException("kernel library " + lib.description() + " rejected a batch of " + n + " elements (returned " + ok + ")");
        }
        return ok;
    }

    /**
     * The per-element loop at its tightest, with {@link Linkage#CRITICAL}: the kernel writes each index
     * to one native slot passed by plain address, and the loop touches no other segment, so it costs
     * about 2.3 to 3.0 ns per element over a C loop here (KernelCallBenchmark), once the vector registers'
     * upper halves are clear ({@link LoopLibrary#zeroUpper()}). (Slicing the heap array
     * {@code out} for each call measured as fast alone, but where other code slices native segments,
     * as the index builder does, the shared profile of {@code asSlice} turned each slice into an
     * allocation and a virtual call.)
     */
    @Override
    public long slowComputationEach(double[] a, double[] b, int n, int[] status, long[] out) {
        if (!critical) {
            return Kernel.super.slowComputationEach(a, b, n, status, out);
        }
        KernelChecks.requireEach(a, b, n, status, out);
        // Pinned for the loop, the library cannot be unloaded under it, so the function's address can
        // go unscoped: a scoped one is checked on every call, and one of a shared scope (a library opened
        // by path) costs an atomic acquire and release per call, which also stops calls overlapping.
        boolean pin = lib.ownsLifetime();
        if (pin) {
            lib.lease();
        } else {
            ensureOpen();
        }
        MemorySegment fn = MemorySegment.ofAddress(scalarAddress.address());
        long ok = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ValueLayout.JAVA_LONG);
            long slotAddress = slot.address();
            // A critical downcall, unlike a standard one, leaves the vector registers as the JVM left
            // them, and after AVX-512 code (the allocation above, once C2 compiles it, is enough) an SSE
            // kernel measured +5 ns per element here, twice as slow at worst (LoopLibrary.zeroUpper).
            // So clear them last before the loop; the loop itself runs only VEX scalar instructions,
            // which keep them clear.
            LoopLibrary.zeroUpper();
            for (int i = 0; i < n; i++) {
                int s = (int) SCALAR_CRITICAL_RAW.invokeExact(fn, a[i], b[i], slotAddress);
                long written = slot.get(ValueLayout.JAVA_LONG, 0);
                status[i] = s;
                // Branch-free by arithmetic, as a C loop is (C2 compiles the ternaries to a branch): a
                // mispredicted branch, on every failed element, throws away the next call's work the
                // CPU had already started. failed is -1 when s != 0, else 0.
                long failed = (s | -s) >> 31;
                out[i] = written | failed;
                ok += 1 + failed;
            }
        } catch (Throwable t) {
            throw Downcalls.rethrow("a kernel downcall", t);
        } finally {
            if (pin) {
                lib.unlease();
            }
        }
        return ok;
    }

    private long loopBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
        long ok = 0;
        for (long i = 0; i < n; i++) {
            MemorySegment slot = out.asSlice(i * Long.BYTES, Long.BYTES);
            int s = slowComputation(a.getAtIndex(ValueLayout.JAVA_DOUBLE, i),
                    b.getAtIndex(ValueLayout.JAVA_DOUBLE, i), slot);
            status.setAtIndex(ValueLayout.JAVA_INT, i, s);
            if (s != 0) {
                slot.set(ValueLayout.JAVA_LONG, 0, -1L);
            } else {
                ok++;
            }
        }
        return ok;
    }

    /** Whether the library exports {@code slow_computation_batch}. */
    @Override
    public boolean hasBatch() {
        return batchAddress != null;
    }

    @Override
    public boolean batchIsOneCall() {
        return batchAddress != null || BundledLibrary.LOOP.isAvailable();
    }

    /**
     * What {@link #slowComputationBatch} calls: {@code "slow_computation_batch"} (the library's own),
     * {@code "tessella_loop_scalar"} (Tessella's bundled C loop over the library's
     * {@code slow_computation}), or {@code "java loop"} (per-element downcalls, where the loop library
     * is not bundled for this platform).
     */
    public String batchPath() {
        return batchAddress != null ? BATCH_SYMBOL : BundledLibrary.LOOP.isAvailable() ? "tessella_loop_scalar" : "java loop";
    }

    /** The library's path, or how the default library was found. */
    public String library() {
        return lib.description();
    }

    /** The ABI version the library reported. */
    public int abiVersion() {
        return abiVersion;
    }

    /** How per-element calls are linked. */
    public Linkage linkage() {
        return critical ? Linkage.CRITICAL : Linkage.STANDARD;
    }

    @Override
    public String description() {
        return lib.description();
    }

    /**
     * Unloads a library bound with {@link #open}; idempotent. Does nothing for {@link #bundled()} and
     * for kernels made by {@link #withLinkage} (their base owns the library).
     *
     * @throws IllegalStateException if another thread is inside a call to this library right now
     */
    @Override
    public void close() {
        if (ownsLibrary) {
            lib.close();
        }
    }

    private void ensureOpen() {
        lib.ensureOpen();
    }

    /** {@code descriptor} with its third argument, a pointer, passed as a 64-bit integer instead. */
    private static FunctionDescriptor outAsAddress(FunctionDescriptor descriptor) {
        MemoryLayout[] args = descriptor.argumentLayouts().toArray(MemoryLayout[]::new);
        args[2] = ValueLayout.JAVA_LONG;
        return FunctionDescriptor.of(descriptor.returnLayout().orElseThrow(), args);
    }

    @Override
    public String toString() {
        return "NativeKernel[" + lib.description() + ", abi " + abiVersion + ", batch via " + batchPath() + ", " + linkage() + "]";
    }
}

package io.tessella.kernel;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The native libraries bundled in Tessella's jar, with one contract, in the Netty / zstd-jni
 * tradition, for whether each can be used here: {@link #isAvailable()} and
 * {@link #unavailabilityCause()}.
 *
 * <p>Each library is loaded at most once per process, by the first call that needs it or asks
 * about it (never by a static initialiser): extracted from the jar into a fresh owner-only
 * directory under {@code -Dtessella.native.workdir} (default {@code java.io.tmpdir}),
 * {@code System.load}ed and deleted, else looked for on {@code java.library.path}; then its ABI
 * version and symbols are checked. That first attempt's result is kept for the life of the process:
 * the library, or the cause, a {@link KernelLinkException} whose message says what failed and what
 * to do about it, with every failed attempt attached as a suppressed exception. It is never retried
 * and never swallowed.
 *
 * <p>Paths that have a fallback take it when a library is unavailable, with one WARNING log line
 * per library and process (logger {@code io.tessella.kernel}) naming the cause:
 * {@link Kernel#best()} uses {@link JavaKernel#STANDARD}; the index builder's passes and the batches
 * of a kernel library without {@code slow_computation_batch} run in Java. The results are the same
 * either way. Paths that cannot fall back ({@link NativeKernel#bundled()}, {@link NativeOuter#bundled()}
 * and so {@code OuterImpl.NATIVE}, and the index builder's C passes when called directly) throw a
 * {@link KernelLinkException} whose message is the cause's.
 *
 * <p>Thread-safe. Libraries opened by path ({@link NativeKernel#open}, {@link NativeOuter#open}) do
 * not depend on these and work whether or not they are available.
 *
 * <pre>{@code
 * for (BundledLibrary lib : BundledLibrary.values()) {
 *     System.out.println(lib.libraryName() + ": " + (lib.isAvailable()
 *             ? lib.origin().orElseThrow() : "unavailable: " + lib.unavailabilityCause().getMessage()));
 * }
 * }</pre>
 */
public enum BundledLibrary {
    /**
     * {@code libtessella_kernel}, the bundled kernel: {@link NativeKernel#bundled()}, or the library
     * {@code -Dtessella.kernel.path} names instead.
     */
    KERNEL("tessella_kernel", NativeLibraryLoader.PATH_PROPERTY, NativeKernel::bindDefault,
            "Kernel.best() uses the Java kernel (JavaKernel.STANDARD), which gives identical results"),
    /** {@code libtessella_outer}, the C outer product: {@link NativeOuter#bundled()}, {@code OuterImpl.NATIVE}. */
    OUTER("tessella_outer", null, NativeOuter::bindBundled,
            "outer products run on the Java implementations, which give identical results"),
    /**
     * {@code libtessella_loop}, Tessella's own C loops: the index builder's
     * passes, the loop over a kernel library without {@code slow_computation_batch}, and the clearing
     * of the vector registers before per-element kernel calls.
     */
    LOOP("tessella_loop", null, LoopLibrary::bind,
            "Tessella's C loops run in Java instead (the index builder's sentinel test and coordinate writes, the batches "
                    + "of kernel libraries without slow_computation_batch), which give identical results, and per-element "
                    + "kernel calls run without clearing the vector registers first");

    private static final System.Logger LOG = System.getLogger("io.tessella.kernel");

    private final String libraryName;
    private final String pathProperty;
    private final Function<NativeLibrary, ?> bind;
    private final String fallback;
    private final Object lock = new Object();
    private final AtomicBoolean fallbackLogged = new AtomicBoolean();
    private volatile Attempt attempt;

    BundledLibrary(String libraryName, String pathProperty, Function<NativeLibrary, ?> bind, String fallback) {
        this.libraryName = libraryName;
        this.pathProperty = pathProperty;
        this.bind = bind;
        this.fallback = fallback;
    }

    /** The library's name without prefix or suffix, as {@code System.mapLibraryName} takes it: {@code "tessella_kernel"}. */
    public String libraryName() {
        return libraryName;
    }

    /** Whether the library is loaded and bound; loads it on the first call. Never throws. */
    public boolean isAvailable() {
        return attempt().cause() == null;
    }

    /**
     * Why the library cannot be used, or {@code null} if it can: the message names what failed and the
     * fix (a property to set, a directory that allows executable mappings, a platform Tessella has no
     * build for ...); each failed attempt is a suppressed exception. The same instance every time.
     * Loads the library on the first call. Never throws.
     */
    public KernelLinkException unavailabilityCause() {
        return attempt().cause();
    }

    /** Where the library was loaded from (the jar, {@code java.library.path} or a property), if it was. */
    public Optional<String> origin() {
        return Optional.ofNullable(attempt().origin());
    }

    /**
     * For code that has a fallback: whether to use the library. When it is unavailable this returns
     * {@code false} and logs, once per process, one WARNING line naming the cause and what Tessella
     * does instead; the caller then takes its fallback.
     */
    public boolean isAvailableOrLogFallback() {
        KernelLinkException cause = attempt().cause();
        if (cause == null) {
            return true;
        }
        if (fallbackLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, fallback + " (" + cause.getMessage() + ")");
        }
        return false;
    }

    /** Whether a property named the library's file ({@code -Dtessella.kernel.path}): then nothing may stand in for it. */
    boolean explicitlyNamed() {
        return attempt().explicit();
    }

    /**
     * The bound library (a {@link NativeKernel}, a {@link NativeOuter}, the loop library's
     * {@link NativeLibrary}), for the paths that cannot fall back.
     *
     * @throws KernelLinkException with the cause's message, and the cause as its cause
     */
    <T> T require(Class<T> type) {
        Attempt a = attempt();
        KernelLinkException cause = a.cause();
        if (cause != null) {
            throw new KernelLinkException(cause.getMessage(), cause.library(), cause.symbol().orElse(null), cause);
        }
        return type.cast(a.bound());
    }

    private Attempt attempt() {
        Attempt a = attempt;
        if (a == null) {
            synchronized (lock) {
                a = attempt;
                if (a == null) {
                    NativeLibraryLoader.Config config = NativeLibraryLoader.Config.fromSystemProperties(libraryName, pathProperty);
                    a = attempt(libraryName, () -> NativeLibraryLoader.load(config), bind, config.explicitPath() != null);
                    attempt = a;
                }
            }
        }
        return a;
    }

    /**
     * One attempt to load and bind a library: every failure, expected or not, becomes the attempt's
     * cause; nothing is thrown.
     *
     * @param load     {@code System.load}s the library
     * @param bind     checks the loaded library and makes the object its users call
     * @param explicit whether a property named the library's file
     */
    static Attempt attempt(String libraryName, Supplier<NativeLibraryLoader.Loaded> load, Function<NativeLibrary, ?> bind, boolean explicit) {
        String file = System.mapLibraryName(libraryName);
        NativeLibraryLoader.Loaded loaded;
        try {
            loaded = load.get();
        } catch (KernelLinkException e) {
            return Attempt.failed(e, explicit);
        } catch (RuntimeException | LinkageError e) {
            return Attempt.failed(new KernelLinkException(file + " is unavailable: loading it failed (" + e + ")", file, null, e), explicit);
        }
        String origin = loaded.origin();
        try {
            return new Attempt(Objects.requireNonNull(bind.apply(NativeLibrary.loaded(loaded)), "bound library"), origin, null, explicit);
        } catch (RuntimeException | LinkageError e) {
            String symbol = e instanceof KernelLinkException k ? k.symbol().orElse(null) : null;
            String fix = explicit ? "point -D" + NativeLibraryLoader.PATH_PROPERTY + " at a library built for this version of Tessella"
                    : "remove it, or rebuild it from this version of Tessella's native/ sources";
            return Attempt.failed(new KernelLinkException(file + " was loaded from " + origin + " but cannot be used: "
                    + (e instanceof KernelLinkException ? e.getMessage() : e.toString()) + "; " + fix, origin, symbol, e), explicit);
        }
    }

    /**
     * The result of the first attempt to load a library.
     *
     * @param bound    what its users call, or null when it failed
     * @param origin   where it came from, or null when it failed
     * @param cause    why it cannot be used, or null when it can
     * @param explicit whether a property named the library's file
     */
    record Attempt(Object bound, String origin, KernelLinkException cause, boolean explicit) {
        static Attempt failed(KernelLinkException cause, boolean explicit) {
            return new Attempt(null, null, cause, explicit);
        }
    }
}

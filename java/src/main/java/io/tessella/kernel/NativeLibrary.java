package io.tessella.kernel;

import io.tessella.os.ResourceLedger;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * One opened native library: its symbols and its lifetime. The single place where Tessella opens a
 * library by path or from the jar, checks required symbols and the ABI version, and unloads it;
 * {@link NativeKernel} and {@link NativeOuter} are typed views over one of these.
 */
final class NativeLibrary implements AutoCloseable {
    private final String description;
    private final Arena arena;      // null: loaded with System.load for the life of the process
    private final SymbolLookup lookup;
    private volatile boolean closed;
    private int leases;     // guarded by this

    /** Registered while a library opened by path is loaded; null for libraries loaded for the process's life. */
    private final ResourceLedger.Entry ledger;

    private NativeLibrary(String description, Arena arena, SymbolLookup lookup, boolean tracked) {
        this.description = description;
        this.arena = arena;
        this.lookup = lookup;
        this.ledger = tracked ? ResourceLedger.register("library", description, 0) : null;
    }

    /** A library {@code System.load}ed by {@link NativeLibraryLoader}; never unloaded. */
    static NativeLibrary loaded(NativeLibraryLoader.Loaded loaded) {
        return new NativeLibrary(loaded.origin(), null, loaded.symbols(), false);
    }

    /** Opens {@code path} in a shared arena of its own; {@link #close()} unloads it. */
    static NativeLibrary open(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new KernelLinkException("kernel library " + abs + " does not exist or is not a regular file", abs.toString(), null, null);
        }
        Arena arena = Arena.ofShared();
        try {
            return new NativeLibrary(abs.toString(), arena, SymbolLookup.libraryLookup(abs, arena), true);
        } catch (IllegalArgumentException e) {
            arena.close();
            throw new KernelLinkException("kernel library " + abs + " cannot be loaded as a shared library (" + e.getMessage()
                    + "); is it built for " + NativeLibraryLoader.platform() + "?", abs.toString(), null, e);
        }
    }

    /** Extracts a library bundled in the jar, opens it, and deletes the extracted file. */
    static NativeLibrary openBundled(String name) {
        Path dir = NativeLibraryLoader.createPrivateDirectory(NativeLibraryLoader.workDirectory());
        try {
            Path file = NativeLibraryLoader.extract(NativeLibraryLoader.resourceFor(NativeLibraryLoader.platform(), name), dir);
            NativeLibrary lib = open(file);
            // Bundled libraries serve the whole process (they sit in holders): not a resource anyone releases.
            lib.ledger.close();
            return new NativeLibrary("bundled " + NativeLibraryLoader.resourceFor(NativeLibraryLoader.platform(), name)
                    + " (extracted to " + file + ", deleted after loading)", lib.arena, lib.lookup, false);
        } finally {
            NativeLibraryLoader.deleteTree(dir);
        }
    }

    /** The address of a symbol the ABI requires. */
    MemorySegment require(String symbol) {
        Optional<MemorySegment> address = lookup.find(symbol);
        if (address.isEmpty()) {
            throw new KernelLinkException("kernel library " + description + " does not export required symbol '" + symbol
                    + "' (unresolved symbol: " + symbol + ")", description, symbol, null);
        }
        return address.get();
    }

    /** The address of an optional symbol, or {@code null}. */
    MemorySegment find(String symbol) {
        return lookup.find(symbol).orElse(null);
    }

    /**
     * Refuses the library unless {@code call}, given the address of {@code symbol} (an
     * {@code int32_t (void)} function), returns {@code expected}.
     */
    int requireAbiVersion(String symbol, int expected, ToIntFunction<MemorySegment> call) {
        int version = call.applyAsInt(require(symbol));
        if (version != expected) {
            throw new KernelLinkException("kernel library " + description + " reports ABI version " + version + " from " + symbol
                    + "(); Tessella speaks version " + expected, description, symbol, null);
        }
        return version;
    }

    String description() {
        return description;
    }

    boolean ownsLifetime() {
        return arena != null;
    }

    boolean isClosed() {
        return closed;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("kernel library " + description + " was closed");
        }
    }

    /** Closes the input's arena in the caller when the constructor of a view over it fails. */
    RuntimeException closeAfter(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** Pins the library for a loop: it cannot be closed until {@link #unlease()}. */
    synchronized void lease() {
        ensureOpen();
        leases++;
    }

    synchronized void unlease() {
        leases--;
    }

    /**
     * Unloads the library; idempotent; a no-op for libraries loaded for the life of the process.
     *
     * @throws IllegalStateException while a loop holds a lease on it (its code must stay mapped)
     */
    @Override
    public void close() {
        if (arena == null || closed) {
            return;
        }
        synchronized (this) {
            if (leases > 0) {
                throw new IllegalStateException("kernel library " + description + " is in use by " + leases
                        + " running loop(s); close it when they finish");
            }
            if (!closed) {
                arena.close();
                closed = true;
                if (ledger != null) {
                    ledger.close();
                }
            }
        }
    }
}

package io.tessella.bench;

import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * Loads the native libraries that ride in the benchmark jar only ({@code native/<platform>/lib*.so},
 * built by CMake): the plain C loops every Tessella path is measured against, and bench-only kernels
 * such as the 100 ns one.
 *
 * <pre>{@code
 * SymbolLookup cloop = BenchLibraries.lookup("tessella_cloop", arena);
 * }</pre>
 */
public final class BenchLibraries {
    private BenchLibraries() {
    }

    /** Extracts the library into a private temporary directory and opens it in {@code arena}. */
    public static SymbolLookup lookup(String name, Arena arena) {
        return loaded(name, file -> SymbolLookup.libraryLookup(file, arena));
    }

    /**
     * Extracts a kernel library (one with the kernel ABI) and opens it as a {@link NativeKernel}; the
     * file is removed once loaded, or when loading fails.
     */
    public static NativeKernel openKernel(String name, Linkage linkage) {
        return loaded(name, file -> NativeKernel.open(file, linkage));
    }

    /** Extracts the library, loads it with {@code load}, and removes the file whether that worked or not. */
    private static <T> T loaded(String name, Function<Path, T> load) {
        Path file = extract(name);
        try {
            return load.apply(file);
        } finally {
            delete(file);
        }
    }

    /** Extracts the library into a private temporary directory; {@link #delete} it once it is loaded. */
    private static Path extract(String name) {
        String resource = "native/linux-" + arch() + "/" + System.mapLibraryName(name);
        try (InputStream in = BenchLibraries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the benchmark jar has no " + resource + ": build it with 'mvn -B package' from the top level");
            }
            Path dir = Files.createTempDirectory("tessella-bench-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve(System.mapLibraryName(name));
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes an extracted library and its directory; a loaded library stays mapped. */
    private static void delete(Path file) {
        try {
            Files.delete(file);
            Files.delete(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") || a.equals("x86_64") ? "x86_64" : a;
    }
}

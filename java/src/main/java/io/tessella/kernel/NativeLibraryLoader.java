package io.tessella.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds and {@code System.load}s one of the libraries bundled in the jar, in the Netty / zstd-jni
 * tradition: an explicit path wins (for the kernel: {@code -Dtessella.kernel.path}); otherwise the
 * library under {@code native/<os>-<arch>/} in the jar is extracted into a fresh owner-only directory
 * with an unpredictable name (a predictable path under /tmp would let another local user plant a
 * library), loaded, and deleted; otherwise {@code java.library.path} is tried. Every failed attempt is
 * kept as a suppressed exception, and every message ends with what to do about it.
 * {@link BundledLibrary} calls this once per library and keeps the result.
 */
final class NativeLibraryLoader {

    /** Overrides the default kernel library: {@code -Dtessella.kernel.path=/path/lib.so}. */
    static final String PATH_PROPERTY = "tessella.kernel.path";
    /** Where bundled libraries are extracted: {@code -Dtessella.native.workdir=DIR} (default: java.io.tmpdir). */
    static final String WORKDIR_PROPERTY = "tessella.native.workdir";

    /**
     * The platforms whose libraries Tessella's jar holds, as {@link #platform()} names them. The build
     * cross-compiles the one it does not run on (CMakeLists.txt); {@code BundledPlatformsTest} checks
     * the jar's folders against this list.
     */
    static final List<String> BUNDLED_PLATFORMS = List.of("linux-x86_64", "linux-aarch64");

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final System.Logger LOG = System.getLogger("io.tessella.kernel");

    private NativeLibraryLoader() {
    }

    /**
     * What to try; a record so tests can ask for a platform that has no bundled library.
     *
     * @param libraryName  the name {@code System.mapLibraryName} takes: {@code "tessella_kernel"}
     * @param pathProperty the property that may name the library's file instead, or null
     * @param explicitPath that property's value, or null
     */
    record Config(String libraryName, String pathProperty, String explicitPath, Path workDir, String platform) {
        static Config fromSystemProperties(String libraryName, String pathProperty) {
            String explicit = pathProperty == null ? null : System.getProperty(pathProperty);
            return new Config(libraryName, pathProperty, explicit == null || explicit.isBlank() ? null : explicit, workDirectory(),
                    NativeLibraryLoader.platform());
        }

        String file() {
            return System.mapLibraryName(libraryName);
        }
    }

    /**
     * A library {@code System.load}ed for the life of the process: where it came from, and a lookup of
     * its own symbols (opened on its file before the file was deleted), so that another library in the
     * class loader exporting the same names cannot stand in for it.
     */
    record Loaded(String origin, SymbolLookup symbols) {
    }

    /**
     * Loads the library with {@code System.load}.
     *
     * @throws KernelLinkException saying what was tried and the fix, with each failure suppressed on it
     */
    static Loaded load(Config config) {
        if (config.explicitPath() != null) {
            // An explicit choice never falls back silently: the user would not know which library ran.
            Path path = Path.of(config.explicitPath()).toAbsolutePath().normalize();
            try {
                if (!Files.isRegularFile(path)) {
                    throw new IOException("no such file");
                }
                return new Loaded(path + " (from -D" + config.pathProperty() + ")", systemLoad(path));
            } catch (IOException | UnsatisfiedLinkError | IllegalArgumentException e) {
                throw new KernelLinkException("cannot load " + path + " named by -D" + config.pathProperty() + " (" + e.getMessage()
                        + "); point -D" + config.pathProperty() + " at a " + config.platform() + " library with Tessella's ABI, or remove "
                        + "the property to use the bundled one", path.toString(), null, e);
            }
        }
        List<Throwable> failures = new ArrayList<>();
        String resource = resourceFor(config.platform(), config.libraryName());
        KernelLinkException bundled;
        try {
            return loadBundled(config, resource);
        } catch (KernelLinkException e) {
            bundled = e;
            failures.add(e);
        }
        try {
            return loadFromLibraryPath(config);
        } catch (KernelLinkException e) {
            failures.add(e);
        }
        String orProperty = config.pathProperty() == null ? "" : ", or name a library with -D" + config.pathProperty() + "=FILE";
        KernelLinkException all = new KernelLinkException(config.file() + " is unavailable: " + bundled.getMessage() + orProperty
                + " (java.library.path has no " + config.file() + " either)", resource, null, null);
        failures.forEach(all::addSuppressed);
        throw all;
    }

    /** Extracts the jar's copy into a private directory, loads it, and removes the directory. */
    private static Loaded loadBundled(Config config, String resource) {
        if (NativeLibraryLoader.class.getClassLoader().getResource(resource) == null) {
            String why = BUNDLED_PLATFORMS.contains(config.platform()) ? "it was built without it"
                    : "it bundles builds for " + String.join(" and ", BUNDLED_PLATFORMS) + " only, not for " + config.platform();
            throw new KernelLinkException("Tessella's jar has no " + resource + ": " + why + "; build " + config.file()
                    + " from Tessella's native/ sources (CMake) and add its directory to -Djava.library.path", resource, null, null);
        }
        Path dir = createPrivateDirectory(config.workDir());
        Path file;
        SymbolLookup symbols;
        try {
            file = extract(resource, dir);
            symbols = systemLoad(file);
        } catch (KernelLinkException | UnsatisfiedLinkError | IllegalArgumentException e) {
            KernelLinkException failure = e instanceof KernelLinkException k ? k
                    : new KernelLinkException("cannot load " + resource + " extracted to " + dir + " (" + e.getMessage() + ")"
                            + loadFailureFix(config.workDir(), e.getMessage()), resource, null, e);
            try {
                deleteTree(dir);
            } catch (UncheckedIOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        try {
            deleteTree(dir);
        } catch (UncheckedIOException e) {
            // The library is loaded and stays usable; what is left behind is only a file in a private directory.
            LOG.log(System.Logger.Level.WARNING, "loaded " + resource + " but could not remove its extraction directory " + dir, e);
        }
        return new Loaded("bundled " + resource + " (extracted to " + file + ", deleted after loading)", symbols);
    }

    /** The first file of the library's name in a {@code java.library.path} directory, as {@code System.loadLibrary} finds it. */
    private static Loaded loadFromLibraryPath(Config config) {
        String libraryPath = System.getProperty("java.library.path", "");
        for (String dir : libraryPath.split(java.io.File.pathSeparator)) {
            Path file = Path.of(dir.isEmpty() ? "." : dir, config.file()).toAbsolutePath().normalize();
            if (Files.isRegularFile(file)) {
                try {
                    return new Loaded(file + " (from java.library.path)", systemLoad(file));
                } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                    throw new KernelLinkException("cannot load " + file + " found on java.library.path (" + e.getMessage() + "); remove it, "
                            + "or rebuild it for " + config.platform() + " from Tessella's native/ sources", file.toString(), null, e);
                }
            }
        }
        throw new KernelLinkException("no " + config.file() + " in java.library.path (" + libraryPath + ")", config.file(), null, null);
    }

    /** {@code System.load}s {@code file} and opens a lookup of its own symbols (the same mapping: dlopen counts references). */
    private static SymbolLookup systemLoad(Path file) {
        System.load(file.toString());
        return SymbolLookup.libraryLookup(file, Arena.global());
    }

    static String resourceFor(String platform, String libraryName) {
        return "native/" + platform + "/" + System.mapLibraryName(libraryName);
    }

    /** Copies a jar resource into {@code dir}; the caller owns the directory. */
    static Path extract(String resource, Path dir) {
        try (InputStream in = NativeLibraryLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new KernelLinkException("Tessella's jar has no " + resource, resource, null, null);
            }
            Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new KernelLinkException("cannot extract " + resource + " into " + dir + " (" + e + "); set -D" + WORKDIR_PROPERTY
                    + "=DIR to a writable directory with room for it", resource, null, e);
        }
    }

    /** A new directory only this user can enter, with a random name, under {@code parent}. */
    static Path createPrivateDirectory(Path parent) {
        try {
            Files.createDirectories(parent);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR)}
                    : new FileAttribute<?>[0];
            return Files.createTempDirectory(parent, "tessella-native-", attrs);
        } catch (IOException e) {
            throw new KernelLinkException("cannot create a private directory under " + parent + " to extract a native library into ("
                    + e + "); set -D" + WORKDIR_PROPERTY + "=DIR to a writable directory", parent.toString(), null, e);
        }
    }

    /** Removes an extraction directory; a loaded library stays mapped after its file is gone. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the extraction directory " + dir, e);
        }
    }

    static Path workDirectory() {
        String dir = System.getProperty(WORKDIR_PROPERTY);
        return Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("java.io.tmpdir"));
    }

    /** {@code linux-x86_64}, {@code linux-aarch64}, {@code darwin-aarch64}, ...: the jar's folder names. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "darwin"
                : os.contains("windows") ? "windows" : os.replaceAll("[^a-z0-9]", "");
        String archName = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch.replaceAll("[^a-z0-9_]", "");
        };
        return osName + "-" + archName;
    }

    /**
     * The fix for a library extracted under {@code workDir} that {@code System.load} refused with
     * {@code message}: a {@code noexec} mount (the loader's "failed to map segment"), or else a build
     * for another machine.
     */
    static String loadFailureFix(Path workDir, String message) {
        String m = String.valueOf(message);
        if (m.contains("failed to map segment") || m.contains("Operation not permitted") || m.contains("noexec")) {
            return "; " + workDir + " may be mounted noexec: set -D" + WORKDIR_PROPERTY + "=DIR to a directory that allows executable mappings";
        }
        return "; the jar's build may not suit this machine (" + platform() + "): build the library from Tessella's native/ sources "
                + "(CMake) and add its directory to -Djava.library.path";
    }
}

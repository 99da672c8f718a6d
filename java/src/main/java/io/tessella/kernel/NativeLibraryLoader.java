package io.tessella.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * Finds and loads the default kernel library, in the Netty / zstd-jni tradition: an explicit path
 * wins; otherwise the library bundled in the jar under {@code native/<os>-<arch>/} is extracted into
 * a fresh owner-only directory with an unpredictable name (a predictable path under /tmp would let
 * another local user plant a library), {@code System.load}ed, and deleted; otherwise
 * {@code java.library.path} is tried. Every failed attempt is kept as a suppressed exception.
 */
final class NativeLibraryLoader {

    /** Overrides the default kernel library: {@code -Dtessella.kernel.path=/path/lib.so}. */
    static final String PATH_PROPERTY = "tessella.kernel.path";
    /** Where bundled libraries are extracted: {@code -Dtessella.native.workdir=DIR} (default: java.io.tmpdir). */
    static final String WORKDIR_PROPERTY = "tessella.native.workdir";
    static final String DEFAULT_LIBRARY = "tessella_kernel";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private NativeLibraryLoader() {
    }

    /** What to try; a record so tests can ask for a platform that has no bundled library. */
    record Config(String explicitPath, Path workDir, String platform, String libraryName) {
        static Config fromSystemProperties() {
            String explicit = System.getProperty(PATH_PROPERTY);
            return new Config(explicit == null || explicit.isBlank() ? null : explicit, workDirectory(), NativeLibraryLoader.platform(), DEFAULT_LIBRARY);
        }
    }

    /**
     * Loads the default library with {@code System.load} and says where it came from.
     *
     * @throws KernelLinkException naming what was tried, with each failure suppressed on it
     */
    static String loadDefault(Config config) {
        if (config.explicitPath() != null) {
            // An explicit choice never falls back silently: the user would not know which kernel ran.
            Path path = Path.of(config.explicitPath()).toAbsolutePath().normalize();
            try {
                if (!Files.isRegularFile(path)) {
                    throw new IOException("no such file");
                }
                System.load(path.toString());
                return path + " (from -D" + PATH_PROPERTY + ")";
            } catch (IOException | UnsatisfiedLinkError e) {
                throw new KernelLinkException("cannot load kernel library " + path + " named by -D" + PATH_PROPERTY + ": "
                        + e.getMessage(), path.toString(), null, e);
            }
        }
        List<Throwable> failures = new ArrayList<>();
        String resource = resourceFor(config.platform(), config.libraryName());
        try {
            Path dir = createPrivateDirectory(config.workDir());
            try {
                Path file = extract(resource, dir);
                try {
                    System.load(file.toString());
                } catch (UnsatisfiedLinkError e) {
                    throw new KernelLinkException("cannot load " + file + " extracted from the jar (" + e.getMessage() + ")"
                            + noexecHint(config.workDir(), e), file.toString(), null, e);
                }
                return "bundled " + resource + " (extracted to " + file + ", deleted after loading)";
            } finally {
                deleteTree(dir);
            }
        } catch (RuntimeException e) {
            failures.add(e);
        }
        try {
            System.loadLibrary(config.libraryName());
            return System.mapLibraryName(config.libraryName()) + " from java.library.path";
        } catch (UnsatisfiedLinkError e) {
            failures.add(e);
        }
        KernelLinkException all = new KernelLinkException("no kernel library for " + config.platform() + ": tried the bundled "
                + resource + " and " + System.mapLibraryName(config.libraryName()) + " on java.library.path; set -D"
                + PATH_PROPERTY + "=/path/to/" + System.mapLibraryName(config.libraryName())
                + " or use JavaKernel (see the suppressed exceptions)", resource, null, null);
        failures.forEach(all::addSuppressed);
        throw all;
    }

    static String resourceFor(String platform, String libraryName) {
        return "native/" + platform + "/" + System.mapLibraryName(libraryName);
    }

    /** Copies a jar resource into {@code dir}; the caller owns the directory. */
    static Path extract(String resource, Path dir) {
        try (InputStream in = NativeLibraryLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new KernelLinkException("the jar has no bundled kernel library " + resource, resource, null, null);
            }
            Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new KernelLinkException("cannot extract " + resource + " into " + dir + ": " + e, resource, null, e);
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
            throw new KernelLinkException("cannot create a private directory under " + parent + " to extract the kernel library ("
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

    private static String noexecHint(Path workDir, UnsatisfiedLinkError e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("failed to map segment") || m.contains("Operation not permitted") || m.contains("noexec")) {
            return "; " + workDir + " may be mounted noexec: set -D" + WORKDIR_PROPERTY + "=DIR to a directory that allows executable mappings";
        }
        return "";
    }
}

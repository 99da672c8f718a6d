package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's contract: explicit path first, private extraction, every failure reported. */
class NativeLibraryLoaderTest {

    @Test
    void extractionDirectoriesAreOwnerOnlyAndUnpredictable(@TempDir Path parent) throws IOException {
        Path one = NativeLibraryLoader.createPrivateDirectory(parent);
        Path two = NativeLibraryLoader.createPrivateDirectory(parent);
        assertNotEquals(one, two);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(one)));
        assertTrue(one.getFileName().toString().matches("tessella-native-\\d{6,}"), one.toString());
    }

    @Test
    void extractedLibraryIsTheBuiltOneAndIsRemovedWithItsDirectory(@TempDir Path parent) throws IOException {
        Path dir = NativeLibraryLoader.createPrivateDirectory(parent);
        Path file = NativeLibraryLoader.extract(NativeLibraryLoader.resourceFor(NativeLibraryLoader.platform(), "tessella_kernel"), dir);
        assertEquals(-1, Files.mismatch(file, TestLibraries.bundle("tessella_kernel")), "the jar carries the CMake-built library");
        NativeLibraryLoader.deleteTree(dir);
        assertFalse(Files.exists(dir));
    }

    @Test
    void aPlatformWithoutABundledLibraryReportsEveryAttempt(@TempDir Path work) {
        var config = new NativeLibraryLoader.Config(null, work, "plan9-mips", "tessella_kernel_missing");
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeLibraryLoader.loadDefault(config));
        assertTrue(e.getMessage().contains("plan9-mips") && e.getMessage().contains("-Dtessella.kernel.path"), e.getMessage());
        assertEquals(2, e.getSuppressed().length, "the jar attempt and the java.library.path attempt");
        assertTrue(e.getSuppressed()[0].getMessage().contains("native/plan9-mips/libtessella_kernel_missing.so"), e.getSuppressed()[0].getMessage());
        assertTrue(e.getSuppressed()[1] instanceof UnsatisfiedLinkError);
        try (var left = Files.list(work)) {
            assertEquals(0, left.count(), "no extraction directory is left behind");
        } catch (IOException io) {
            throw new AssertionError(io);
        }
    }

    @Test
    void anExplicitPathThatDoesNotExistFailsWithoutFallingBack(@TempDir Path work) {
        var config = new NativeLibraryLoader.Config("/no/such/libk.so", work, NativeLibraryLoader.platform(), "tessella_kernel");
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeLibraryLoader.loadDefault(config));
        assertTrue(e.getMessage().contains("/no/such/libk.so") && e.getMessage().contains("-Dtessella.kernel.path"), e.getMessage());
        assertEquals(0, e.getSuppressed().length);
    }

    @Test
    void anExplicitPathIsLoaded(@TempDir Path work) {
        Path lib = TestLibraries.bundle("tessella_kernel");
        var config = new NativeLibraryLoader.Config(lib.toString(), work, NativeLibraryLoader.platform(), "tessella_kernel");
        String description = NativeLibraryLoader.loadDefault(config);
        assertTrue(description.startsWith(lib.toString()) && description.contains("-Dtessella.kernel.path"), description);
    }

    @Test
    void platformNamesMatchTheJarFolders() {
        assertTrue(NativeLibraryLoader.platform().matches("(linux|darwin|windows)-(x86_64|aarch64)"), NativeLibraryLoader.platform());
    }
}

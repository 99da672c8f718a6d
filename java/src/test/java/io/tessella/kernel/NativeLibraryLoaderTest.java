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
    void aPlatformWithoutABundledLibraryReportsEveryAttemptAndTheFix(@TempDir Path work) {
        var config = new NativeLibraryLoader.Config("tessella_kernel_missing", NativeLibraryLoader.PATH_PROPERTY, null, work, "plan9-mips");
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeLibraryLoader.load(config));
        assertTrue(e.getMessage().startsWith("libtessella_kernel_missing.so is unavailable: Tessella's jar has no "
                + "native/plan9-mips/libtessella_kernel_missing.so: it bundles builds for linux-x86_64 and linux-aarch64 only, not for plan9-mips; "), e.getMessage());
        assertTrue(e.getMessage().contains("-Djava.library.path") && e.getMessage().contains("-Dtessella.kernel.path=FILE"), e.getMessage());
        assertEquals(2, e.getSuppressed().length, "the jar attempt and the java.library.path attempt");
        assertTrue(e.getSuppressed()[0].getMessage().contains("native/plan9-mips/libtessella_kernel_missing.so"), e.getSuppressed()[0].getMessage());
        assertTrue(e.getSuppressed()[1].getMessage().startsWith("no libtessella_kernel_missing.so in java.library.path ("),
                e.getSuppressed()[1].getMessage());
        assertNothingLeftIn(work);
    }

    @Test
    void aLibraryWithoutAPathPropertyDoesNotOfferOne(@TempDir Path work) {
        var config = new NativeLibraryLoader.Config("tessella_loop_missing", null, null, work, "plan9-mips");
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeLibraryLoader.load(config));
        assertFalse(e.getMessage().contains("-Dtessella.kernel.path"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(java.library.path has no libtessella_loop_missing.so either)"), e.getMessage());
    }

    @Test
    void aWorkDirectoryThatCannotBeCreatedNamesThePropertyToSet(@TempDir Path work) throws IOException {
        Path file = Files.writeString(work.resolve("a-file"), "not a directory");
        var config = new NativeLibraryLoader.Config("tessella_loop", null, null, file.resolve("sub"), NativeLibraryLoader.platform());
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeLibraryLoader.load(config));
        assertTrue(e.getMessage().startsWith("libtessella_loop.so is unavailable: cannot create a private directory under " + file.resolve("sub")),
                e.getMessage());
        assertTrue(e.getMessage().contains("set -Dtessella.native.workdir=DIR to a writable directory"), e.getMessage());
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void aLoadRefusedByANoexecMountSaysSo(@TempDir Path work) {
        String fix = NativeLibraryLoader.loadFailureFix(work, "/tmp/x/libtessella_loop.so: failed to map segment from shared object");
        assertTrue(fix.contains(work + " may be mounted noexec") && fix.contains("-Dtessella.native.workdir=DIR"), fix);
        String other = NativeLibraryLoader.loadFailureFix(work, "/tmp/x/libtessella_loop.so: wrong ELF class: ELFCLASS32");
        assertFalse(other.contains("noexec"), other);
        assertTrue(other.contains("-Djava.library.path"), other);
    }

    @Test
    void anExplicitPathThatDoesNotExistFailsWithoutFallingBack(@TempDir Path work) {
        var config = new NativeLibraryLoader.Config("tessella_kernel", NativeLibraryLoader.PATH_PROPERTY, "/no/such/libk.so", work,
                NativeLibraryLoader.platform());
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeLibraryLoader.load(config));
        assertTrue(e.getMessage().startsWith("cannot load /no/such/libk.so named by -Dtessella.kernel.path (no such file)"), e.getMessage());
        assertTrue(e.getMessage().contains("or remove the property to use the bundled one"), e.getMessage());
        assertEquals(0, e.getSuppressed().length);
        assertNothingLeftIn(work);
    }

    @Test
    void anExplicitPathIsLoaded(@TempDir Path work) {
        Path lib = TestLibraries.bundle("tessella_kernel");
        var config = new NativeLibraryLoader.Config("tessella_kernel", NativeLibraryLoader.PATH_PROPERTY, lib.toString(), work,
                NativeLibraryLoader.platform());
        assertTrue(BundledLibrary.LOOP.isAvailable(), "another library is loaded in this class loader");
        NativeLibraryLoader.Loaded loaded = NativeLibraryLoader.load(config);
        assertEquals(lib + " (from -Dtessella.kernel.path)", loaded.origin());
        assertTrue(loaded.symbols().find("slow_computation").isPresent(), "its own symbols");
        assertFalse(loaded.symbols().find("tessella_index_gather").isPresent(), "not those of other libraries in the class loader");
    }

    private static void assertNothingLeftIn(Path work) {
        try (var left = Files.list(work)) {
            assertEquals(0, left.count(), "no extraction directory is left behind");
        } catch (IOException io) {
            throw new AssertionError(io);
        }
    }

    @Test
    void platformNamesMatchTheJarFolders() {
        assertTrue(NativeLibraryLoader.platform().matches("(linux|darwin|windows)-(x86_64|aarch64)"), NativeLibraryLoader.platform());
    }
}

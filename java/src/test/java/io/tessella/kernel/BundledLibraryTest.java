package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.kernel.internal.NativeLoops;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The availability contract of the bundled libraries, in this JVM, where they load, and on attempts
 * made to fail. (The same contract where none loads at all: {@link NativeUnavailableTest}.)
 */
class BundledLibraryTest {

    @Test
    void everyBundledLibraryIsAvailableHereAndSaysWhereItCameFrom() {
        for (BundledLibrary lib : BundledLibrary.values()) {
            assertTrue(lib.isAvailable(), () -> lib + ": " + lib.unavailabilityCause());
            assertNull(lib.unavailabilityCause());
            assertTrue(lib.isAvailableOrLogFallback());
            String origin = lib.origin().orElseThrow();
            assertTrue(origin.startsWith("bundled native/" + NativeLibraryLoader.platform() + "/lib" + lib.libraryName() + ".so (extracted to "),
                    origin);
        }
        assertEquals(NativeKernel.isAvailable(), BundledLibrary.KERNEL.isAvailable());
        assertEquals(NativeOuter.isAvailable(), BundledLibrary.OUTER.isAvailable());
        assertEquals(NativeLoops.isAvailable(), BundledLibrary.LOOP.isAvailable());
    }

    @Test
    void eachLibraryIsBoundOnceForTheProcess() {
        assertSame(NativeKernel.bundled(), NativeKernel.bundled());
        assertSame(NativeOuter.bundled(), NativeOuter.bundled());
        assertSame(NativeKernel.bundled(), Kernel.best());
        assertTrue(NativeOuter.bundled().library().startsWith("bundled native/"), NativeOuter.bundled().library());
    }

    @Test
    void aLibraryTheJarDoesNotHaveForThisPlatformIsUnavailableWithTheFixAndIsNeverBound(@TempDir Path work) {
        var config = new NativeLibraryLoader.Config("tessella_loop", null, null, work, "plan9-mips");
        AtomicInteger binds = new AtomicInteger();
        BundledLibrary.Attempt a = BundledLibrary.attempt("tessella_loop", () -> NativeLibraryLoader.load(config), lib -> {
            binds.incrementAndGet();
            return lib;
        }, false);
        assertNull(a.bound());
        assertNull(a.origin());
        assertEquals(0, binds.get());
        String m = a.cause().getMessage();
        assertTrue(m.startsWith("libtessella_loop.so is unavailable: Tessella's jar has no native/plan9-mips/libtessella_loop.so"), m);
        assertTrue(m.contains("build libtessella_loop.so from Tessella's native/ sources (CMake) and add its directory to -Djava.library.path"), m);
        assertEquals(2, a.cause().getSuppressed().length, "the jar attempt and the java.library.path attempt");
    }

    @Test
    void aLibraryThatLoadsWithTheWrongAbiIsUnavailableNamingBothVersionsAndTheFix() {
        KernelLinkException wrongAbi = new KernelLinkException("kernel library X reports ABI version 7 from tessella_outer_abi_version(); "
                + "Tessella speaks version 1", "X", "tessella_outer_abi_version", null);
        BundledLibrary.Attempt a = BundledLibrary.attempt("tessella_outer", () -> loaded("libtessella_outer.so from java.library.path"), lib -> {
            throw wrongAbi;
        }, false);
        assertEquals("libtessella_outer.so was loaded from libtessella_outer.so from java.library.path but cannot be used: " + wrongAbi.getMessage()
                + "; remove it, or rebuild it from this version of Tessella's native/ sources", a.cause().getMessage());
        assertEquals("tessella_outer_abi_version", a.cause().symbol().orElseThrow());
        assertSame(wrongAbi, a.cause().getCause());
    }

    @Test
    void aKernelNamedByThePropertyThatCannotBeBoundSaysToRepointTheProperty() {
        BundledLibrary.Attempt a = BundledLibrary.attempt("tessella_kernel", () -> loaded("/opt/k/libk.so (from -Dtessella.kernel.path)"), lib -> {
            throw new KernelLinkException("kernel library /opt/k/libk.so does not export required symbol 'slow_computation'", "/opt/k/libk.so",
                    "slow_computation", null);
        }, true);
        assertTrue(a.explicit());
        assertTrue(a.cause().getMessage().endsWith("; point -Dtessella.kernel.path at a library built for this version of Tessella"),
                a.cause().getMessage());
    }

    @Test
    void anErrorWhileBindingIsTheCauseNotAnExceptionInInitializerErrorForTheCaller() {
        ExceptionInInitializerError error = new ExceptionInInitializerError(new IllegalStateException("a holder's lookup failed"));
        BundledLibrary.Attempt a = BundledLibrary.attempt("tessella_loop", () -> loaded("somewhere"), lib -> {
            throw error;
        }, false);
        assertSame(error, a.cause().getCause());
        assertTrue(a.cause().getMessage().contains("java.lang.ExceptionInInitializerError"), a.cause().getMessage());
    }

    /** A library said to be loaded from {@code origin}, whose lookup finds nothing. */
    static NativeLibraryLoader.Loaded loaded(String origin) {
        return new NativeLibraryLoader.Loaded(origin, name -> Optional.empty());
    }
}

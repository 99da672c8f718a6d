package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding, swapping and refusing kernel libraries. */
class NativeKernelTest {

    @Test
    void bundledKernelIsLoadedFromTheJarResourcesAndSpeaksTheAbi() {
        assertTrue(NativeKernel.isAvailable(), () -> String.valueOf(NativeKernel.unavailabilityCause()));
        NativeKernel k = NativeKernel.bundled();
        assertSame(k, NativeKernel.bundled());
        assertEquals(1, k.abiVersion());
        assertTrue(k.hasBatch());
        assertTrue(k.library().startsWith("bundled native/linux-"), k.library());
        assertSame(k, Kernel.best());
    }

    @Test
    void swappingInTheHeavyLibraryChangesTheResults() {
        try (NativeKernel heavy = NativeKernel.open(TestLibraries.bench("tessella_kernel_heavy"))) {
            int differ = 0;
            for (int i = 0; i < 1000; i++) {
                double a = i * 0.37 - 100, b = i * 0.11 + 3;
                Evaluation std = NativeKernel.bundled().evaluate(a, b);
                Evaluation hv = heavy.evaluate(a, b);
                assertEquals(JavaKernel.HEAVY.evaluate(a, b), hv);
                differ += std != hv ? 1 : 0;
            }
            assertTrue(differ > 950, "the heavy kernel gives other indices: " + differ + " of 1000 differ");
        }
    }

    @Test
    void openBundledExtractsALibraryFromAnotherJarOnTheClassPath() throws Exception {
        // The heavy kernel rides in the benchmark jar, not the library's; here the tests' class path holds it.
        assertFalse(Files.exists(BundledPlatformsTest.libraryClasses().resolve("native/" + NativeLibraryLoader.platform() + "/libtessella_kernel_heavy.so")),
                "not among the library's own classes");
        try (NativeKernel heavy = NativeKernel.openBundled("tessella_kernel_heavy", Linkage.CRITICAL)) {
            assertEquals(JavaKernel.HEAVY.evaluate(1.25, -3.5), heavy.evaluate(1.25, -3.5));
        }
    }

    @Test
    void aLibraryWithoutTheBatchSymbolComputesBatchesInTheBundledCLoop() {
        try (NativeKernel k = NativeKernel.open(TestLibraries.broken("tessella_test_no_batch"));
             Arena arena = Arena.ofConfined()) {
            assertFalse(k.hasBatch());
            assertTrue(k.batchIsOneCall());
            assertEquals("tessella_loop_scalar", k.batchPath());
            int n = 777;
            MemorySegment a = KernelInputs.doubles(arena, n, 11);
            MemorySegment b = KernelInputs.doubles(arena, n, 12);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, n);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, n);
            MemorySegment jout = arena.allocate(ValueLayout.JAVA_LONG, n);
            MemorySegment jstatus = arena.allocate(ValueLayout.JAVA_INT, n);
            assertEquals(JavaKernel.STANDARD.slowComputationBatch(a, b, n, jout, jstatus), k.slowComputationBatch(a, b, n, out, status));
            assertEquals(-1, out.mismatch(jout));
            assertEquals(-1, status.mismatch(jstatus));
        }
    }

    @Test
    void aMissingLibraryFileIsAClearError() {
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeKernel.open(Path.of("/nonexistent/libnothing.so")));
        assertTrue(e.getMessage().contains("/nonexistent/libnothing.so"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals("/nonexistent/libnothing.so", e.library());
    }

    @Test
    void aFileThatIsNotALibraryIsAClearError(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("libfake.so"), "not an ELF file");
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeKernel.open(fake));
        assertTrue(e.getMessage().contains(fake.toString()) && e.getMessage().contains("cannot be loaded"), e.getMessage());
    }

    @Test
    void aMissingRequiredSymbolNamesTheLibraryAndTheSymbol() {
        Path lib = TestLibraries.broken("tessella_test_no_scalar");
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeKernel.open(lib));
        assertTrue(e.getMessage().contains(lib.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'slow_computation'"), e.getMessage());
        assertEquals("slow_computation", e.symbol().orElseThrow());
    }

    @Test
    void aWrongAbiVersionIsRefusedNamingBothVersions() {
        Path lib = TestLibraries.broken("tessella_test_bad_abi");
        KernelLinkException e = assertThrows(KernelLinkException.class, () -> NativeKernel.open(lib));
        assertTrue(e.getMessage().contains(lib.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("ABI version 999") && e.getMessage().contains("speaks version 1"), e.getMessage());
        assertEquals("tessella_kernel_abi_version", e.symbol().orElseThrow());
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailCleanly() {
        NativeKernel k = NativeKernel.open(TestLibraries.bundle("tessella_kernel"));
        NativeKernel standard = k.withLinkage(Linkage.STANDARD);
        assertEquals(JavaKernel.STANDARD.evaluate(2, 3), standard.evaluate(2, 3));
        k.close();
        k.close();
        assertThrows(IllegalStateException.class, () -> k.evaluate(2, 3));
        assertThrows(IllegalStateException.class, () -> standard.evaluate(2, 3));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64);
            assertThrows(IllegalStateException.class, () -> k.slowComputationBatch(s, s, 1, s, s));
        }
    }

    @Test
    void aLeasePinsTheLibraryUntilItIsReleased() {
        NativeKernel k = NativeKernel.open(TestLibraries.bundle("tessella_kernel"));
        Kernel.Leased lease = k.lease();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ValueLayout.JAVA_LONG);
            assertEquals(0, lease.slowComputation(2.5, 1.5, slot));
            assertEquals(JavaKernel.STANDARD.evaluate(2.5, 1.5).index(), slot.get(ValueLayout.JAVA_LONG, 0));
        }
        IllegalStateException busy = assertThrows(IllegalStateException.class, k::close);
        assertTrue(busy.getMessage().contains("in use by 1 running loop"), busy.getMessage());
        lease.close();
        lease.close();
        k.close();
        assertThrows(IllegalStateException.class, k::lease);
        assertThrows(IllegalStateException.class, () -> lease.evaluate(2.5, 1.5));
        // The bundled library is never unloaded: its lease pins nothing.
        try (Kernel.Leased b = NativeKernel.bundled().lease()) {
            assertEquals(JavaKernel.STANDARD.evaluate(1, 2), b.evaluate(1, 2));
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeReachingNativeCode() {
        NativeKernel k = NativeKernel.bundled();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment four = arena.allocate(4);
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> k.slowComputation(1, 2, four));
            assertTrue(small.getMessage().contains("4 bytes"), small.getMessage());

            MemorySegment d = arena.allocate(ValueLayout.JAVA_DOUBLE, 10);
            MemorySegment l = arena.allocate(ValueLayout.JAVA_LONG, 10);
            MemorySegment s = arena.allocate(ValueLayout.JAVA_INT, 10);
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> k.slowComputationBatch(d, d, -1, l, s));
            assertTrue(neg.getMessage().contains("n = -1"), neg.getMessage());
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> k.slowComputationBatch(d, d, 11, l, s));
            assertTrue(tooMany.getMessage().contains("n = 11"), tooMany.getMessage());
            MemorySegment heap = MemorySegment.ofArray(new double[10]);
            IllegalArgumentException onHeap = assertThrows(IllegalArgumentException.class, () -> k.slowComputationBatch(heap, d, 10, l, s));
            assertTrue(onHeap.getMessage().startsWith("a is a heap segment"), onHeap.getMessage());
            assertEquals(0, k.slowComputationBatch(d, d, 0, l, s));
        }
    }

    @Test
    void describesStatusCodesKnownAndUnknown() {
        assertEquals("3 (DIVERGED: the kernel's iteration did not settle (internal error))", KernelStatus.describe(3));
        assertTrue(KernelStatus.describe(42).startsWith("42 (unknown"));
        assertNotEquals(KernelStatus.OK, KernelStatus.of(1));
    }
}

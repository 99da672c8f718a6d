package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.kernel.ffi.tessella_fill_f64_fn;
import io.tessella.kernel.ffi.tessella_kernel_abi_version_fn;
import io.tessella.kernel.ffi.tessella_kernel_h;
import io.tessella.kernel.ffi.tessella_loop_h;
import io.tessella.kernel.ffi.tessella_outer_abi_version_fn;
import io.tessella.kernel.ffi.tessella_outer_f64_fn;
import io.tessella.kernel.ffi.tessella_outer_h;
import io.tessella.kernel.ffi.tessella_outer_i64_fn;
import io.tessella.kernel.ffi.tessella_outer_isa_fn;
import io.tessella.kernel.ffi.tessella_slow_computation_batch_fn;
import io.tessella.kernel.ffi.tessella_slow_computation_fn;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-written layer binds every library by address with the signatures of the headers'
 * function-pointer typedefs; here they are checked against the signatures jextract reads from the
 * functions' own declarations, and the Java-side constants against the headers' macros.
 */
class GeneratedBindingsTest {

    @Test
    void theKernelTypedefsHaveTheDeclaredFunctionsSignatures() {
        // The per-function bindings resolve their symbols among the System.load()ed libraries.
        assertTrue(NativeKernel.isAvailable(), () -> String.valueOf(NativeKernel.unavailabilityCause()));
        NativeKernel.bundled();
        assertEquals(tessella_kernel_h.tessella_kernel_abi_version$descriptor(), tessella_kernel_abi_version_fn.descriptor());
        assertEquals(tessella_kernel_h.slow_computation$descriptor(), tessella_slow_computation_fn.descriptor());
        assertEquals(tessella_kernel_h.slow_computation_batch$descriptor(), tessella_slow_computation_batch_fn.descriptor());
        assertNotEquals(tessella_slow_computation_fn.descriptor(), tessella_slow_computation_batch_fn.descriptor(), "the comparison can fail");
    }

    @Test
    void theOuterProductTypedefsHaveTheDeclaredFunctionsSignatures() {
        assertTrue(NativeOuter.isAvailable(), () -> String.valueOf(NativeOuter.unavailabilityCause()));
        assertEquals(tessella_outer_h.tessella_outer_abi_version$descriptor(), tessella_outer_abi_version_fn.descriptor());
        assertEquals(tessella_outer_h.tessella_outer_f64$descriptor(), tessella_outer_f64_fn.descriptor());
        assertEquals(tessella_outer_h.tessella_outer_i64$descriptor(), tessella_outer_i64_fn.descriptor());
        assertEquals(tessella_outer_h.tessella_fill_f64$descriptor(), tessella_fill_f64_fn.descriptor());
        assertEquals(tessella_outer_h.tessella_outer_isa$descriptor(), tessella_outer_isa_fn.descriptor());
        assertEquals(NativeOuter.ABI_VERSION, tessella_outer_h.tessella_outer_abi_version());
    }

    @Test
    void theBundledLibrariesAreWhatTheGeneratedBindingsFind() {
        // The bindings look symbols up among the System.load()ed libraries: the bound objects' own.
        assertTrue(BundledLibrary.LOOP.isAvailable(), () -> String.valueOf(BundledLibrary.LOOP.unavailabilityCause()));
        assertEquals(tessella_loop_h.TESSELLA_LOOP_ABI_VERSION(), tessella_loop_h.tessella_loop_abi_version());
        assertEquals(NativeKernel.bundled().abiVersion(), tessella_kernel_h.tessella_kernel_abi_version());
        assertEquals(NativeOuter.bundled().streamingIsa(), tessella_outer_h.tessella_outer_isa().getString(0));
    }

    @Test
    void statusCodesAreTheHeadersMacros() {
        Map<KernelStatus, Integer> header = Map.of(KernelStatus.OK, tessella_kernel_h.TESSELLA_OK(),
                KernelStatus.NONFINITE, tessella_kernel_h.TESSELLA_E_NONFINITE(), KernelStatus.DOMAIN, tessella_kernel_h.TESSELLA_E_DOMAIN(),
                KernelStatus.DIVERGED, tessella_kernel_h.TESSELLA_E_DIVERGED(), KernelStatus.NULL_OUT, tessella_kernel_h.TESSELLA_E_NULL());
        assertEquals(KernelStatus.values().length, header.size());
        header.forEach((status, code) -> assertEquals(code, status.code(), status.name()));
        assertEquals(NativeKernel.ABI_VERSION, tessella_kernel_h.TESSELLA_KERNEL_ABI_VERSION());
    }

    @Test
    void theJavaTwinsDomainEndsAtTheHeadersDomainMax() {
        double max = tessella_kernel_h.TESSELLA_DOMAIN_MAX();
        for (Kernel k : new Kernel[] {JavaKernel.STANDARD, NativeKernel.bundled()}) {
            assertNotEquals(KernelStatus.DOMAIN.code(), k.evaluate(max, -max).status(), k.description());
            assertEquals(KernelStatus.DOMAIN.code(), k.evaluate(Math.nextUp(max), 0.5).status(), k.description());
            assertEquals(KernelStatus.DOMAIN.code(), k.evaluate(0.5, -Math.nextUp(max)).status(), k.description());
        }
    }
}

package io.tessella.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The bench-only cheap kernel computes its definition ({@link BenchLibrariesTest#definition}) on any pair of doubles. */
class CheapKernelProperties {
    private static NativeKernel cheap;

    @BeforeContainer
    static void open() {
        cheap = BenchLibraries.openKernel("tessella_kernel_cheap", Linkage.CRITICAL);
    }

    @AfterContainer
    static void close() {
        cheap.close();
    }

    @Property(tries = 2000)
    void inTheDomainAndAroundIt(@ForAll @DoubleRange(min = -2e9, max = 2e9) double a, @ForAll @DoubleRange(min = -2e9, max = 2e9) double b) {
        assertEquals(BenchLibrariesTest.definition(a, b), BenchLibrariesTest.packed(cheap.evaluate(a, b)), () -> "a = " + a + ", b = " + b);
    }

    @Property(tries = 1000)
    void onAnyDouble(@ForAll double a, @ForAll double b) {
        assertEquals(BenchLibrariesTest.definition(a, b), BenchLibrariesTest.packed(cheap.evaluate(a, b)), () -> "a = " + a + ", b = " + b);
    }
}

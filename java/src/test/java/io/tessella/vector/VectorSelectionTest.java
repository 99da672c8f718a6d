package io.tessella.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** Start-up choice of implementation: what this JVM chose, and the decision rule for every case. */
class VectorSelectionTest {

    private static final Supplier<Kernels> LOADS = VectorOps::naive; // any non-scalar stand-in
    private static final Supplier<Kernels> REFUSES = () -> {
        throw new UnsupportedOperationException("the preferred vector species holds 1 double(s)");
    };
    private static final Supplier<Kernels> MUST_NOT_LOAD = () -> {
        throw new AssertionError("the vector class must not be loaded");
    };

    @Test
    void activeImplementationMatchesWhatThisSurefirePassExpects() {
        String expect = System.getProperty("tessella.test.expectVector");
        assumeTrue(expect != null, "run outside the two Surefire passes");
        VectorOps.Implementation want = Boolean.parseBoolean(expect) ? VectorOps.Implementation.VECTOR : VectorOps.Implementation.SCALAR;
        assertEquals(want, VectorOps.implementation(), VectorOps.implementationName());
        assertEquals(Boolean.parseBoolean(expect), VectorOps.vector().isPresent());
        assertEquals(!Boolean.parseBoolean(expect), VectorOps.vectorUnavailableReason().isPresent());
    }

    @Test
    void implementationNameSaysWhichPathRuns() {
        String name = VectorOps.implementationName();
        if (VectorOps.implementation() == VectorOps.Implementation.VECTOR) {
            assertTrue(name.matches("vector \\(\\d+-bit\\)"), name);
            assertSame(VectorOps.vector().orElseThrow(), VectorOps.active());
        } else {
            assertEquals("scalar", name);
            assertSame(VectorOps.scalar(), VectorOps.active());
        }
    }

    @Test
    void withoutTheModuleTheReasonNamesTheFix() {
        assumeTrue(!VectorOps.moduleInBootLayer(), "module present in this pass");
        assertTrue(VectorOps.vectorUnavailableReason().orElseThrow().contains("--add-modules jdk.incubator.vector"));
    }

    @Test
    void automaticWithoutModuleFallsBackToScalarWithOneWarningNamingTheFix() {
        VectorSelection s = VectorSelection.decide(null, false, MUST_NOT_LOAD);
        assertSame(VectorOps.scalar(), s.ops());
        assertEquals(Level.WARNING, s.level());
        assertTrue(s.message().contains("pass '--add-modules jdk.incubator.vector'"), s.message());
        assertNull(s.failure());
    }

    @Test
    void automaticWithModuleUsesTheVectorImplementation() {
        VectorSelection s = VectorSelection.decide("", true, LOADS);
        assertSame(VectorOps.naive(), s.ops());
        assertNull(s.failure());
    }

    @Test
    void automaticFallsBackWithTheReasonWhenTheHardwareRefuses() {
        VectorSelection s = VectorSelection.decide(null, true, REFUSES);
        assertSame(VectorOps.scalar(), s.ops());
        assertEquals(Level.WARNING, s.level());
        assertTrue(s.message().contains("1 double(s)"), s.message());
    }

    @Test
    void falseForcesScalarWithoutLoadingTheVectorClass() {
        VectorSelection s = VectorSelection.decide("false", true, MUST_NOT_LOAD);
        assertSame(VectorOps.scalar(), s.ops());
        assertEquals(Level.DEBUG, s.level());
    }

    @Test
    void trueWithoutModuleIsAnErrorNamingTheFix() {
        VectorSelection s = VectorSelection.decide("true", false, MUST_NOT_LOAD);
        assertNull(s.ops());
        assertNotNull(s.failure());
        assertTrue(s.failure().getMessage().contains("--add-modules jdk.incubator.vector"), s.failure().getMessage());
    }

    @Test
    void trueWhenTheHardwareRefusesIsAnErrorWithTheReason() {
        VectorSelection s = VectorSelection.decide(" TRUE ", true, REFUSES);
        assertNull(s.ops());
        assertTrue(s.failure().getMessage().contains("1 double(s)"), s.failure().getMessage());
    }

    @Test
    void trueWithModuleUsesTheVectorImplementation() {
        assertSame(VectorOps.naive(), VectorSelection.decide("true", true, LOADS).ops());
    }

    @Test
    void anyOtherValueIsAnErrorQuotingIt() {
        VectorSelection s = VectorSelection.decide("yes", true, MUST_NOT_LOAD);
        assertNull(s.ops());
        assertEquals("tessella.vector = 'yes' is neither true nor false (or unset for automatic)", s.failure().getMessage());
    }
}

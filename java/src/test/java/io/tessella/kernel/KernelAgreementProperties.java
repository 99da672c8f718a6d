package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** For all doubles, jqwik's edge cases included: C and Java kernels agree, per element and in batch. */
class KernelAgreementProperties {

    @Property(tries = 3000)
    void nativeAndJavaAgreeForAllDoubles(@ForAll double a, @ForAll double b) {
        NativeKernel kernel = NativeKernel.bundled();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment as = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, a);
            MemorySegment bs = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, b);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            kernel.slowComputationBatch(as, bs, 1, out, status);
            Evaluation expected = JavaKernel.STANDARD.evaluate(a, b);
            assertEquals(expected, kernel.evaluate(a, b));
            assertEquals(expected.status(), status.get(ValueLayout.JAVA_INT, 0));
            assertEquals(expected.index(), out.get(ValueLayout.JAVA_LONG, 0));
        }
    }
}

package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The C kernels and their Java twins agree bit for bit, on every path into the C code. */
class KernelAgreementTest {
    private static final int N = 1_000_000;

    @Test
    void bundledCKernelAndJavaKernelAgreeOnAMillionInputsOnEveryCallPath() {
        NativeKernel critical = NativeKernel.bundled();
        NativeKernel standard = critical.withLinkage(Linkage.STANDARD);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = KernelInputs.doubles(arena, N, 1);
            MemorySegment b = KernelInputs.doubles(arena, N, 2);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, N);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, N);
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            long ok = critical.slowComputationBatch(a, b, N, out, status);

            Map<KernelStatus, Integer> seen = new EnumMap<>(KernelStatus.class);
            long javaOk = 0;
            for (int i = 0; i < N; i++) {
                double ai = a.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                double bi = b.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                Evaluation expected = JavaKernel.STANDARD.evaluate(ai, bi);
                int expectedStatus = expected.status();
                long expectedOut = expected.index();
                seen.merge(KernelStatus.of(expectedStatus), 1, Integer::sum);
                javaOk += expected.succeeded() ? 1 : 0;

                String where = "a=" + ai + " (0x" + Long.toHexString(Double.doubleToRawLongBits(ai)) + "), b=" + bi
                        + " (0x" + Long.toHexString(Double.doubleToRawLongBits(bi)) + ")";
                assertEquals(expectedStatus, status.getAtIndex(ValueLayout.JAVA_INT, i), () -> "batch status, " + where);
                assertEquals(expectedOut, out.getAtIndex(ValueLayout.JAVA_LONG, i), () -> "batch index, " + where);
                for (NativeKernel k : new NativeKernel[] {critical, standard}) {
                    one.set(ValueLayout.JAVA_LONG, 0, 777);
                    int s = k.slowComputation(ai, bi, one);
                    long got = one.get(ValueLayout.JAVA_LONG, 0);
                    assertEquals(expectedStatus, s, () -> k.linkage() + " status, " + where);
                    assertEquals(expected.succeeded() ? expected.index() : 777, got, () -> k.linkage() + " index, " + where);
                }
            }
            assertEquals(javaOk, ok, "batch success count");
            // The generated inputs reach every status the bundled kernel can return from valid pointers.
            for (KernelStatus s : new KernelStatus[] {KernelStatus.OK, KernelStatus.NONFINITE, KernelStatus.DOMAIN, KernelStatus.DIVERGED}) {
                assertTrue(seen.getOrDefault(s, 0) > 100, () -> "inputs exercise " + s + ": " + seen);
            }
        }
    }

    @Test
    void heavyCKernelAndItsJavaTwinAgree() {
        try (NativeKernel heavy = NativeKernel.open(TestLibraries.bench("tessella_kernel_heavy"));
             Arena arena = Arena.ofConfined()) {
            int n = 20_000;
            MemorySegment a = KernelInputs.doubles(arena, n, 3);
            MemorySegment b = KernelInputs.doubles(arena, n, 4);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, n);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, n);
            heavy.slowComputationBatch(a, b, n, out, status);
            for (int i = 0; i < n; i++) {
                Evaluation expected = JavaKernel.HEAVY.evaluate(a.getAtIndex(ValueLayout.JAVA_DOUBLE, i), b.getAtIndex(ValueLayout.JAVA_DOUBLE, i));
                assertEquals(expected.status(), status.getAtIndex(ValueLayout.JAVA_INT, i), "status " + i);
                assertEquals(expected.index(), out.getAtIndex(ValueLayout.JAVA_LONG, i), "index " + i);
            }
        }
    }

    @Test
    void javaKernelBatchMatchesItsPerElementCalls() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 5000;
            MemorySegment a = KernelInputs.doubles(arena, n, 5);
            MemorySegment b = KernelInputs.doubles(arena, n, 6);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, n);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, n);
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            long ok = JavaKernel.STANDARD.slowComputationBatch(a, b, n, out, status);
            long count = 0;
            for (int i = 0; i < n; i++) {
                int s = JavaKernel.STANDARD.slowComputation(a.getAtIndex(ValueLayout.JAVA_DOUBLE, i), b.getAtIndex(ValueLayout.JAVA_DOUBLE, i), one);
                assertEquals(s, status.getAtIndex(ValueLayout.JAVA_INT, i));
                if (s == 0) {
                    count++;
                    assertEquals(one.get(ValueLayout.JAVA_LONG, 0), out.getAtIndex(ValueLayout.JAVA_LONG, i));
                } else {
                    assertEquals(-1, out.getAtIndex(ValueLayout.JAVA_LONG, i));
                }
            }
            assertEquals(count, ok);
        }
    }
}

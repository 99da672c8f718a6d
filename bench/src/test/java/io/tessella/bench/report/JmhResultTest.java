package io.tessella.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhResultTest {

    private static JmhResult result(double score, double error, String unit) {
        return new JmhResult("io.tessella.bench.vector.OuterProductBenchmark.vector", "thrpt", Map.of(),
                new Measure(score, error), unit, Map.of());
    }

    @Test
    void throughputInvertsToNanosPerOperationWithFirstOrderError() {
        Measure m = result(2e6, 2e5, "ops/s").nanosPerOp();
        assertEquals(500, m.value(), 1e-9);
        // d(1/x) = dx / x^2: 2e5 / (2e6)^2 s = 5e-8 s = 50 ns.
        assertEquals(50, m.error(), 1e-9);
    }

    @Test
    void averageTimeConvertsToNanoseconds() {
        assertEquals(1500, result(1.5, 0.1, "us/op").nanosPerOp().value(), 1e-9);
    }

    @Test
    void unknownUnitIsRefused() {
        assertThrows(IllegalStateException.class, () -> result(1, 0, "bytes").nanosPerOp());
    }

    @Test
    void namesSplitIntoClassAndMethod() {
        JmhResult r = result(1, 0, "ops/s");
        assertEquals("OuterProductBenchmark", r.className());
        assertEquals("vector", r.method());
    }
}

package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tessella.kernel.JavaKernel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code tessella kernel} contract: output, JSON, evaluation, and exit 2 with one line on bad input. */
class KernelCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = TessellaCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsTheBundledLibraryAbiAndBatchSymbol() {
        Run r = run("kernel");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("kernel library   bundled native/linux-"), r.out());
        assertTrue(r.out().contains("abi version      1"), r.out());
        assertTrue(r.out().contains("batch symbol     present"), r.out());
    }

    @Test
    void evaluatesOneCallLikeTheJavaTwin() throws Exception {
        Run r = run("kernel", "--eval", "2.5", "-1.5", "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> info = JSON.std.mapFrom(r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> eval = (Map<String, Object>) info.get("eval");
        assertEquals(0, ((Number) eval.get("status")).intValue());
        assertEquals(JavaKernel.STANDARD.evaluate(2.5, -1.5).index(), ((Number) eval.get("index")).longValue());
        assertEquals(1, ((Number) info.get("abiVersion")).intValue());
        assertEquals(Boolean.TRUE, info.get("batch"));
        assertEquals("slow_computation_batch", info.get("batchVia"));
    }

    @Test
    void saysALibraryWithoutTheBatchSymbolRunsItsBatchesInTheBundledCLoop() throws Exception {
        Path noBatch = Path.of(System.getProperty("tessella.test.nativeDir"), "testlibs", "libtessella_test_no_batch.so").toAbsolutePath();
        Run text = run("kernel", "--kernel", noBatch.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("batch symbol     absent (batches run Tessella's bundled C loop over slow_computation)"), text.out());
        Map<String, Object> info = JSON.std.mapFrom(run("kernel", "--kernel", noBatch.toString(), "--json").out());
        assertEquals(Boolean.FALSE, info.get("batch"));
        assertEquals("tessella_loop_scalar", info.get("batchVia"));
    }

    @Test
    void kernelJavaForcesTheJavaTwinWhereTheBundledLibraryLoads() throws Exception {
        Map<String, Object> info = JSON.std.mapFrom(run("kernel", "--kernel", "java", "--eval", "2.5", "1.5", "--json").out());
        assertEquals(JavaKernel.STANDARD.description() + " (--kernel java)", info.get("library"));
        @SuppressWarnings("unchecked")
        Map<String, Object> bundled = (Map<String, Object>) info.get("bundled");
        assertTrue(String.valueOf(bundled.get("tessella_kernel")).startsWith("bundled native/"), "the library loads: " + bundled);
        @SuppressWarnings("unchecked")
        Map<String, Object> eval = (Map<String, Object>) info.get("eval");
        assertEquals(io.tessella.kernel.NativeKernel.bundled().evaluate(2.5, 1.5).index(), ((Number) eval.get("index")).longValue());
    }

    @Test
    void printsTheErrorCodeOfAFailedCall() {
        Run r = run("kernel", "--eval", "nan", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("slow_computation(NaN, 1.0) = status 1 (NONFINITE"), r.out());
        Run domain = run("kernel", "--eval", "0", "-1e10");
        assertTrue(domain.out().contains("status 2 (DOMAIN"), domain.out());
    }

    @Test
    void reportsNegativeAndUnknownStatusesAndNegativeIndicesAsTheKernelReturnedThem() throws Exception {
        String odd = Path.of(System.getProperty("tessella.test.nativeDir"), "testlibs", "libtessella_test_odd_status.so").toString();
        Run negativeStatus = run("kernel", "--kernel", odd, "--eval", "-1", "0");
        assertEquals(0, negativeStatus.exit(), negativeStatus.err());
        assertTrue(negativeStatus.out().contains("slow_computation(-1.0, 0.0) = status -1 (unknown"), negativeStatus.out());
        Run unknown = run("kernel", "--kernel", odd, "--eval", "101", "0");
        assertTrue(unknown.out().contains("= status 77 (unknown"), unknown.out());
        Run negativeIndex = run("kernel", "--kernel", odd, "--eval", "1", "4", "--json");
        @SuppressWarnings("unchecked")
        Map<String, Object> eval = (Map<String, Object>) JSON.std.mapFrom(negativeIndex.out()).get("eval");
        assertEquals(0, ((Number) eval.get("status")).intValue());
        assertEquals(-5L, ((Number) eval.get("index")).longValue());
        Map<String, Object> failed = JSON.std.mapFrom(run("kernel", "--kernel", odd, "--eval", "-1", "0", "--json").out());
        @SuppressWarnings("unchecked")
        Map<String, Object> failedEval = (Map<String, Object>) failed.get("eval");
        assertEquals(-1, ((Number) failedEval.get("status")).intValue());
        assertTrue(!failedEval.containsKey("index"), failedEval.toString());
    }

    @Test
    void aSwappedLibraryIsReported() {
        Path heavy = Path.of(System.getProperty("tessella.test.nativeDir"), "bundle", "bench", "libtessella_kernel_heavy.so").toAbsolutePath().normalize();
        Run r = run("kernel", "--kernel", heavy.toString(), "--eval", "1", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(heavy.toString()), r.out());
        assertTrue(r.out().contains("index " + JavaKernel.HEAVY.evaluate(1, 2).index()), r.out());
    }

    @Test
    void aMissingLibraryExitsWithStatus2AndOneLine() {
        Run r = run("kernel", "--kernel", "/no/such/lib.so");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("kernel: --kernel /no/such/lib.so: does not exist"), r.err());
    }

    @Test
    void badUsageExitsWithStatus2AndOneLine() {
        for (String[] args : new String[][] {{"kernel", "--eval", "abc", "1"}, {"kernel", "--eval", "1"}, {"kernel", "--bogus"}, {}}) {
            Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertTrue(run("kernel", "--eval", "abc", "1").err().contains("'abc' is not a number"));
    }

    @Test
    void helpWorksEverywhere() {
        assertEquals(0, run("--help").exit());
        Run r = run("kernel", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--eval"), r.out());
    }
}

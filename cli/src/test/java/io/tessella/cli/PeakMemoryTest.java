package io.tessella.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PeakMemory}: reads VmHWM in bytes, resets through clear_refs, and says when it could not. */
class PeakMemoryTest {

    @Test
    void readsVmHwmInBytes(@TempDir Path dir) throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmPeak:\t 9999 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 1000 kB\n");
        assertEquals(123456L * 1024, new PeakMemory(dir.resolve("clear_refs"), status).peakBytes());
    }

    @Test
    void writesFiveToClearRefsToStartAWindow(@TempDir Path dir) throws Exception {
        Path clear = dir.resolve("clear_refs");
        PeakMemory peak = new PeakMemory(clear, dir.resolve("status"));
        assertTrue(peak.reset());
        assertEquals("5", Files.readString(clear));
        assertTrue(peak.isPerWindow());
    }

    @Test
    void aRefusedResetFallsBackToTheWholeProcessPeak(@TempDir Path dir) {
        PeakMemory peak = new PeakMemory(dir.resolve("no-such-dir/clear_refs"), dir.resolve("status"));
        assertFalse(peak.reset());
        assertFalse(peak.isPerWindow());
        assertEquals(-1, peak.peakBytes(), "no status file: unknown");
    }

    @Test
    void theRealProcessReportsAPeakAtLeastItsHeapInUse() {
        PeakMemory peak = PeakMemory.ofThisProcess();
        peak.reset();
        Runtime rt = Runtime.getRuntime();
        assertTrue(peak.peakBytes() >= rt.totalMemory() - rt.freeMemory(), "VmHWM covers at least the heap in use");
    }
}

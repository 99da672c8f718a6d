package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** prefetch(): advice to the OS for mapped files; a no-op elsewhere; bad ranges named. */
class PrefetchTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aMappedFileTakesTheAdviceAndKeepsItsContents(@TempDir Path dir) {
        Path file = dir.resolve("a.npy");
        try (io.tessella.io.NpyOutput out = NpyFile.create(file, DType.FLOAT64, 300, 1000)) {
            for (long i = 0; i < 300; i++) {
                out.array().setDouble(i * 0.5, i, 999);
            }
            out.commit();
        }
        try (NdArray a = NpyFile.open(file, NpyFile.Mode.READ_ONLY)) {
            assertTrue(a.prefetch(0, a.size()));
            assertTrue(a.prefetch(12_345, 12_346), "a range that starts inside a page");
            assertFalse(a.prefetch(500, 500), "an empty range asks for nothing");
            assertFalse(a.slice(":, ::2").prefetch(0, 10), "a strided view is not one range");
            for (long i = 0; i < 300; i++) {
                assertEquals(i * 0.5, a.getDouble(i, 999));
            }
        }
    }

    @Test
    void memoryThatIsNotAFileIsLeftAlone() {
        try (Arena arena = Arena.ofConfined(); NdArray huge = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT64, 1 << 20)) {
            assertFalse(NdArray.allocate(arena, DType.FLOAT64, 1000).prefetch(0, 1000));
            assertFalse(huge.prefetch(0, 1 << 20));
        }
    }

    @Test
    void aRangeOutsideTheArrayOrAReleasedArrayIsRefused() {
        NdArray a;
        try (Arena arena = Arena.ofConfined()) {
            a = NdArray.allocate(arena, DType.FLOAT64, 10, 10);
            assertEquals("prefetch range [5, 101) is not within [0, 100]",
                    assertThrows(IllegalArgumentException.class, () -> a.prefetch(5, 101)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.prefetch(-1, 3));
            assertThrows(IllegalArgumentException.class, () -> a.prefetch(7, 3));
        }
        assertThrows(IllegalStateException.class, () -> a.prefetch(0, 1));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void evictingAMappedFilesPagesKeepsItsData(@TempDir Path dir) {
        Path file = dir.resolve("e.npy");
        try (io.tessella.io.NpyOutput out = NpyFile.create(file, DType.FLOAT64, 4096)) {
            for (long i = 0; i < 4096; i++) {
                out.array().setDouble(i * 0.25, i);
            }
            out.commit();
        }
        try (NdArray a = NpyFile.open(file, NpyFile.Mode.READ_ONLY)) {
            assertTrue(a.evict(0, 4096));
            assertEquals(1023.75, a.getDouble(4095), "read again from the file");
            assertFalse(a.slice("::2").evict(0, 10), "a strided view is not one range");
            assertThrows(IllegalArgumentException.class, () -> a.evict(5, 4097));
        }
        try (NdArray anon = NdArray.allocate(io.tessella.memory.Allocation.UNINITIALIZED, DType.FLOAT64, 4096)) {
            anon.setDouble(3.0, 4000);
            assertFalse(anon.evict(0, 4096), "anonymous memory is never dropped: it would lose its data");
            assertEquals(3.0, anon.getDouble(4000));
        }
    }

    private static long rssAnon() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no RssAnon");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void populatingAFreshOutputTakesItsPageFaultsNowAndKeepsItsData(@TempDir Path dir) throws Exception {
        try (NdArray fresh = NdArray.allocate(io.tessella.memory.Allocation.UNINITIALIZED, DType.FLOAT64, 8L << 20)) {
            fresh.setDouble(2.5, 7);
            long before = rssAnon();
            assertTrue(fresh.populate(0, fresh.size()));
            assertTrue(rssAnon() - before > 48L << 20, "64 MB of pages faulted in: RssAnon grew by " + (rssAnon() - before));
            assertEquals(2.5, fresh.getDouble(7), "data already written stays");
            assertFalse(fresh.slice("::2").populate(0, 4), "a strided view is not one range");
        }
        Path file = dir.resolve("p.npy");
        try (io.tessella.io.NpyOutput out = NpyFile.create(file, DType.FLOAT64, 1 << 16)) {
            out.array().setDouble(1.5, 3);
            assertTrue(out.array().populate(0, 1 << 16));
            assertEquals(1.5, out.array().getDouble(3));
            out.commit();
        }
        try (NdArray read = NpyFile.open(file, NpyFile.Mode.READ_ONLY)) {
            assertThrows(IllegalArgumentException.class, () -> read.populate(0, 1), "read-only");
        }
    }
}

package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Which arrays count as untouched, how views share it, who clears it, and {@link NdArray#populate()} over a whole view. */
class UntouchedTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void mappedMemoryAndNewFilesAreUntouchedZeroedAndWrappedMemoryIsNot(@TempDir Path dir) {
        try (NdArray u = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 4, 4);
             NdArray z = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, 4, 4);
             Arena arena = Arena.ofShared()) {
            assertTrue(u.isUntouched());
            assertFalse(z.isUntouched(), "Arena.allocate wrote zeros over it");
            assertTrue(NdArray.allocate(arena, Allocation.UNINITIALIZED, DType.INT32, 3).isUntouched());
            assertFalse(NdArray.allocate(arena, DType.INT32, 3).isUntouched());
            assertFalse(NdArray.wrap(arena.allocate(64), DType.FLOAT64, 8).isUntouched(), "nobody vouches for a wrapped segment");
            try (NpyOutput out = NpyFile.create(dir.resolve("r.npy"), DType.FLOAT32, 5, 6)) {
                assertTrue(out.array().isUntouched());
                out.array().setFloat(1f, 0, 0);
                out.commit();
            }
            try (NdArray existing = NpyFile.open(dir.resolve("r.npy"), NpyFile.Mode.READ_WRITE)) {
                assertFalse(existing.isUntouched(), "an existing file holds data");
            }
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void viewsShareItAndExactlyOneClaimSucceeds() {
        try (NdArray u = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 6, 8)) {
            NdArray view = u.slice("1:3, ::-1").transpose();
            assertTrue(view.isUntouched());
            assertTrue(view.claimUntouched());
            assertFalse(u.isUntouched(), "the claim covers the memory, not the view");
            assertFalse(u.claimUntouched());
            assertFalse(view.claimUntouched());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void handingOutTheRawMemoryOrCopyingIntoItCountsAsAWrite() {
        try (NdArray a = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 16);
             NdArray b = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 16);
             NdArray c = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 16);
             NdArray src = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, 16)) {
            a.contiguousSegment().fill((byte) 1);
            assertFalse(a.isUntouched());
            b.slice("2:4").segment();
            assertFalse(b.isUntouched());
            c.copyFrom(src);
            assertFalse(c.isUntouched());
        }
    }

    @Test
    void asUntouchedIsForTheCodeThatJustMappedTheMemory() {
        try (Arena arena = Arena.ofShared()) {
            NdArray w = NdArray.wrap(arena.allocate(64), DType.FLOAT64, 8);
            NdArray fresh = w.asUntouched();
            assertTrue(fresh.isUntouched());
            assertFalse(w.isUntouched(), "the original array is not changed");
            assertTrue(fresh.slice("::2").claimUntouched());
            assertFalse(fresh.isUntouched());
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
    void populateFaultsInAnyDenseViewAndSkipsViewsWithGaps() throws Exception {
        // 64 MiB as 4096 x 2048 float64; a reversed, transposed view of all of it is dense.
        try (NdArray fresh = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 4096, 2048)) {
            fresh.setDouble(2.5, 4095, 7);
            assertFalse(fresh.slice(":, 0:1024").populate(), "half of every row: gaps between the rows");
            assertFalse(fresh.slice("::2, :").populate(), "every other row: gaps");
            long before = rssAnon();
            assertTrue(fresh.slice("::-1, ::-1").transpose().populate());
            assertTrue(rssAnon() - before > 48L << 20, "64 MB of pages faulted in: RssAnon grew by " + (rssAnon() - before));
            assertEquals(2.5, fresh.getDouble(4095, 7), "data already written stays");
            assertFalse(fresh.slice("0:0, :").populate(), "nothing to fault in");
        }
        try (NdArray one = NdArray.allocate(Allocation.UNINITIALIZED, DType.INT16, 1, 5, 1)) {
            assertTrue(one.slice("0:1, 1:4, :").populate(), "axes of length 1 have any stride");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void populateRefusesReadOnlyArrays(@TempDir Path dir) {
        Path file = dir.resolve("p.npy");
        try (NpyOutput out = NpyFile.create(file, DType.FLOAT64, 16)) {
            out.commit();
        }
        try (NdArray read = NpyFile.open(file, NpyFile.Mode.READ_ONLY)) {
            assertThrows(IllegalArgumentException.class, read::populate);
        }
    }
}

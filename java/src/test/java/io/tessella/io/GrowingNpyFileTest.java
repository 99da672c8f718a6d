package io.tessella.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A .npy whose length comes at the end: any write order gives the file np.save writes for the same array. */
class GrowingNpyFileTest {

    private static MemorySegment longs(Arena arena, long from, int n) {
        MemorySegment s = arena.allocate(ValueLayout.JAVA_LONG, n);
        for (int i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_LONG, i, from + i);
        }
        return s;
    }

    @Test
    void writesInAnyOrderThenFinishingGiveTheBytesOfSave(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofConfined(); GrowingNpyFile g = GrowingNpyFile.create(dir.resolve("g.npy"), DType.INT64)) {
            g.write(700, longs(arena, 700, 300));
            g.write(0, longs(arena, 0, 700));
            g.finish(1000);
        }
        try (NdArray all = NdArray.allocate(Allocation.ZEROED, DType.INT64, 1000)) {
            for (long i = 0; i < 1000; i++) {
                all.setLong(i, i);
            }
            NpyFile.save(dir.resolve("s.npy"), all);
        }
        assertEquals(-1, Files.mismatch(dir.resolve("s.npy"), dir.resolve("g.npy")));
    }

    @Test
    void resumingKeepsThePrefixAndCutsWhatFollows(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("g.npy");
        try (Arena arena = Arena.ofConfined()) {
            try (GrowingNpyFile g = GrowingNpyFile.create(p, DType.INT64)) {
                g.write(0, longs(arena, 0, 50));
            }
            try (GrowingNpyFile g = GrowingNpyFile.resume(p, DType.INT64, 20)) {
                g.write(20, longs(arena, 100, 5));
                g.finish(25);
            }
        }
        try (NdArray a = NpyFile.open(p, NpyFile.Mode.READ_ONLY)) {
            assertEquals(25, a.size());
            assertEquals(19, a.getLong(19));
            assertEquals(104, a.getLong(24));
        }
    }

    @Test
    void anExistingPathOrALinkIsRefused(@TempDir Path dir) throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep me");
        Files.createSymbolicLink(dir.resolve("link.npy"), victim);
        assertThrows(OutputException.class, () -> GrowingNpyFile.create(dir.resolve("link.npy"), DType.INT64));
        var e = assertThrows(OutputException.class, () -> GrowingNpyFile.resume(dir.resolve("link.npy"), DType.INT64, 0));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("keep me", Files.readString(victim));
    }
}

package io.tessella.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.jobs.IndexCounts;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block's part: what an attempt writes is read back whole; two attempts of one block racing leave one
 * complete part; a damaged part is refused naming the file, never read as a shorter or different block.
 */
class IndexPartTest {
    @TempDir
    Path dir;

    private static IndexCounts counts(long emitted) {
        TreeMap<Integer, Long> failed = new TreeMap<>(Map.of(3, 2L, -1, 1L));
        return new IndexCounts(emitted + 10, 7, failed, emitted);
    }

    private static MemorySegment[] arrays(Arena arena, int axes, long n, long seed) {
        MemorySegment[] a = new MemorySegment[axes + 1];
        for (int k = 0; k <= axes; k++) {
            a[k] = arena.allocate(ValueLayout.JAVA_LONG, Math.max(n, 1)).asSlice(0, n * 8);
            for (long i = 0; i < n; i++) {
                a[k].setAtIndex(ValueLayout.JAVA_LONG, i, seed * 1_000_003 + k * 10_007 + i);
            }
        }
        return a;
    }

    @Test
    void aPartReadsBackWithItsCountsAndData() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] a = arrays(arena, 2, 1000, 1);
            IndexPart.write(dir, 17, counts(1000), a, 5, true);
            IndexPart p = IndexPart.read(dir.resolve(IndexPart.fileName(17)), 17, 2);
            assertEquals(counts(1000), p.counts());
            CRC32C crc = new CRC32C();
            for (MemorySegment s : a) {
                crc.update(s.asByteBuffer());
            }
            assertEquals(crc.getValue(), p.dataCrc());
            try (FileChannel ch = FileChannel.open(dir.resolve(IndexPart.fileName(17)))) {
                ByteBuffer b = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                ch.read(b, p.dataStart() + p.arrayBytes() + 8 * 999);
                assertEquals(a[1].getAtIndex(ValueLayout.JAVA_LONG, 999), b.getLong(0));
            }
            assertEquals(List.of(IndexPart.fileName(17)), names(), "no attempt file is left");
        }
    }

    @Test
    void twoAttemptsOfOneBlockLeaveOneCompletePart() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] a = arrays(arena, 1, 200_000, 2);
            List<CompletableFuture<Void>> attempts = List.of(
                    CompletableFuture.runAsync(() -> IndexPart.write(dir, 3, counts(200_000), a, 1, true)),
                    CompletableFuture.runAsync(() -> IndexPart.write(dir, 3, counts(200_000), a, 2, false)));
            for (CompletableFuture<Void> f : attempts) {
                f.get();
            }
            assertEquals(counts(200_000), IndexPart.read(dir.resolve(IndexPart.fileName(3)), 3, 1).counts());
            assertEquals(List.of(IndexPart.fileName(3)), names());
        }
    }

    @Test
    void aDamagedPartIsRefusedNamingIt() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            IndexPart.write(dir, 0, counts(50), arrays(arena, 2, 50, 3), 1, true);
        }
        Path part = dir.resolve(IndexPart.fileName(0));
        byte[] good = Files.readAllBytes(part);
        // A flipped bit in the counts, a cut file, another block's part under this name.
        byte[] flipped = good.clone();
        flipped[30] ^= 1;
        Files.write(part, flipped);
        assertMessage(part, 0, 2, "corrupt header");
        Files.write(part, java.util.Arrays.copyOf(good, good.length - 8));
        assertMessage(part, 0, 2, "its header says");
        Files.write(part, good);
        assertMessage(part, 1, 2, "holds block 0");
        assertMessage(part, 0, 1, "of a 2-d job");
        Files.write(part, "not a part".getBytes());
        assertThrows(RuntimeException.class, () -> IndexPart.read(part, 0, 2));
    }

    @Test
    void partAndAttemptNamesAreRecognised() {
        assertEquals("part-000042.tsp", IndexPart.fileName(42));
        assertEquals(42, IndexPart.partitionOf("part-000042.tsp"));
        assertEquals(-1, IndexPart.partitionOf("part-42.tsp"));
        assertEquals(-1, IndexPart.partitionOf("manifest.properties"));
        assertTrue(IndexPart.isAttempt(".part-000042.tsp.attempt-7-1f"));
    }

    private void assertMessage(Path part, int partition, int axes, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndexPart.read(part, partition, axes));
        assertTrue(e.getMessage().contains(part.toString()) && e.getMessage().contains(words), e.getMessage());
    }

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

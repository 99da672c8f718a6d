package io.tessella.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results written by other processes (Spark executors): positioned writes into an {@link NpyOutput}'s
 * partial file and files left in an {@link OutputDirectory}'s partial directory are published by the
 * owner's commit, and removed by its close; headers read through positioned reads from any storage
 * say what {@link NpyFile#readHeader} says.
 */
class ForeignWritersTest {

    @TempDir
    Path dir;

    @Test
    void positionedWritesIntoThePartialFileArePublishedByTheOwnersCommit() throws IOException {
        Path target = dir.resolve("r.npy");
        double[] expected = new double[3 * 5];
        try (NpyOutput out = NpyFile.create(target, DType.FLOAT64, 3, 5)) {
            // Another writer fills rows 2, then 0..1, as two tasks would, without creating anything.
            try (FileChannel ch = FileChannel.open(out.partialPath(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                for (int[] rows : new int[][] {{2, 3}, {0, 2}}) {
                    ByteBuffer b = ByteBuffer.allocate((rows[1] - rows[0]) * 5 * 8).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = rows[0] * 5; i < rows[1] * 5; i++) {
                        expected[i] = i * 1.5 - 7;
                        b.putDouble(expected[i]);
                    }
                    b.flip();
                    ch.write(b, out.dataOffset() + rows[0] * 5L * 8);
                }
                ch.force(false);
            }
            assertFalse(Files.exists(target), "nothing appears before the commit");
            out.commit();
        }
        try (NdArray r = NpyFile.open(target, NpyFile.Mode.READ_ONLY)) {
            double[] got = new double[15];
            for (int i = 0; i < 15; i++) {
                got[i] = r.getDouble(i / 5, i % 5);
            }
            assertArrayEquals(expected, got);
        }
    }

    @Test
    void thePartialFileIsGoneWithoutACommit() throws IOException {
        Path partial;
        try (NpyOutput out = NpyFile.create(dir.resolve("r.npy"), DType.INT64, 4)) {
            partial = out.partialPath();
            assertTrue(Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS));
            assertEquals(out.dataOffset() + 32, Files.size(partial), "the file has its final size before any writer starts");
            assertEquals(128, out.dataOffset(), "NumPy's 1.0 header of a 1-d int64 array pads to 128 bytes");
        }
        assertFalse(Files.exists(partial, LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), Arrays.asList(dir.toFile().list()));
    }

    @Test
    void filesOthersLeaveInThePartialDirectoryArePublishedWithIt() throws IOException {
        Path target = dir.resolve("result");
        try (OutputDirectory out = OutputDirectory.create(target)) {
            Files.writeString(out.partialPath().resolve("part-0.txt"), "written by an executor");
            out.commit();
        }
        assertEquals("written by an executor", Files.readString(target.resolve("part-0.txt")));
        Path partial;
        try (OutputDirectory out = OutputDirectory.create(dir.resolve("failed"))) {
            partial = out.partialPath();
            Files.writeString(partial.resolve("part-0.txt"), "never published");
        }
        assertFalse(Files.exists(partial, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(dir.resolve("failed"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aHeaderReadThroughPositionedReadsEqualsTheMappedReadersHeader() throws IOException {
        for (String name : List.of("f8_3x4.npy", "f8_0x3.npy", "i4_5x3_fortran.npy", "i4_6_v3.npy", "f8_4x2_v2.npy", "f8_scalar.npy")) {
            Path p = golden(name);
            byte[] bytes = Files.readAllBytes(p);
            NpyHeader h = NpyHeader.read(name, bytes.length, (off, len) -> Arrays.copyOfRange(bytes, (int) off, (int) off + len));
            assertEquals(NpyFile.readHeader(p), h, name);
        }
    }

    @Test
    void aBadFileReadThroughPositionedReadsIsRefusedWithTheSameWords() throws IOException {
        byte[] good = Files.readAllBytes(golden("f8_3x4.npy"));
        byte[] cut = Arrays.copyOf(good, good.length - 8);
        Path local = dir.resolve("cut.npy");
        Files.write(local, cut);
        String mapped = assertThrows(IllegalArgumentException.class, () -> NpyFile.readHeader(local)).getMessage();
        String remote = assertThrows(IllegalArgumentException.class, () -> NpyHeader.read(local.toString(), cut.length,
                (off, len) -> Arrays.copyOfRange(cut, (int) off, (int) off + len))).getMessage();
        assertEquals(mapped, remote);
        assertTrue(remote.contains("the data is truncated"), remote);
        byte[] csv = "a,b,c\n1,2,3\n".getBytes();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyHeader.read("x.npy", csv.length,
                (off, len) -> Arrays.copyOfRange(csv, (int) off, (int) off + len))).getMessage().contains("does not start with the magic string"));
        assertThrows(UncheckedIOException.class, () -> NpyHeader.read("x.npy", 100, (off, len) -> {
            throw new UncheckedIOException(new IOException("connection reset"));
        }));
    }

    private static Path golden(String name) {
        try {
            return Path.of(ForeignWritersTest.class.getResource("/npy/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

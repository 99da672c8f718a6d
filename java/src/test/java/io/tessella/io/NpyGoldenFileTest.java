package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the .npy files NumPy wrote into src/test/resources/npy (see make_golden.py there for the value
 * formulas), so the format is checked against NumPy's real output even where Python is absent.
 */
class NpyGoldenFileTest {

    @TempDir
    Path dir;

    static Path golden(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = NpyGoldenFileTest.class.getResourceAsStream("/npy/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void float64CArray() throws IOException {
        try (NdArray a = NpyFile.open(golden(dir, "f8_3x4.npy"), NpyFile.Mode.READ_ONLY)) {
            assertEquals(DType.FLOAT64, a.dtype());
            assertArrayEquals(new long[] {3, 4}, a.shape());
            assertTrue(a.isReadOnly());
            for (long i = 0; i < 3; i++) {
                for (long j = 0; j < 4; j++) {
                    assertEquals((i * 4 + j) * 0.5 - 1, a.getDouble(i, j));
                }
            }
        }
    }

    @Test
    void int64Vector() throws IOException {
        try (NdArray a = NpyFile.open(golden(dir, "i8_10.npy"), NpyFile.Mode.READ_ONLY)) {
            assertEquals(DType.INT64, a.dtype());
            for (long i = 0; i < 10; i++) {
                assertEquals((i - 5) * 1_000_000_007L, a.getLong(i));
            }
        }
    }

    @Test
    void float32Cube() throws IOException {
        try (NdArray a = NpyFile.open(golden(dir, "f4_2x3x4.npy"), NpyFile.Mode.READ_ONLY)) {
            assertEquals(DType.FLOAT32, a.dtype());
            assertEquals(23 / 8f, a.getFloat(1, 2, 3));
            assertEquals(9 / 8f, a.getFloat(0, 2, 1));
        }
    }

    @Test
    void fortranOrderBecomesAStridedView() throws IOException {
        try (NdArray a = NpyFile.open(golden(dir, "i4_5x3_fortran.npy"), NpyFile.Mode.READ_ONLY)) {
            assertArrayEquals(new long[] {5, 3}, a.shape());
            assertTrue(a.isFContiguous());
            assertFalse(a.isCContiguous());
            for (long i = 0; i < 5; i++) {
                for (long j = 0; j < 3; j++) {
                    assertEquals((int) (i * 3 + j - 7), a.getInt(i, j));
                }
            }
        }
    }

    @Test
    void formatVersions2And3() throws IOException {
        try (NdArray a = NpyFile.open(golden(dir, "f8_4x2_v2.npy"), NpyFile.Mode.READ_ONLY)) {
            assertEquals(2, NpyFile.readHeader(dir.resolve("f8_4x2_v2.npy")).major());
            assertEquals(7 * 0.25, a.getDouble(3, 1));
        }
        try (NdArray a = NpyFile.open(golden(dir, "i4_6_v3.npy"), NpyFile.Mode.READ_ONLY)) {
            assertEquals(3, NpyFile.readHeader(dir.resolve("i4_6_v3.npy")).major());
            assertEquals(15, a.getInt(5));
        }
    }

    @Test
    void scalarAndEmptyArrays() throws IOException {
        try (NdArray a = NpyFile.open(golden(dir, "f8_scalar.npy"), NpyFile.Mode.READ_ONLY)) {
            assertEquals(0, a.ndim());
            assertEquals(2.5, a.getDouble());
        }
        try (NdArray a = NpyFile.open(golden(dir, "f8_0x3.npy"), NpyFile.Mode.READ_ONLY)) {
            assertArrayEquals(new long[] {0, 3}, a.shape());
            assertEquals(0, a.size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f8_3x4.npy", "i8_10.npy", "f4_2x3x4.npy", "f8_scalar.npy", "f8_0x3.npy"})
    void rewritingANumPyFileIsByteIdentical(String name) throws IOException {
        Path src = golden(dir, name);
        Path copy = dir.resolve("copy-" + name);
        try (NdArray a = NpyFile.open(src, NpyFile.Mode.READ_ONLY)) {
            NpyFile.save(copy, a);
        }
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(copy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f8_3x4.npy", "i8_10.npy", "f4_2x3x4.npy", "f8_scalar.npy", "f8_0x3.npy", "i4_5x3_fortran.npy"})
    void encodedHeadersMatchNumPysBytes(String name) throws IOException {
        Path src = golden(dir, name);
        NpyHeader h = NpyFile.readHeader(src);
        byte[] file = Files.readAllBytes(src);
        assertArrayEquals(Arrays.copyOf(file, (int) h.dataOffset()), NpyHeader.encode(h.dtype(), h.fortranOrder(), h.shape()));
    }

    @Test
    void bigEndianFileMapsAsABigEndianArray() throws IOException {
        Path p = golden(dir, "be_f8_3.npy");
        NpyHeader h = NpyFile.readHeader(p);
        assertEquals(java.nio.ByteOrder.BIG_ENDIAN, h.byteOrder());
        assertTrue(h.toString().contains("descr '>f8'"), h.toString());
        for (NpyFile.Mode mode : NpyFile.Mode.values()) {
            try (NdArray a = NpyFile.open(p, mode)) {
                assertEquals(java.nio.ByteOrder.BIG_ENDIAN, a.byteOrder());
                assertFalse(a.isNativeOrder());
                for (long i = 0; i < 3; i++) {
                    assertEquals((double) i, a.getDouble(i));
                }
            }
        }
    }

    @Test
    void unsignedBytesNumPyWroteMapAsUint8() throws IOException {
        try (NdArray a = NpyFile.open(golden(dir, "u1_4.npy"), NpyFile.Mode.READ_ONLY)) {
            assertEquals(DType.UINT8, a.dtype());
            for (long i = 0; i < 4; i++) {
                assertEquals(i, a.getLong(i));
            }
        }
    }

    @Test
    void unsupportedDescriptorIsRejectedByName() throws IOException {
        Path p = golden(dir, "u1_4.npy");
        byte[] b = Files.readAllBytes(p);
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'|u1'", "'<c8'");
        Files.write(p, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(p, NpyFile.Mode.READ_ONLY));
        assertTrue(e.getMessage().startsWith("unsupported dtype descriptor '<c8'"), e.getMessage());
        assertTrue(e.getMessage().contains("a.real.astype('<f8')"), e.getMessage());
    }

    @Test
    void notAnNpyFileIsRejected() throws IOException {
        Path p = Files.write(dir.resolve("x.npy"), "hello world, not numpy".getBytes());
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(p, NpyFile.Mode.READ_ONLY));
        assertTrue(e.getMessage().contains("is not a .npy file"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsRejected() throws IOException {
        byte[] full = Files.readAllBytes(golden(dir, "f8_3x4.npy"));
        Path p = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(full, 50));
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(p, NpyFile.Mode.READ_ONLY));
        assertTrue(e.getMessage().contains("truncated header: it claims 118 header bytes"), e.getMessage());
        Path tiny = Files.write(dir.resolve("tiny.npy"), Arrays.copyOf(full, 9));
        var t = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(tiny, NpyFile.Mode.READ_ONLY));
        assertTrue(t.getMessage().contains("truncated header"), t.getMessage());
    }

    @Test
    void fileShorterThanItsHeaderClaimsIsRejected() throws IOException {
        byte[] full = Files.readAllBytes(golden(dir, "f8_3x4.npy"));
        Path p = Files.write(dir.resolve("short.npy"), Arrays.copyOf(full, full.length - 8));
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(p, NpyFile.Mode.READ_ONLY));
        assertTrue(e.getMessage().contains("is 216 bytes but its header (descr '<f8', shape (3, 4)) needs 224"),
                e.getMessage());
    }

    @Test
    void corruptHeaderIsRejected() throws IOException {
        byte[] full = Files.readAllBytes(golden(dir, "f8_3x4.npy"));
        String text = new String(full, java.nio.charset.StandardCharsets.ISO_8859_1);
        Path noShape = Files.write(dir.resolve("c1.npy"),
                text.replace("'shape': (3, 4)", "'shape': (3, x)").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(noShape, NpyFile.Mode.READ_ONLY));
        assertTrue(e.getMessage().contains("corrupt header"), e.getMessage());
        Path badKey = Files.write(dir.resolve("c2.npy"),
                text.replace("'shape'", "'shapf'").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var k = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(badKey, NpyFile.Mode.READ_ONLY));
        assertTrue(k.getMessage().contains("are not exactly descr, fortran_order, shape"), k.getMessage());
        byte[] v4 = full.clone();
        v4[6] = 4;
        Path version = Files.write(dir.resolve("c3.npy"), v4);
        var v = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(version, NpyFile.Mode.READ_ONLY));
        assertTrue(v.getMessage().contains("unsupported .npy format version 4.0"), v.getMessage());
    }

    @Test
    void missingFileIsRejectedByName() {
        Path p = dir.resolve("absent.npy");
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(p, NpyFile.Mode.READ_ONLY));
        assertEquals("path = " + p + " does not exist", e.getMessage());
    }

    @Test
    void writingAReadOnlyMappingIsRejected() throws IOException {
        try (NdArray a = NpyFile.open(golden(dir, "f8_3x4.npy"), NpyFile.Mode.READ_ONLY)) {
            var e = assertThrows(IllegalArgumentException.class, () -> a.setDouble(1.0, 0, 0));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
    }

    @Test
    void readWriteMappingWritesReachTheFile() throws IOException {
        Path p = golden(dir, "i8_10.npy");
        try (NdArray a = NpyFile.open(p, NpyFile.Mode.of("r+"))) {
            a.setLong(42, 3);
        }
        byte[] bytes = Files.readAllBytes(p);
        long at = NpyFile.readHeader(p).dataOffset() + 3 * 8;
        assertEquals(42, java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong((int) at));
    }

    @Test
    void accessAfterCloseIsIllegalState() throws IOException {
        NdArray a = NpyFile.open(golden(dir, "f8_3x4.npy"), NpyFile.Mode.READ_ONLY);
        a.close();
        a.close();
        assertThrows(IllegalStateException.class, () -> a.getDouble(0, 0));
    }

    @Test
    void createdFileAppearsOnlyWhenCommitted() throws IOException {
        Path p = dir.resolve("new.npy");
        try (NpyOutput out = NpyFile.create(p, DType.INT32, 4, 5)) {
            out.array().setInt(7, 3, 4);
            assertFalse(Files.exists(p), "the real name must not exist before commit");
            try (var listing = Files.list(dir)) {
                assertTrue(listing.anyMatch(f -> f.getFileName().toString().startsWith(".new.npy.tessella-partial-")));
            }
            out.commit();
        }
        try (var listing = Files.list(dir)) {
            assertEquals(java.util.List.of(p), listing.toList());
        }
        try (NdArray b = NpyFile.open(p, NpyFile.Mode.READ_ONLY)) {
            assertEquals(7, b.getInt(3, 4));
            assertEquals(0, b.getInt(0, 0));
        }
    }

    @Test
    void modeStringsFollowNumPy() {
        assertEquals(NpyFile.Mode.READ_ONLY, NpyFile.Mode.of("r"));
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.Mode.of("w+"));
        assertTrue(e.getMessage().startsWith("mmapMode = 'w+'"), e.getMessage());
    }
}

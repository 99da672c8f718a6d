package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.TestIndices;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NpyRoundTripPropertyTest {

    private final Path dir;

    NpyRoundTripPropertyTest() throws IOException {
        dir = Files.createTempDirectory("npy-props");
    }

    @AfterProperty
    void removeDir() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 100)
    void writeOpenRewriteIsByteIdenticalAndKeepsEveryValue(@ForAll Random random) throws IOException {
        DType t = DType.values()[random.nextInt(DType.values().length)];
        long[] shape = new long[random.nextInt(4)];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = random.nextInt(6);
        }
        long[] bits = random.longs(1 + 6 * 6 * 6).toArray();
        Path first = dir.resolve("a.npy");
        Path second = dir.resolve("b.npy");
        try (NpyOutput out = NpyFile.create(first, t, shape, WriteOption.OVERWRITE)) {
            NdArray a = out.array();
            long[] n = {0};
            TestIndices.forEachIndex(shape, idx -> put(a, idx, bits[(int) n[0]++]));
            out.commit();
        }
        try (NdArray a = NpyFile.open(first, NpyFile.Mode.READ_ONLY)) {
            assertEquals(t, a.dtype());
            assertArrayEquals(shape, a.shape());
            long[] n = {0};
            TestIndices.forEachIndex(shape, idx -> assertEquals(expected(t, bits[(int) n[0]++]), read(a, idx)));
            NpyFile.save(second, a, WriteOption.OVERWRITE);
        }
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    /** Stores raw random bits (NaN payloads included for floats) so byte identity is a real test. */
    private static void put(NdArray a, long[] idx, long bits) {
        long off = a.offsetOf(idx);
        switch ((int) a.dtype().byteSize()) {
            case 8 -> a.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, off, bits);
            case 4 -> a.segment().set(ValueLayout.JAVA_INT_UNALIGNED, off, (int) bits);
            case 2 -> a.segment().set(ValueLayout.JAVA_SHORT_UNALIGNED, off, (short) bits);
            default -> a.segment().set(ValueLayout.JAVA_BYTE, off, (byte) bits);
        }
    }

    private static long expected(DType t, long bits) {
        return switch ((int) t.byteSize()) {
            case 8 -> bits;
            case 4 -> (int) bits;
            case 2 -> (short) bits;
            default -> (byte) bits;
        };
    }

    private static long read(NdArray a, long[] idx) {
        long off = a.offsetOf(idx);
        return switch ((int) a.dtype().byteSize()) {
            case 8 -> a.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, off);
            case 4 -> a.segment().get(ValueLayout.JAVA_INT_UNALIGNED, off);
            case 2 -> a.segment().get(ValueLayout.JAVA_SHORT_UNALIGNED, off);
            default -> a.segment().get(ValueLayout.JAVA_BYTE, off);
        };
    }
}

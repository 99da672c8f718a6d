package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte order is a property of an array: accessors, views and copies honour it; descriptors carry it. */
class ByteOrderTest {

    @Test
    void aBigEndianArrayStoresItsElementsBigEndian() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = arena.allocate(4 * 8);
            NdArray be = NdArray.wrap(m, DType.FLOAT64, 4).withByteOrder(ByteOrder.BIG_ENDIAN);
            be.setDouble(Math.PI, 1);
            byte[] raw = new byte[8];
            MemorySegment.copy(m, java.lang.foreign.ValueLayout.JAVA_BYTE, 8, raw, 0, 8);
            assertEquals(Math.PI, ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).getDouble());
            assertEquals(Math.PI, be.getDouble(1));
            assertEquals(ByteOrder.BIG_ENDIAN, be.byteOrder());
            assertFalse(be.isNativeOrder());
            assertTrue(be.toString().contains("big-endian"), be.toString());
        }
    }

    @Test
    void everyAccessorHonoursTheOrder() {
        try (Arena arena = Arena.ofShared()) {
            NdArray i64 = NdArray.allocate(arena, DType.INT64, 2).withByteOrder(ByteOrder.BIG_ENDIAN);
            i64.setLong(0x0102030405060708L, 1);
            assertEquals(0x0807060504030201L, i64.withByteOrder(ByteOrder.LITTLE_ENDIAN).getLong(1));
            assertEquals(0x0102030405060708L, i64.getLong(1));
            NdArray i32 = NdArray.allocate(arena, DType.INT32, 2).withByteOrder(ByteOrder.BIG_ENDIAN);
            i32.setInt(0x01020304, 0);
            assertEquals(0x04030201, i32.withByteOrder(ByteOrder.LITTLE_ENDIAN).getInt(0));
            assertEquals(0x01020304L, i32.getLong(0));
            NdArray f32 = NdArray.allocate(arena, DType.FLOAT32, 2).withByteOrder(ByteOrder.BIG_ENDIAN);
            f32.setFloat(1.5f, 1);
            assertEquals(1.5f, f32.getFloat(1));
            assertEquals(1.5, f32.getDouble(1));
            assertEquals(Float.intBitsToFloat(Integer.reverseBytes(Float.floatToRawIntBits(1.5f))),
                    f32.withByteOrder(ByteOrder.LITTLE_ENDIAN).getFloat(1));
        }
    }

    @Test
    void viewsKeepTheOrderAndWithByteOrderOfTheSameOrderIsTheSameArray() {
        try (Arena arena = Arena.ofShared()) {
            NdArray be = NdArray.allocate(arena, DType.FLOAT64, 3, 4).withByteOrder(ByteOrder.BIG_ENDIAN);
            assertEquals(ByteOrder.BIG_ENDIAN, be.slice(":, ::-1").byteOrder());
            assertEquals(ByteOrder.BIG_ENDIAN, be.select(0, 1).byteOrder());
            assertEquals(ByteOrder.BIG_ENDIAN, be.transpose().byteOrder());
            assertEquals(ByteOrder.BIG_ENDIAN, be.view(new long[] {0, 1}, new long[] {2, 3}).byteOrder());
            assertSame(be, be.withByteOrder(ByteOrder.BIG_ENDIAN));
            assertEquals(ByteOrder.LITTLE_ENDIAN, NdArray.allocate(arena, DType.FLOAT64, 1).byteOrder());
        }
    }

    @Test
    void copyFromConvertsBetweenOrdersForEveryLayout() {
        try (Arena arena = Arena.ofShared()) {
            for (DType t : DType.values()) {
                NdArray le = NdArray.allocate(arena, t, 5, 6);
                NdArrayTest.fillWithFlatIndex(le);
                NdArray be = NdArray.allocate(arena, t, 6, 5).withByteOrder(ByteOrder.BIG_ENDIAN).transpose();
                be.copyFrom(le);
                NdArray back = NdArray.allocate(arena, t, 5, 6);
                back.copyFrom(be.slice("::-1, :").slice("::-1, :"));
                TestIndices.forEachIndex(le.shape(), idx -> {
                    double want = le.getAsDouble(idx);
                    assertEquals(want, be.getAsDouble(idx), t + " " + java.util.Arrays.toString(idx));
                    assertEquals(want, back.getAsDouble(idx), t + " back");
                });
                NdArray contiguousBe = NdArray.allocate(arena, t, 5, 6).withByteOrder(ByteOrder.BIG_ENDIAN);
                contiguousBe.copyFrom(le);
                assertEquals(le.getAsDouble(4, 5), contiguousBe.getAsDouble(4, 5), t + " C-contiguous pair");
            }
            NdArray s = NdArray.allocate(arena, DType.FLOAT64);
            s.setDouble(-2.5);
            NdArray sb = NdArray.allocate(arena, DType.FLOAT64).withByteOrder(ByteOrder.BIG_ENDIAN);
            sb.copyFrom(s);
            assertEquals(-2.5, sb.getDouble(), "0-d");
        }
    }

    @Test
    void transposeIsNumPysTranspose() {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = NdArray.allocate(arena, DType.INT64, 2, 3, 4);
            NdArrayTest.fillWithFlatIndex(a);
            NdArray t = a.transpose(2, 0, 1);
            assertArrayEquals(new long[] {4, 2, 3}, t.shape());
            assertEquals(a.getLong(1, 2, 3), t.getLong(3, 1, 2));
            NdArray r = a.transpose();
            assertArrayEquals(new long[] {4, 3, 2}, r.shape());
            assertEquals(a.getLong(1, 0, 3), r.getLong(3, 0, 1));
            assertTrue(NdArray.allocate(arena, DType.FLOAT64, 3, 5).transpose().isFContiguous());
            var e = assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 0, 1));
            assertEquals("axes [0, 0, 1] is not a permutation of 0..2", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 1));
            assertEquals(0, NdArray.allocate(arena, DType.FLOAT64).transpose().ndim());
        }
    }

    @Test
    void alignmentIsNumPysAlignedFlag() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = arena.allocate(64, 8);
            assertTrue(NdArray.wrap(m, DType.FLOAT64, 4).isAligned());
            NdArray odd = NdArray.wrap(m, 1, DType.FLOAT64, new long[] {4}, new long[] {8});
            assertFalse(odd.isAligned());
            odd.setDouble(7.25, 3);
            assertEquals(7.25, odd.getDouble(3), "unaligned elements read and write");
            assertTrue(NdArray.wrap(m, 1, DType.FLOAT64, new long[] {0}, new long[] {8}).isAligned(), "empty");
            assertTrue(NdArray.wrap(m, 4, DType.INT32, new long[] {3}, new long[] {4}).isAligned());
        }
    }

    @ParameterizedTest
    @CsvSource({"<f8, FLOAT64, LITTLE_ENDIAN", ">f8, FLOAT64, BIG_ENDIAN", ">i8, INT64, BIG_ENDIAN", "<i4, INT32, LITTLE_ENDIAN",
            ">f4, FLOAT32, BIG_ENDIAN", "=f8, FLOAT64, NATIVE", "|f8, FLOAT64, NATIVE", "f8, FLOAT64, NATIVE", ">u2, UINT16, BIG_ENDIAN",
            "<i2, INT16, LITTLE_ENDIAN", ">u4, UINT32, BIG_ENDIAN", "<u8, UINT64, LITTLE_ENDIAN"})
    void descriptorsSplitIntoTypeAndOrder(String descr, DType type, String order) {
        assertEquals(type, DType.fromDescr(descr));
        ByteOrder expected = switch (order) {
            case "BIG_ENDIAN" -> ByteOrder.BIG_ENDIAN;
            case "LITTLE_ENDIAN" -> ByteOrder.LITTLE_ENDIAN;
            default -> ByteOrder.nativeOrder();
        };
        assertEquals(expected, DType.byteOrderOf(descr));
        assertEquals(descr.replaceAll("^[<>=|]", "").isEmpty() ? "" : (expected == ByteOrder.BIG_ENDIAN ? ">" : "<")
                + type.descr().substring(1), type.descr(expected));
    }

    @ParameterizedTest
    @CsvSource({"|u1, UINT8", ">u1, UINT8", "<i1, INT8", "i1, INT8", "|b1, BOOL", "?, BOOL", "b1, BOOL"})
    void oneByteDescriptorsHaveNoByteOrder(String descr, DType type) {
        assertEquals(type, DType.fromDescr(descr));
        assertEquals(ByteOrder.LITTLE_ENDIAN, DType.byteOrderOf(descr));
        assertEquals("|" + descr.replaceAll("^[<>=|]", "").replace("?", "b1"), type.descr(ByteOrder.BIG_ENDIAN));
        try (Arena arena = Arena.ofShared()) {
            NdArray a = NdArray.allocate(arena, type, 3);
            assertEquals(a, a.withByteOrder(ByteOrder.BIG_ENDIAN), "no other order to read one byte in");
            assertTrue(a.isNativeOrder());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f2", "<c8", "<c16", "", "<", "f16", "<f8 ", "|V8", "<M8[ns]", "<i3", "|b2"})
    void otherDescriptorsAreRejectedByName(String descr) {
        var e = assertThrows(IllegalArgumentException.class, () -> DType.fromDescr(descr));
        assertTrue(e.getMessage().startsWith("unsupported dtype descriptor '" + descr + "'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DType.byteOrderOf(descr));
    }
}

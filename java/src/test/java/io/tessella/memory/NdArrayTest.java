package io.tessella.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NdArrayTest {

    @ParameterizedTest
    @EnumSource(Allocation.class)
    void everyAllocationModeStoresAndReadsBackEveryElement(Allocation mode) {
        try (NdArray a = NdArray.allocate(mode, DType.FLOAT64, 37, 41)) {
            for (long i = 0; i < 37; i++) {
                for (long j = 0; j < 41; j++) {
                    a.setDouble(i * 1000 + j + 0.5, i, j);
                }
            }
            for (long i = 0; i < 37; i++) {
                for (long j = 0; j < 41; j++) {
                    assertEquals(i * 1000 + j + 0.5, a.getDouble(i, j));
                }
            }
            assertArrayEquals(new long[] {41 * 8, 8}, a.byteStrides());
            assertTrue(a.isCContiguous());
            assertEquals(37 * 41, a.size());
        }
    }

    @Test
    void hugePageAllocationIsTwoMebibyteAligned() {
        try (NdArray a = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT32, 3, 1000)) {
            assertEquals(0, a.segment().address() % (2L << 20));
            assertEquals(3 * 1000 * 4, a.segment().byteSize());
        }
    }

    @Test
    void hugePageAllocationIsAdvisedAndOthersAreNot() throws java.io.IOException {
        try (NdArray huge = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, 1 << 20);
             NdArray plain = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 1 << 20)) {
            // VmFlags "hg" is the kernel's record of madvise(MADV_HUGEPAGE) on the mapping.
            assertTrue(vmFlags(huge.segment().address()).contains("hg"), () -> "" + vmFlags0(huge));
            assertFalse(vmFlags(plain.segment().address()).contains("hg"), () -> "" + vmFlags0(plain));
        }
    }

    private static List<String> vmFlags0(NdArray a) {
        try {
            return vmFlags(a.segment().address());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The VmFlags of the mapping in /proc/self/smaps that contains the address. */
    static List<String> vmFlags(long address) throws java.io.IOException {
        boolean inside = false;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inside = Long.compareUnsigned(Long.parseUnsignedLong(range[0], 16), address) <= 0
                        && Long.compareUnsigned(address, Long.parseUnsignedLong(range[1], 16)) < 0;
            } else if (inside && line.startsWith("VmFlags:")) {
                return List.of(line.substring(8).trim().split("\\s+"));
            }
        }
        throw new AssertionError("no mapping contains 0x" + Long.toHexString(address));
    }

    @Test
    void zeroedAllocationIsZero() {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = NdArray.allocate(arena, DType.INT64, 1000);
            for (long i = 0; i < 1000; i++) {
                assertEquals(0L, a.getLong(i));
            }
        }
    }

    @Test
    void eachDTypeRoundTripsItsValues() {
        try (Arena arena = Arena.ofShared()) {
            NdArray f64 = NdArray.allocate(arena, DType.FLOAT64, 2);
            f64.setDouble(Math.PI, 1);
            assertEquals(Math.PI, f64.getDouble(1));
            NdArray f32 = NdArray.allocate(arena, DType.FLOAT32, 2);
            f32.setFloat(1.25f, 1);
            assertEquals(1.25f, f32.getFloat(1));
            assertEquals(1.25, f32.getDouble(1));
            NdArray i64 = NdArray.allocate(arena, DType.INT64, 2);
            i64.setLong(Long.MIN_VALUE, 0);
            assertEquals(Long.MIN_VALUE, i64.getLong(0));
            NdArray i32 = NdArray.allocate(arena, DType.INT32, 2);
            i32.setInt(-7, 1);
            assertEquals(-7, i32.getInt(1));
            assertEquals(-7L, i32.getLong(1));
        }
    }

    @Test
    void elementsAreLittleEndianInMemory() {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = NdArray.allocate(arena, DType.INT32, 1);
            a.setInt(0x01020304, 0);
            assertEquals(0x04, a.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void negativeShapeIsRejectedNamingTheAxis() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, 4, -3));
        assertEquals("shape[1] = -3 is negative", e.getMessage());
    }

    @Test
    void overflowingShapeIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 1L << 40, 1L << 30));
        assertTrue(e.getMessage().contains("[1099511627776, 1073741824]"), e.getMessage());
        var bytes = assertThrows(IllegalArgumentException.class,
                () -> NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 1L << 61));
        assertTrue(bytes.getMessage().contains("bytes"), bytes.getMessage());
    }

    @Test
    void indexOutOfRangeNamesAxisAndValue() {
        try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, 3, 5)) {
            var e = assertThrows(IllegalArgumentException.class, () -> a.getDouble(1, 5));
            assertEquals("index[1] = 5 is out of range [0, 5) for axis 1", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.getDouble(-1, 0));
            var n = assertThrows(IllegalArgumentException.class, () -> a.getDouble(1));
            assertTrue(n.getMessage().contains("1 entries but the array has 2 axes"), n.getMessage());
        }
    }

    @Test
    void dtypeMismatchIsRejected() {
        try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.INT64, 3)) {
            var e = assertThrows(IllegalArgumentException.class, () -> a.getDouble(0));
            assertEquals("getDouble needs dtype FLOAT64 or FLOAT32 but the array's dtype is INT64", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.setDouble(1.0, 0));
            assertThrows(IllegalArgumentException.class, () -> a.getInt(0));
            assertThrows(IllegalArgumentException.class, () -> a.setFloat(1f, 0));
        }
        try (NdArray b = NdArray.allocate(Allocation.ZEROED, DType.INT32, 3)) {
            var e = assertThrows(IllegalArgumentException.class, () -> b.setLong(1L << 40, 0));
            assertEquals("value = 1099511627776 does not fit in INT32", e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndLaterAccessIsIllegalState() {
        NdArray a = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 10);
        NdArray view = a.slice("2:5");
        a.setDouble(1.0, 3);
        assertTrue(a.isAlive());
        a.close();
        a.close();
        assertFalse(a.isAlive());
        assertFalse(view.isAlive());
        var e = assertThrows(IllegalStateException.class, () -> a.getDouble(3));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> view.getDouble(1));
        assertThrows(IllegalStateException.class, () -> view.setDouble(2.0, 1));
    }

    @Test
    void ownedBytesAreCountedUntilClosed() {
        long before = NdArray.liveOwnedBytes();
        NdArray a = NdArray.allocate(Allocation.HUGE_PAGES, DType.INT32, 1000);
        NdArray b = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, 10, 10);
        assertEquals(before + 4000 + 800, NdArray.liveOwnedBytes());
        a.close();
        a.close();
        assertEquals(before + 800, NdArray.liveOwnedBytes());
        b.close();
        assertEquals(before, NdArray.liveOwnedBytes());
        try (Arena arena = Arena.ofShared()) {
            NdArray.allocate(arena, DType.INT64, 100);
            assertEquals(before, NdArray.liveOwnedBytes());
        }
    }

    @Test
    void aCloseThatFailsLeavesTheArrayOpenAndCanBeRetried() {
        Arena arena = Arena.ofShared();
        MemorySegment seg = arena.allocate(16);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        long before = NdArray.liveOwnedBytes();
        NdArray a = NdArray.adopt(seg, 0, DType.INT32, new long[] {4}, new long[] {4}, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.io.IOException("disk full");
            }
            arena.close();
        });
        var e = assertThrows(java.io.UncheckedIOException.class, a::close);
        assertEquals("disk full", e.getCause().getMessage());
        assertTrue(a.isAlive());
        a.setInt(3, 1);
        assertEquals(before + 16, NdArray.liveOwnedBytes());
        a.close();
        a.close();
        assertFalse(a.isAlive());
        assertEquals(2, calls.get());
        assertEquals(before, NdArray.liveOwnedBytes());
    }

    @Test
    void closingAViewDoesNotReleaseTheOwner() {
        try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.INT32, 10)) {
            NdArray view = a.slice("2:5");
            assertFalse(view.isOwner());
            view.close();
            view.setInt(9, 0);
            assertEquals(9, a.getInt(2));
        }
    }

    @Test
    void arrayInAClosedArenaThrowsIllegalState() {
        Arena arena = Arena.ofShared();
        NdArray a = NdArray.allocate(arena, Allocation.HUGE_PAGES, DType.FLOAT64, 100);
        a.close(); // borrowing: no effect
        a.setDouble(1.0, 0);
        arena.close();
        var e = assertThrows(IllegalStateException.class, () -> a.getDouble(0));
        assertTrue(e.getMessage().contains("arena"), e.getMessage());
    }

    @Test
    void closeWhileAnotherThreadReadsNeverCrashes() throws Exception {
        NdArray a = NdArray.allocate(Allocation.UNINITIALIZED, DType.INT64, 1 << 16);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            started.countDown();
            try {
                long sum = 0;
                while (true) {
                    for (long i = 0; i < a.size(); i++) {
                        sum += a.getLong(i);
                    }
                    if (sum == Long.MIN_VALUE) {
                        return;
                    }
                }
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        started.await();
        Thread.sleep(20);
        a.close();
        reader.join(10_000);
        assertFalse(reader.isAlive());
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
    }

    @Test
    void readOnlySegmentRefusesWrites() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(64).asReadOnly();
            NdArray a = NdArray.wrap(seg, DType.FLOAT64, 8);
            assertTrue(a.isReadOnly());
            var e = assertThrows(IllegalArgumentException.class, () -> a.setDouble(1.0, 2));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertEquals(0.0, a.getDouble(2));
        }
    }

    @Test
    void wrapRejectsElementsOutsideTheSegment() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(64);
            var e = assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(seg, DType.FLOAT64, 3, 3));
            assertTrue(e.getMessage().contains("outside the segment of 64 bytes"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> NdArray.wrap(seg, 0, DType.FLOAT64, new long[] {2}, new long[] {-8}));
            assertThrows(IllegalArgumentException.class,
                    () -> NdArray.wrap(seg, 0, DType.FLOAT64, new long[] {2}, new long[] {4}));
            NdArray reversed = NdArray.wrap(seg, 56, DType.FLOAT64, new long[] {8}, new long[] {-8});
            reversed.setDouble(5.0, 0);
            assertEquals(5.0, NdArray.wrap(seg, DType.FLOAT64, 8).getDouble(7));
        }
    }

    @Test
    void numpyStyleTileSlicesAddressTheRightElements() {
        // r[0:333, 1000:] on a 1000 x 1200 array whose element value is its flat index
        try (NdArray r = NdArray.allocate(Allocation.UNINITIALIZED, DType.INT64, 1000, 1200)) {
            fillWithFlatIndex(r);
            NdArray tile = r.slice("0:333, 1000:");
            assertArrayEquals(new long[] {333, 200}, tile.shape());
            assertEquals(1000, tile.getLong(0, 0));
            assertEquals(332 * 1200 + 1199, tile.getLong(332, 199));
            assertFalse(tile.isCContiguous());
            assertTrue(r.slice("5:9").isCContiguous());
            assertEquals(4 * 1200 * 8, r.slice("5:9").contiguousSegment().byteSize());
            assertThrows(IllegalStateException.class, tile::contiguousSegment);
        }
    }

    @Test
    void cubeTilesAreBoxViews() {
        // a[:, i:i+4, j:j+4] over a (365, 16, 16) cube, as in the shared-memory recipe
        try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, 365, 16, 16)) {
            for (long d = 0; d < 365; d++) {
                for (long y = 0; y < 16; y++) {
                    for (long x = 0; x < 16; x++) {
                        a.setDouble(d * 256 + y * 16 + x, d, y, x);
                    }
                }
            }
            for (long i = 0; i < 16; i += 4) {
                for (long j = 0; j < 16; j += 4) {
                    NdArray s = a.slice(Slice.all(), Slice.of(i, i + 4), Slice.of(j, j + 4));
                    NdArray v = a.view(new long[] {0, i, j}, new long[] {365, i + 4, j + 4});
                    assertArrayEquals(s.shape(), v.shape());
                    assertEquals(s.byteOffset(), v.byteOffset());
                    assertArrayEquals(s.byteStrides(), v.byteStrides());
                    assertEquals(100 * 256 + (i + 3) * 16 + j + 2, v.getDouble(100, 3, 2));
                }
            }
        }
    }

    @Test
    void negativeStepReversesAnAxis() {
        try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.INT32, 10)) {
            for (int i = 0; i < 10; i++) {
                a.setInt(i, i);
            }
            NdArray r = a.slice("::-3");
            assertArrayEquals(new long[] {4}, r.shape());
            assertEquals(9, r.getInt(0));
            assertEquals(0, r.getInt(3));
            assertEquals(-12, r.byteStrides()[0]);
        }
    }

    @Test
    void outOfRangeSlicesAndBoxesAreRejected() {
        try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.INT32, 10, 4)) {
            var e = assertThrows(IllegalArgumentException.class, () -> a.slice("0:11"));
            assertEquals("slice stop = 11 is out of range [-10, 10] for axis 0 of length 10", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.slice("::0"));
            assertThrows(IllegalArgumentException.class, () -> a.slice(":, :, :"));
            assertThrows(IllegalArgumentException.class, () -> a.slice("1"));
            var b = assertThrows(IllegalArgumentException.class,
                    () -> a.view(new long[] {2, 0}, new long[] {1, 4}));
            assertEquals("stop[0] = 1 is out of range [2, 10]", b.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.view(new long[] {0, 0}, new long[] {10, 5}));
            assertThrows(IllegalArgumentException.class, () -> a.select(1, 4));
        }
    }

    @Test
    void selectDropsAnAxis() {
        try (NdArray a = NdArray.allocate(Allocation.ZEROED, DType.INT64, 3, 4, 5)) {
            fillWithFlatIndex(a);
            NdArray m = a.select(1, 2);
            assertArrayEquals(new long[] {3, 5}, m.shape());
            assertEquals(1 * 20 + 2 * 5 + 4, m.getLong(1, 4));
        }
    }

    @Test
    void zeroDimensionalAndEmptyArraysWork() {
        try (NdArray s = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64)) {
            assertEquals(1, s.size());
            s.setDouble(2.0);
            assertEquals(2.0, s.getDouble());
        }
        try (NdArray e = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, 0, 5)) {
            assertEquals(0, e.size());
            assertArrayEquals(new long[] {0, 4}, e.slice("0:, 1:").shape());
        }
    }

    /** More than 2^31 elements without 8 GiB of RAM: an uninitialised mapping touched in a few pages. */
    @Test
    void arraysBeyondTwoToTheThirtyOneElementsWork() {
        long n = (1L << 31) + 17;
        try (NdArray a = NdArray.allocate(Allocation.UNINITIALIZED, DType.INT32, n)) {
            assertEquals(n, a.size());
            long[] probes = {0, (1L << 31) - 1, 1L << 31, n - 1};
            for (long i : probes) {
                a.setInt((int) (i % 1_000_003), i);
            }
            for (long i : probes) {
                assertEquals((int) (i % 1_000_003), a.getInt(i));
            }
            NdArray tail = a.slice(Slice.from(1L << 31));
            assertEquals(17, tail.size());
            assertEquals((int) ((n - 1) % 1_000_003), tail.getInt(16));
            NdArray grid = NdArray.wrap(a.segment(), DType.INT32, 1L << 16, 1L << 15);
            assertEquals(a.getInt((1L << 31) - 1), grid.getInt(65_535, 32_767));
        }
    }

    static void fillWithFlatIndex(NdArray a) {
        long[] shape = a.shape();
        long[] idx = new long[shape.length];
        for (long flat = 0; flat < a.size(); flat++) {
            long rest = flat;
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k] = rest % shape[k];
                rest /= shape[k];
            }
            DType t = a.dtype();
            if (t.isFloating()) {
                a.setDouble(flat, idx);
            } else if (t == DType.BOOL) {
                a.setBoolean(flat % 2 == 1, idx);
            } else {
                a.setLong(Cast.toInteger(flat, t), idx);
            }
        }
    }
}

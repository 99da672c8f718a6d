package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Example;

/**
 * Staging copies exactly what element-by-element access reads and writes, for every layout, byte order
 * and element type: the reference is the plain loop over {@link NdArray#getDouble}/{@link NdArray#setDouble}
 * in C order, not the stride arithmetic under test.
 */
class StagingProperties {

    private static final ValueLayout.OfDouble NATIVE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    @Property(tries = 300)
    void gatherFlatCopiesTheElementsOfAnyRangeInCOrder(@ForAll Random rnd) {
        try (Arena arena = Arena.ofShared()) {
            DType t = rnd.nextInt(4) == 0 ? DType.INT64 : DType.FLOAT64;
            RandomLayouts.View v = RandomLayouts.view(rnd, arena, t, shape(rnd), 0.4, 0.2, true);
            NdArray a = v.array();
            long start = a.size() == 0 ? 0 : rnd.nextLong(a.size() + 1);
            long stop = start + (a.size() == start ? 0 : rnd.nextLong(a.size() - start + 1));
            MemorySegment dst = arena.allocate((stop - start) * 8 + 16, 8);
            dst.fill((byte) 0x5A);
            Staging.gatherFlat(a, start, stop, dst, 8);
            double[] all = NumPyServer.values(a);
            for (long i = start; i < stop; i++) {
                double want = all[(int) i];
                double got = dst.get(NATIVE, 8 + (i - start) * 8);
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), "element " + i + " of " + v);
            }
            assertEquals(0x5A5A5A5A5A5A5A5AL, dst.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), "bytes before the range");
            assertEquals(0x5A5A5A5A5A5A5A5AL, dst.get(ValueLayout.JAVA_LONG_UNALIGNED, 8 + (stop - start) * 8), "bytes after it");
        }
    }

    @Property(tries = 300)
    void scatterWritesEveryElementOfAnyViewAndNothingElse(@ForAll Random rnd) {
        try (Arena arena = Arena.ofShared()) {
            RandomLayouts.View v = RandomLayouts.view(rnd, arena, DType.FLOAT64, shape(rnd), 0.4, 0.2, true);
            NdArray a = v.array();
            MemorySegment src = arena.allocate(Math.max(1, a.size()) * 8, 8);
            double[] values = new double[(int) a.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Double.longBitsToDouble(rnd.nextLong());
                src.setAtIndex(NATIVE, i, values[i]);
            }
            MemorySegment expected = arena.allocate(v.memory().byteSize(), 8);
            expected.copyFrom(v.memory());
            // The reference writes through a view of the copy with the same offset, strides and order.
            NdArray ref = NdArray.wrap(expected, a.byteOffset(), DType.FLOAT64, a.shape(), a.byteStrides()).withByteOrder(a.byteOrder());
            int[] i = {0};
            TestIndices.forEachIndex(a.shape(), idx -> ref.setDouble(values[i[0]++], idx));
            Staging.scatter(src, 0, a);
            assertEquals(-1, expected.mismatch(v.memory()), "memory after scattering into " + v);
        }
    }

    @Example
    void rangesOutsideTheArrayAndShortTargetsAreRejectedByName() {
        try (Arena arena = Arena.ofShared()) {
            NdArray a = NdArray.allocate(arena, DType.FLOAT64, 3, 4);
            MemorySegment small = arena.allocate(16);
            var e = assertThrows(IllegalArgumentException.class, () -> Staging.gatherFlat(a, 5, 13, small, 0));
            assertEquals("range [5, 13) is not within [0, 12]", e.getMessage());
            var f = assertThrows(IllegalArgumentException.class, () -> Staging.gather(a, small, 0));
            assertEquals("dst needs bytes [0, 96) but holds 16", f.getMessage());
            var g = assertThrows(IllegalArgumentException.class, () -> Staging.scatter(small, 0, a));
            assertEquals("src needs bytes [0, 96) but holds 16", g.getMessage());
            NdArray ints = NdArray.allocate(arena, DType.INT64, 2);
            assertEquals("dst dtype INT64 is not FLOAT64",
                    assertThrows(IllegalArgumentException.class, () -> Staging.scatter(small, 0, ints)).getMessage());
        }
    }

    /** Rank 0 to 3, sometimes with axes past the 32-element blocks of the transposing copy. */
    private static long[] shape(Random rnd) {
        long[] s = new long[rnd.nextInt(4)];
        for (int k = 0; k < s.length; k++) {
            s[k] = rnd.nextInt(12) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextInt(3) == 0 ? 80 : 7);
        }
        while (Arrays.stream(s).reduce(1, (x, y) -> x * y) > 40_000) {
            s[rnd.nextInt(s.length)] /= 2;
        }
        return s;
    }
}

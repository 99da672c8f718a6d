package io.tessella.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Staging copies exactly what element-by-element access reads and writes, for every layout, byte order
 * and pair of element types: the reference is the plain loop over the array's element accessors in C
 * order, each value converted by {@link Cast}'s one-value functions ({@link TestValues#cast}), not the
 * stride arithmetic or the generated conversion loops under test.
 */
class StagingProperties {

    private static final DType[] TYPES = DType.values();

    @Property(tries = 600)
    void gatherFlatCopiesAndConvertsTheElementsOfAnyRangeInCOrder(@ForAll Random rnd) {
        try (Arena arena = Arena.ofShared()) {
            DType from = TYPES[rnd.nextInt(TYPES.length)];
            DType to = rnd.nextInt(3) == 0 ? from : TYPES[rnd.nextInt(TYPES.length)];
            RandomLayouts.View v = RandomLayouts.view(rnd, arena, from, shape(rnd), 0.4, 0.2, true);
            NdArray a = v.array();
            long start = a.size() == 0 ? 0 : rnd.nextLong(a.size() + 1);
            long stop = start + (a.size() == start ? 0 : rnd.nextLong(a.size() - start + 1));
            long item = to.byteSize();
            MemorySegment dst = arena.allocate((stop - start) * item + 16, 8);
            dst.fill((byte) 0x5A);
            Staging.gatherFlat(a, start, stop, to, dst, 8);
            long[] all = new long[(int) a.size()];
            int[] n = {0};
            TestIndices.forEachIndex(a.shape(), idx -> all[n[0]++] = TestValues.bits(a, idx));
            for (long i = start; i < stop; i++) {
                long want = TestValues.cast(from, all[(int) i], to);
                long got = TestValues.read(dst, 8, to, i - start);
                if (want != got) {
                    fail("element " + i + " of " + v + " as " + to + ": expected " + TestValues.show(to, want) + ", got "
                            + TestValues.show(to, got) + " (from " + TestValues.show(from, all[(int) i]) + ")");
                }
            }
            assertEquals(0x5A5A5A5A5A5A5A5AL, dst.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), "bytes before the range");
            assertEquals(0x5A5A5A5A5A5A5A5AL, dst.get(ValueLayout.JAVA_LONG_UNALIGNED, 8 + (stop - start) * item), "bytes after it");
        }
    }

    @Property(tries = 600)
    void scatterConvertsAndWritesEveryElementOfAnyViewAndNothingElse(@ForAll Random rnd) {
        try (Arena arena = Arena.ofShared()) {
            DType to = TYPES[rnd.nextInt(TYPES.length)];
            DType from = rnd.nextInt(3) == 0 ? to : TYPES[rnd.nextInt(TYPES.length)];
            RandomLayouts.View v = RandomLayouts.view(rnd, arena, to, shape(rnd), 0.4, 0.2, true);
            NdArray a = v.array();
            MemorySegment src = arena.allocate(Math.max(1, a.size()) * from.byteSize(), 8);
            long[] values = new long[(int) a.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = TestValues.random(rnd, from);
                TestValues.write(src, 0, from, i, values[i]);
            }
            MemorySegment expected = arena.allocate(v.memory().byteSize(), 8);
            expected.copyFrom(v.memory());
            // The reference writes through a view of the copy with the same offset, strides and order.
            NdArray ref = NdArray.wrap(expected, a.byteOffset(), to, a.shape(), a.byteStrides()).withByteOrder(a.byteOrder());
            int[] i = {0};
            TestIndices.forEachIndex(a.shape(), idx -> TestValues.setBits(ref, TestValues.cast(from, values[i[0]++], to), idx));
            Staging.scatter(src, 0, from, a);
            assertEquals(-1, expected.mismatch(v.memory()), "memory after scattering " + from + " into " + v);
        }
    }

    @Example
    void theFloat64OverloadsStageDoubles() {
        try (Arena arena = Arena.ofShared()) {
            NdArray base = NdArray.allocate(arena, DType.UINT16, 2, 3);
            NdArrayTest.fillWithFlatIndex(base);
            NdArray a = base.transpose();
            MemorySegment d = arena.allocate(6 * 8);
            Staging.gather(a, d, 0);
            double[] got = d.toArray(ValueLayout.JAVA_DOUBLE);
            assertEquals("[0.0, 3.0, 1.0, 4.0, 2.0, 5.0]", Arrays.toString(got));
            NdArray ints = NdArray.allocate(arena, DType.INT8, 6);
            d.setAtIndex(ValueLayout.JAVA_DOUBLE, 5, 300.7);
            Staging.scatter(d, 0, ints);
            assertEquals(44, ints.getLong(5), "300.7 as int8, as NumPy's astype gives it");
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
            var h = assertThrows(IllegalArgumentException.class, () -> Staging.gather(a, DType.INT16, small, 0));
            assertEquals("dst needs bytes [0, 24) but holds 16", h.getMessage());
            NdArray readOnly = NdArray.wrap(arena.allocate(8).asReadOnly(), DType.INT32, 2);
            assertEquals("dst " + readOnly + " is read-only",
                    assertThrows(IllegalArgumentException.class, () -> Staging.scatter(small, 0, DType.INT32, readOnly)).getMessage());
        }
    }

    /** Rank 0 to 3, sometimes with axes past the 32-element blocks of the transposing copy and the conversion chunks. */
    private static long[] shape(Random rnd) {
        long[] s = new long[rnd.nextInt(4)];
        for (int k = 0; k < s.length; k++) {
            s[k] = rnd.nextInt(12) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextInt(3) == 0 ? 80 : 7);
        }
        if (s.length == 1 && rnd.nextInt(4) == 0) {
            s[0] = Staging.CHUNK * (1 + rnd.nextInt(3)) + rnd.nextInt(3) - 1;
        }
        while (Arrays.stream(s).reduce(1, (x, y) -> x * y) > 40_000) {
            s[rnd.nextInt(s.length)] /= 2;
        }
        return s;
    }
}

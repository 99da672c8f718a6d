package io.tessella.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The index builder's C passes ({@link NativeLoops#gather}, {@link NativeLoops#scatter}) against the
 * recipe's loop written out plainly in Java, for any sentinel density, tile start and row width.
 */
class NativeLoopsProperties {
    private static final double SENTINEL = -1.0e10;

    @Test
    void theLoopLibraryLoadsOnThisPlatform() {
        // The index builder's tests cover both passes only if the C ones are really taken here.
        assertTrue(NativeLoops.isAvailable());
    }

    @Property(tries = 300)
    void gatherThenScatterIsTheRecipesLoop(@ForAll @IntRange(min = 0, max = 2000) int n, @ForAll @IntRange(min = 0, max = 8) int density,
            @ForAll @LongRange(min = 0, max = 1L << 40) long start, @ForAll @LongRange(min = 1, max = 5000) long width,
            @ForAll boolean oneDimensional, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a1 = new double[n], a2 = new double[n];
        for (int i = 0; i < n; i++) {
            double v = switch (rnd.nextInt(16)) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> Double.NEGATIVE_INFINITY;
                case 3 -> -0.0;
                default -> rnd.nextDouble(-300, 300);
            };
            a1[i] = rnd.nextInt(8) < density ? SENTINEL - rnd.nextInt(3) : v;
            a2[i] = rnd.nextDouble();
        }
        // The reference, with made-up statuses so that successes and failures interleave.
        List<long[]> expected = new ArrayList<>();
        List<Integer> expectedFailures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!(a1[i] <= SENTINEL)) {
                int s = status(i);
                if (s == 0) {
                    long flat = start + i;
                    expected.add(oneDimensional ? new long[] {0, flat, id(i)} : new long[] {flat / width, flat % width, id(i)});
                } else {
                    expectedFailures.add(s);
                }
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ka = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(n, 1));
            MemorySegment kb = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(n, 1));
            MemorySegment offsets = arena.allocate(ValueLayout.JAVA_INT, Math.max(n, 1));
            int c = NativeLoops.gather(arena.allocateFrom(ValueLayout.JAVA_DOUBLE, a1), arena.allocateFrom(ValueLayout.JAVA_DOUBLE, a2), n, SENTINEL,
                    ka, kb, offsets);
            assertEquals(expected.size() + expectedFailures.size(), c);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, Math.max(c, 1));
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, Math.max(c, 1));
            for (int j = 0; j < c; j++) {
                int i = offsets.getAtIndex(ValueLayout.JAVA_INT, j);
                assertEquals(Double.doubleToRawLongBits(a2[i]), Double.doubleToRawLongBits(ka.getAtIndex(ValueLayout.JAVA_DOUBLE, j)));
                assertEquals(Double.doubleToRawLongBits(a1[i]), Double.doubleToRawLongBits(kb.getAtIndex(ValueLayout.JAVA_DOUBLE, j)));
                status.setAtIndex(ValueLayout.JAVA_INT, j, status(i));
                out.setAtIndex(ValueLayout.JAVA_LONG, j, id(i));
            }
            MemorySegment rows = arena.allocate(ValueLayout.JAVA_LONG, Math.max(c, 1));
            MemorySegment cols = arena.allocate(ValueLayout.JAVA_LONG, Math.max(c, 1));
            MemorySegment ids = arena.allocate(ValueLayout.JAVA_LONG, Math.max(c, 1));
            NativeLoops.Scattered s = NativeLoops.scatter(offsets, status, out, c, start, width, oneDimensional ? null : rows, cols, ids);
            assertEquals(expected.size(), s.emitted());
            assertEquals(expectedFailures.size(), s.failed());
            for (int k = 0; k < expected.size(); k++) {
                long[] e = expected.get(k);
                long row = oneDimensional ? 0 : rows.getAtIndex(ValueLayout.JAVA_LONG, k);
                assertArrayEquals(e, new long[] {row, cols.getAtIndex(ValueLayout.JAVA_LONG, k), ids.getAtIndex(ValueLayout.JAVA_LONG, k)},
                        "success " + k);
            }
            for (int k = 0; k < expectedFailures.size(); k++) {
                assertEquals(expectedFailures.get(k), status.getAtIndex(ValueLayout.JAVA_INT, k), "failure " + k);
            }
        }
    }

    private static int status(int i) {
        return (i * 7) % 5 == 0 ? 1 + i % 3 : 0;
    }

    private static long id(int i) {
        return i * 1000L + 17;
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgumentBeforeAnyCCode() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d4 = arena.allocate(ValueLayout.JAVA_DOUBLE, 4), i4 = arena.allocate(ValueLayout.JAVA_INT, 4);
            MemorySegment l4 = arena.allocate(ValueLayout.JAVA_LONG, 4), d3 = arena.allocate(ValueLayout.JAVA_DOUBLE, 3);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeLoops.gather(d4, d4, -1, 0, d4, d4, i4)).getMessage().contains("n = -1"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeLoops.gather(d4, d3, 4, 0, d4, d4, i4)).getMessage().startsWith("a2 has 24 bytes"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeLoops.gather(d4, d4, 4, 0, d4, d4, i4.asSlice(4)))
                    .getMessage().startsWith("offsets has 12 bytes"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeLoops.gather(MemorySegment.ofArray(new double[4]), d4, 4, 0, d4, d4, i4))
                    .getMessage().startsWith("a1 = "));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeLoops.scatter(i4, i4, l4, 4, 0, 0, l4, l4, l4))
                    .getMessage().contains("width = 0"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeLoops.scatter(i4, i4, l4, 4, -2, 3, l4, l4, l4))
                    .getMessage().contains("start = -2"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeLoops.scatter(i4, i4, l4, 4, 0, 3, l4, l4, l4.asSlice(8)))
                    .getMessage().startsWith("ids has 24 bytes"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeLoops.scatter(i4, i4, l4, 4, 0, 3, l4, null, l4))
                    .getMessage().startsWith("cols is null"));
            assertEquals(0, NativeLoops.gather(d4, d4, 0, 0, d4, d4, i4));
            assertEquals(new NativeLoops.Scattered(0, 0), NativeLoops.scatter(i4, i4, l4, 0, 0, 0, null, l4, l4));
        }
    }
}

package io.tessella.memory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Laws of views, checked against a reference that enumerates the selected indices one by one (Python's
 * definition of a slice), not against the stride arithmetic under test.
 */
class SlicingPropertyTest {

    private static final DType[] TYPES = DType.values();

    @Property(tries = 300)
    void everyViewReadsWhatItsParentHolds(@ForAll Random random) {
        try (NdArray parent = randomFilled(random)) {
            List<Slice> s = randomSlices(random, parent.shape());
            NdArray view = parent.slice(s);
            long[][] ref = referenceIndices(parent.shape(), s);
            assertViewMatches(parent, view, ref);
        }
    }

    @Property(tries = 300)
    void slicingAViewComposesTheIndexMaps(@ForAll Random random) {
        try (NdArray parent = randomFilled(random)) {
            List<Slice> s1 = randomSlices(random, parent.shape());
            NdArray v1 = parent.slice(s1);
            List<Slice> s2 = randomSlices(random, v1.shape());
            NdArray v2 = v1.slice(s2);
            long[][] r1 = referenceIndices(parent.shape(), s1);
            long[][] r2 = referenceIndices(v1.shape(), s2);
            long[][] composed = new long[r1.length][];
            for (int k = 0; k < r1.length; k++) {
                composed[k] = new long[r2[k].length];
                for (int m = 0; m < r2[k].length; m++) {
                    composed[k][m] = r1[k][(int) r2[k][m]];
                }
            }
            assertViewMatches(parent, v2, composed);
        }
    }

    @Property(tries = 200)
    void writesThroughAViewLandInTheParentAndNowhereElse(@ForAll Random random) {
        try (NdArray parent = randomFilled(random)) {
            List<Slice> s = randomSlices(random, parent.shape());
            NdArray view = parent.slice(s);
            long[][] ref = referenceIndices(parent.shape(), s);
            forEachIndex(view.shape(), idx -> set(view, idx, -1 - flat(parent.shape(), mapped(ref, idx))));
            forEachIndex(parent.shape(), idx -> {
                boolean selected = true;
                for (int k = 0; k < idx.length; k++) {
                    selected &= contains(ref[k], idx[k]);
                }
                long f = flat(parent.shape(), idx);
                assertEquals(stored(parent.dtype(), selected ? -1 - f : f), get(parent, idx));
            });
        }
    }

    @Property(tries = 200)
    void aBoxViewIsTheUnitStepSlice(@ForAll Random random) {
        try (NdArray parent = randomFilled(random)) {
            long[] shape = parent.shape();
            long[] start = new long[shape.length];
            long[] stop = new long[shape.length];
            List<Slice> s = new ArrayList<>();
            for (int k = 0; k < shape.length; k++) {
                start[k] = random.nextLong(shape[k] + 1);
                stop[k] = start[k] + random.nextLong(shape[k] - start[k] + 1);
                s.add(Slice.of(start[k], stop[k]));
            }
            NdArray box = parent.view(start, stop);
            assertViewMatches(parent, box, referenceIndices(shape, s));
        }
    }

    @Property(tries = 100)
    void selectingAnIndexEqualsSlicingOneAndDroppingTheAxis(@ForAll Random random, @ForAll @IntRange(max = 2) int axisSeed) {
        try (NdArray parent = randomFilled(random)) {
            int axis = axisSeed % parent.ndim();
            if (parent.length(axis) == 0) {
                return;
            }
            long i = random.nextLong(parent.length(axis));
            NdArray sel = parent.select(axis, i);
            forEachIndex(sel.shape(), idx -> {
                long[] full = new long[parent.ndim()];
                for (int k = 0, m = 0; k < full.length; k++) {
                    full[k] = k == axis ? i : idx[m++];
                }
                assertEquals(get(parent, full), get(sel, idx));
            });
        }
    }

    // ------------------------------------------------------------ generators and the reference

    static NdArray randomFilled(Random random) {
        int ndim = 1 + random.nextInt(3);
        long[] shape = new long[ndim];
        for (int k = 0; k < ndim; k++) {
            shape[k] = random.nextInt(8);
        }
        DType t = TYPES[random.nextInt(TYPES.length)];
        NdArray a = NdArray.allocate(Allocation.values()[random.nextInt(3)], t, shape);
        forEachIndex(shape, idx -> set(a, idx, flat(shape, idx)));
        return a;
    }

    static List<Slice> randomSlices(Random random, long[] shape) {
        int count = random.nextInt(shape.length + 1);
        List<Slice> s = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long n = shape[k];
            Long start = random.nextInt(3) == 0 ? null : random.nextLong(-n, n + 1);
            Long stop = random.nextInt(3) == 0 ? null : random.nextLong(-n, n + 1);
            long step = random.nextInt(4) == 0 ? -(1 + random.nextInt(3)) : 1 + random.nextInt(3);
            s.add(Slice.of(start, stop, step));
        }
        return s;
    }

    /** Python's definition: walk from the (normalised, clamped) start by step while before stop. */
    static long[][] referenceIndices(long[] shape, List<Slice> slices) {
        long[][] out = new long[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            long n = shape[k];
            Slice s = k < slices.size() ? slices.get(k) : Slice.all();
            List<Long> sel = new ArrayList<>();
            if (s.step() > 0) {
                long lo = s.start() == null ? 0 : clamp(s.start() < 0 ? s.start() + n : s.start(), 0, n);
                long hi = s.stop() == null ? n : clamp(s.stop() < 0 ? s.stop() + n : s.stop(), 0, n);
                for (long i = lo; i < hi; i += s.step()) {
                    sel.add(i);
                }
            } else {
                long hi = s.start() == null ? n - 1 : clamp(s.start() < 0 ? s.start() + n : s.start(), -1, n - 1);
                long lo = s.stop() == null ? -1 : clamp(s.stop() < 0 ? s.stop() + n : s.stop(), -1, n - 1);
                for (long i = hi; i > lo; i += s.step()) {
                    sel.add(i);
                }
            }
            out[k] = sel.stream().mapToLong(Long::longValue).toArray();
        }
        return out;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static void assertViewMatches(NdArray parent, NdArray view, long[][] ref) {
        long[] expectedShape = new long[ref.length];
        for (int k = 0; k < ref.length; k++) {
            expectedShape[k] = ref[k].length;
        }
        assertArrayEquals(expectedShape, view.shape());
        forEachIndex(view.shape(), idx -> assertEquals(get(parent, mapped(ref, idx)), get(view, idx)));
    }

    private static long[] mapped(long[][] ref, long[] idx) {
        long[] p = new long[idx.length];
        for (int k = 0; k < idx.length; k++) {
            p[k] = ref[k][(int) idx[k]];
        }
        return p;
    }

    private static boolean contains(long[] values, long v) {
        for (long x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    static long flat(long[] shape, long[] idx) {
        long f = 0;
        for (int k = 0; k < shape.length; k++) {
            f = f * shape[k] + idx[k];
        }
        return f;
    }

    static long get(NdArray a, long[] idx) {
        DType t = a.dtype();
        if (t.isFloating()) {
            return (long) a.getDouble(idx);
        }
        return t == DType.BOOL ? (a.getBoolean(idx) ? 1 : 0) : a.getLong(idx);
    }

    /** Stores {@code v} as the array's dtype holds it ({@link #stored}): integers wrap, bools are v != 0. */
    static void set(NdArray a, long[] idx, long v) {
        DType t = a.dtype();
        if (t.isFloating()) {
            a.setDouble(v, idx);
        } else if (t == DType.BOOL) {
            a.setBoolean(v != 0, idx);
        } else {
            a.setLong(stored(t, v), idx);
        }
    }

    /** What {@link #get} reads back after {@link #set} wrote {@code v} (the values here are exact in float32). */
    static long stored(DType t, long v) {
        return t.isFloating() ? v : Cast.toInteger(v, t);
    }

    interface IndexVisitor {
        void visit(long[] idx);
    }

    /** Visits every index of a shape in C order. */
    static void forEachIndex(long[] shape, IndexVisitor visitor) {
        for (long n : shape) {
            if (n == 0) {
                return;
            }
        }
        long[] idx = new long[shape.length];
        while (true) {
            visitor.visit(idx.clone());
            int k = shape.length - 1;
            while (k >= 0 && ++idx[k] == shape[k]) {
                idx[k] = 0;
                k--;
            }
            if (k < 0) {
                return;
            }
        }
    }
}

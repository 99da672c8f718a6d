package io.tessella.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Random views of every layout NumPy can hand over, for property tests: C and Fortran order, any
 * permutation of the axes in memory, steps of 1 to 3 either way (reversed views), 0-d and empty
 * shapes, big-endian data, and views at an odd byte offset (unaligned). Each view is built from a
 * C-order block of memory exactly as {@code np.ndarray(shape, dtype, buffer, offset, strides)} would
 * view it, so NumPy can be handed the same bytes ({@link View#numpy()}).
 */
public final class RandomLayouts {

    /** Values that make a sum's order show in its last bits, with the specials now and then. */
    private static final double[] SPECIALS = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, 1e308, -1e308, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40};

    private RandomLayouts() {
    }

    /**
     * What views to draw.
     *
     * @param minRank     fewest axes
     * @param maxRank     most axes
     * @param maxLength   longest axis, except the last one when a long row is drawn
     * @param longRows    chance that the last axis is long (beyond NumPy's 8192-element buffer)
     * @param bigEndian   chance of big-endian data
     * @param unaligned   chance of an odd byte offset
     */
    public record Spec(int minRank, int maxRank, int maxLength, double longRows, double bigEndian, double unaligned) {
        public static Spec standard() {
            return new Spec(0, 4, 6, 0.1, 0.3, 0.1);
        }
    }

    /**
     * A drawn view over memory that is also given as raw bytes, with what NumPy needs to view the same
     * bytes the same way.
     *
     * @param array  the view
     * @param memory the whole block of memory the view lies in
     * @param how    a description for failure messages
     */
    public record View(NdArray array, MemorySegment memory, String how) {
        /** NumPy's dtype string for the view's elements: {@code <f8} or {@code >f8}. */
        public String descr() {
            return array.dtype().descr(array.byteOrder());
        }

        /** {@code shape, strides, offset} as a JSON object fragment naming the buffer file. */
        public String numpy(String file) {
            return "{\"file\": \"" + file + "\", \"descr\": \"" + descr() + "\", \"offset\": " + array.byteOffset()
                    + ", \"shape\": " + Arrays.toString(array.shape()) + ", \"strides\": " + Arrays.toString(array.byteStrides()) + "}";
        }

        @Override
        public String toString() {
            return how + " -> " + array;
        }
    }

    /**
     * A float64 view of a shape drawn by {@code spec}, filled with values that make order matter. The
     * last axis is short (0 to 6: a pairwise sum is then sequential), medium (7 to 300: pairwise
     * blocks of 8 and the recursion past 128) or long (beyond NumPy's 8192-element buffer); at most
     * 60000 elements in all.
     */
    public static View draw(Random rnd, Arena arena, Spec spec) {
        return draw(rnd, arena, spec, DType.FLOAT64);
    }

    /** {@link #draw(Random, Arena, Spec)} for elements of any dtype. */
    public static View draw(Random rnd, Arena arena, Spec spec, DType dtype) {
        int rank = spec.minRank() + rnd.nextInt(spec.maxRank() - spec.minRank() + 1);
        long[] shape = new long[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(spec.maxLength());
        }
        if (rank > 0) {
            double p = rnd.nextDouble();
            if (p < spec.longRows()) {
                long[] lengths = {8191, 8192, 8193, 9000, 16385, 20000};
                shape[rank - 1] = lengths[rnd.nextInt(lengths.length)];
            } else if (p < spec.longRows() + 0.45) {
                shape[rank - 1] = 7 + rnd.nextInt(294);
            }
        }
        for (int k = 0; k < rank - 1; k++) {
            while (shape[k] > 1 && product(shape) > 60_000) {
                shape[k]--;
            }
        }
        return view(rnd, arena, dtype, shape, spec.bigEndian(), spec.unaligned(), true);
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * A view of the given type and shape in a random layout. {@code filled}: values drawn to make
     * order matter (int64: any long, many beyond 2^53; other integers anywhere in their range, often at
     * its ends; float32 like float64); else zeros.
     */
    public static View view(Random rnd, Arena arena, DType dtype, long[] shape, double bigEndian, double unaligned, boolean filled) {
        int rank = shape.length;
        long[] step = new long[rank];
        long[] full = new long[rank];
        long[] steps = {1, 1, 1, 2, 3, -1, -1, -2};
        for (int k = 0; k < rank; k++) {
            step[k] = steps[rnd.nextInt(steps.length)];
            full[k] = Math.abs(step[k]) * Math.max(shape[k], 1);
        }
        int[] order = permutation(rnd, rank);
        long[] memShape = new long[rank];
        for (int k = 0; k < rank; k++) {
            memShape[k] = full[order[k]];
        }
        long elements = 1;
        for (long d : memShape) {
            elements *= d;
        }
        boolean odd = rnd.nextDouble() < unaligned;
        boolean big = rnd.nextDouble() < bigEndian;
        MemorySegment memory = arena.allocate(elements * 8 + 8, 8);
        NdArray base = NdArray.wrap(memory, odd ? 1 : 0, dtype, memShape, NdArray.cStrides(dtype, memShape))
                .withByteOrder(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        fill(rnd, base, filled);
        NdArray v = base.transpose(inverse(order));
        for (int k = 0; k < rank; k++) {
            v = v.slice(k, Slice.of(null, null, step[k]));
            v = v.slice(k, Slice.of(0L, shape[k], 1));
        }
        String how = "memory " + Arrays.toString(memShape) + (big ? " big-endian" : "") + (odd ? " at byte 1" : "")
                + ", axes " + Arrays.toString(inverse(order)) + ", steps " + Arrays.toString(step);
        return new View(v, memory, how);
    }

    private static void fill(Random rnd, NdArray base, boolean filled) {
        int mode = rnd.nextInt(6);
        double scale = Math.scalb(1.0, rnd.nextInt(40) - 20);
        DType t = base.dtype();
        if (!t.isFloating()) {
            TestIndices.forEachIndex(base.shape(), idx -> TestValues.setBits(base, filled ? TestValues.random(rnd, t) : 0, idx));
            return;
        }
        TestIndices.forEachIndex(base.shape(), idx -> {
            double v;
            if (!filled) {
                v = 0.0;
            } else if (mode == 0) {
                v = rnd.nextBoolean() ? 0.0 : -0.0;                    // signed zeros only: the sign of a zero sum shows
            } else if (mode == 2 && rnd.nextInt(40) == 0) {
                v = SPECIALS[rnd.nextInt(SPECIALS.length)];          // NaN and infinities: only in some views, or every long row would be NaN
            } else if (mode == 1) {
                v = 1e8 + rnd.nextDouble();                            // large, nearly equal: rounding in every add
            } else {
                v = (rnd.nextDouble() * 2 - 1) * Math.scalb(scale, rnd.nextInt(30) - 15);
            }
            if (t == DType.FLOAT32 && mode == 1) {
                v = 1e4f + (float) rnd.nextDouble();                   // large, nearly equal in float32's precision
            }
            base.setDouble(v, idx);
        });
    }

    private static int[] permutation(Random rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        // Half the time a plain C or Fortran order, the layouts files actually have.
        int kind = rnd.nextInt(4);
        if (kind == 0) {
            return p;
        }
        if (kind == 1) {
            for (int i = 0; i < n; i++) {
                p[i] = n - 1 - i;
            }
            return p;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] inverse(int[] p) {
        int[] q = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            q[p[i]] = i;
        }
        return q;
    }
}

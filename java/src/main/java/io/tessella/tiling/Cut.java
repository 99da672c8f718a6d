package io.tessella.tiling;

import java.util.Arrays;

/**
 * How one axis is cut, independent of the axis length; {@link Tiling#of(long[], Cut...)} combines one cut
 * per axis into a grid (the product of the per-axis pieces, like {@code itertools.product} of slices).
 *
 * <p>Immutable values, safe to share and reuse across tilings. Example, the 4 × 4 tiles over the last
 * two axes of a (365, 16, 16) cube:
 * <pre>{@code
 * Tiling cube = Tiling.of(new long[] {365, 16, 16}, Cut.whole(), Cut.blocks(4), Cut.blocks(4));
 * }</pre>
 */
public sealed interface Cut permits Cut.Whole, Cut.Parts, Cut.Blocks, Cut.At {

    /** The axis stays in one piece. Example: {@code Cut.whole()} on the day axis of the cube. */
    static Cut whole() {
        return Whole.INSTANCE;
    }

    /**
     * {@code count} nearly equal pieces by NumPy's {@code array_split} rule: with {@code n} the axis
     * length, the first {@code n % count} pieces hold {@code n / count + 1} indices and the rest
     * {@code n / count}; when {@code count > n} the last pieces are empty, as in NumPy.
     * Example: {@code Cut.parts(3)} on 1000 rows gives 334, 333, 333.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    static Cut parts(long count) {
        return new Parts(count, 1);
    }

    /**
     * {@code count} nearly equal pieces whose split points are multiples of {@code multipleOf}: the
     * {@code array_split} rule applied to units of {@code multipleOf} indices (the last unit may be short).
     * Used to keep split points on cache-line boundaries. Example: {@code Cut.parts(2, 8)} on 20 doubles
     * gives 0:16 and 16:20, so the two pieces never share a 64-byte line.
     *
     * @throws IllegalArgumentException if {@code count < 1} or {@code multipleOf < 1}
     */
    static Cut parts(long count, long multipleOf) {
        return new Parts(count, multipleOf);
    }

    /**
     * Pieces of {@code size} indices, the last one shorter when {@code size} does not divide the length
     * (an empty axis gets no piece). Example: {@code Cut.blocks(4)} on 10 gives 0:4, 4:8, 8:10.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    static Cut blocks(long size) {
        return new Blocks(size);
    }

    /**
     * Pieces split at the given points, like {@code np.split(a, points)}: {@code [0, p0), [p0, p1), …,
     * [pk, n)}; equal points give empty pieces. Example: {@code Cut.at(600)} on 1000 rows gives the
     * recipe's uneven M1 × N and M2 × N row blocks 0:600 and 600:1000.
     *
     * @throws IllegalArgumentException if a point is negative or the points decrease
     */
    static Cut at(long... points) {
        return new At(points);
    }

    /** The axis in one piece; obtain it from {@link Cut#whole()}. */
    record Whole() implements Cut {
        static final Whole INSTANCE = new Whole();
    }

    /**
     * {@code count} pieces by the {@code array_split} rule over units of {@code multipleOf} indices.
     *
     * @param count      number of pieces, {@code >= 1}
     * @param multipleOf every interior split point is a multiple of it, {@code >= 1}
     */
    record Parts(long count, long multipleOf) implements Cut {
        /** @throws IllegalArgumentException if {@code count < 1} or {@code multipleOf < 1} */
        public Parts {
            if (count < 1) {
                throw new IllegalArgumentException("parts = " + count + " must be positive");
            }
            if (multipleOf < 1) {
                throw new IllegalArgumentException("multipleOf = " + multipleOf + " must be positive");
            }
        }
    }

    /**
     * Fixed-size pieces.
     *
     * @param size indices per piece (the last may be shorter), {@code >= 1}
     */
    record Blocks(long size) implements Cut {
        /** @throws IllegalArgumentException if {@code size < 1} */
        public Blocks {
            if (size < 1) {
                throw new IllegalArgumentException("block size = " + size + " must be positive");
            }
        }
    }

    /**
     * Pieces split at explicit points.
     *
     * @param points interior split points, non-negative and non-decreasing (copied; the accessor returns a copy)
     */
    record At(long[] points) implements Cut {
        /** @throws IllegalArgumentException if a point is negative or the points decrease */
        public At {
            points = points.clone();
            for (int i = 0; i < points.length; i++) {
                if (points[i] < 0 || (i > 0 && points[i] < points[i - 1])) {
                    throw new IllegalArgumentException("split points " + Arrays.toString(points)
                            + " must be non-negative and non-decreasing");
                }
            }
        }

        /** The split points (a copy). */
        @Override
        public long[] points() {
            return points.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof At at && Arrays.equals(at.points, points);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(points);
        }

        @Override
        public String toString() {
            return "At" + Arrays.toString(points);
        }
    }
}

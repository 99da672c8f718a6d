package io.tessella.tiling;

import java.util.Arrays;

/**
 * One box of a {@link Tiling}: the half-open range {@code [start[a], stop[a])} on every axis {@code a},
 * its coordinates in the tiling's grid, and its linear index in the tiling's order.
 *
 * <p>A tile is an immutable value: the arrays given to the constructor are copied, and the array
 * accessors return fresh copies, so a caller may keep or modify what it gets. Safe to share between
 * threads. Per-axis accessors ({@link #start(int)}, {@link #stop(int)}, {@link #extent(int)}) avoid the
 * copies in hot code.
 *
 * <p>Example: the second of three row blocks of a 1000 × 2000 array, as a view of that array:
 * <pre>{@code
 * Tile t = Tiling.grid(new long[] {1000, 2000}, 3, 1).tile(1);
 * // t.start() = [334, 0], t.stop() = [667, 2000], t.coords() = [1, 0], t.size() = 666_000
 * NdArray rows = array.view(t.start(), t.stop());
 * }</pre>
 *
 * @param index  the tile's position in its tiling's order (row-major over the grid), {@code >= 0}
 * @param coords the tile's coordinates in the grid, one per axis, each {@code >= 0}
 * @param start  first index on each axis (inclusive), each {@code >= 0}
 * @param stop   end on each axis (exclusive), each {@code >= start} on the same axis
 */
public record Tile(long index, long[] coords, long[] start, long[] stop) {

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if the arrays differ in length, or an index is negative, or
     *                                  {@code stop < start} on some axis
     * @throws NullPointerException     if an array is null
     */
    public Tile {
        coords = coords.clone();
        start = start.clone();
        stop = stop.clone();
        if (index < 0) {
            throw new IllegalArgumentException("index = " + index + " must be >= 0");
        }
        if (coords.length != start.length || stop.length != start.length) {
            throw new IllegalArgumentException("coords length " + coords.length + ", start length " + start.length
                    + " and stop length " + stop.length + " must be equal");
        }
        for (int a = 0; a < start.length; a++) {
            if (coords[a] < 0) {
                throw new IllegalArgumentException("coords " + Arrays.toString(coords) + " must be >= 0");
            }
            if (start[a] < 0 || stop[a] < start[a]) {
                throw new IllegalArgumentException("axis " + a + ": start = " + start[a] + ", stop = " + stop[a]
                        + " must satisfy 0 <= start <= stop");
            }
        }
    }

    /** The number of axes. Thread-safe. Example: {@code Tiling.split(900, 250).tile(0).rank() == 1}. */
    public int rank() {
        return start.length;
    }

    /**
     * The tile's grid coordinates (a copy), e.g. {@code [1, 0]} for the second row block of a 3 × 2 grid.
     */
    @Override
    public long[] coords() {
        return coords.clone();
    }

    /** The first index on every axis (a copy), ready for {@code array.view(tile.start(), tile.stop())}. */
    @Override
    public long[] start() {
        return start.clone();
    }

    /** The exclusive end on every axis (a copy), ready for {@code array.view(tile.start(), tile.stop())}. */
    @Override
    public long[] stop() {
        return stop.clone();
    }

    /**
     * The tile's grid coordinate on one axis, without copying. Example: {@code tile.coord(0)} is the
     * y-slice number in the recipe's 3 × 2 grid.
     *
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public long coord(int axis) {
        return coords[axis];
    }

    /**
     * The first index on one axis, without copying. Example: {@code for (long i = t.start(0); i < t.stop(0); i++)}.
     *
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public long start(int axis) {
        return start[axis];
    }

    /**
     * The exclusive end on one axis, without copying.
     *
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public long stop(int axis) {
        return stop[axis];
    }

    /**
     * The tile's length on one axis, {@code stop(axis) - start(axis)}.
     *
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public long extent(int axis) {
        return stop[axis] - start[axis];
    }

    /** The tile's extents on every axis (a fresh array), e.g. {@code [365, 4, 4]} for a cube tile. */
    public long[] shape() {
        long[] extents = new long[start.length];
        for (int a = 0; a < extents.length; a++) {
            extents[a] = stop[a] - start[a];
        }
        return extents;
    }

    /**
     * The number of elements in the tile, the product of its extents (1 for rank 0): the unit in which
     * execution progress counts work. Example: {@code Tiling.split(900, 250).tile(0).size() == 4}.
     *
     * @throws ArithmeticException if the product overflows a {@code long}
     */
    public long size() {
        long n = 1;
        for (int a = 0; a < start.length; a++) {
            n = Math.multiplyExact(n, stop[a] - start[a]);
        }
        return n;
    }

    /** Whether the tile holds no element (NumPy's {@code array_split} makes such tiles when parts exceed length). */
    public boolean isEmpty() {
        for (int a = 0; a < start.length; a++) {
            if (stop[a] == start[a]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tile t && t.index == index && Arrays.equals(t.coords, coords)
                && Arrays.equals(t.start, start) && Arrays.equals(t.stop, stop);
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(index) * 31 + Arrays.hashCode(coords)) * 31 + Arrays.hashCode(start)) * 31
                + Arrays.hashCode(stop);
    }

    /** For messages: {@code "tile 5 at [1, 1] = [334:667, 1000:2000]"}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tile ").append(index).append(" at ").append(Arrays.toString(coords))
                .append(" = [");
        for (int a = 0; a < start.length; a++) {
            if (a > 0) {
                sb.append(", ");
            }
            sb.append(start[a]).append(':').append(stop[a]);
        }
        return sb.append(']').toString();
    }
}

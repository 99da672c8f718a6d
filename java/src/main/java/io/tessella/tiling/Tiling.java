package io.tessella.tiling;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * An ordered list of {@link Tile}s that covers a shape: every element lies in exactly one tile. The
 * tiles form a grid, the product of one {@link Cut} per axis, and are numbered row-major over that grid
 * (the last axis varies fastest, like {@code itertools.product(yslices, xslices)}).
 *
 * <p>Tiles are computed on demand from per-axis arithmetic, so tilings of shapes beyond 2<sup>31</sup>
 * elements, or with millions of tiles, cost a few words of memory. Immutable and thread-safe: many
 * threads may call {@link #tile(long)} at once.
 *
 * <p>The recipes' tilings:
 * <pre>{@code
 * Tiling.grid(new long[] {1000, 2000}, 3, 2);      // 3 y-slices × 2 x-slices
 * Tiling.split(a1.length * a2.length, 250);          // np.array_split of a flattened pair into 250 chunks
 * Tiling.of(new long[] {365, 16, 16}, Cut.whole(), Cut.blocks(4), Cut.blocks(4)); // 4 × 4 tiles
 * Tiling.auto(new long[] {100_000, 10_000}, Double.BYTES, 2); // chosen for 2 cores
 * }</pre>
 */
public final class Tiling implements Iterable<Tile> {

    /** Bytes per cache line assumed by {@link #auto}: split points of written tiles fall on multiples of it. */
    public static final int CACHE_LINE_BYTES = 64;
    /** {@link #auto} aims at this many tiles per worker, so a slow or late worker delays the job by at most ~1/8. */
    public static final int AUTO_TILES_PER_WORKER = 8;
    /** {@link #auto} makes no tile smaller than this (unless the whole shape is), so per-tile scheduling cost (µs) vanishes. */
    public static final long AUTO_MIN_TILE_BYTES = 1L << 20;
    /** {@link #auto} makes no tile larger than this when it can, so progress and cancellation stay responsive. */
    public static final long AUTO_MAX_TILE_BYTES = 64L << 20;

    private final long[] shape;
    private final AxisCut[] axes;
    private final long tileCount;
    private final long elementCount;

    private Tiling(long[] shape, Cut[] cuts) {
        if (cuts.length != shape.length) {
            throw new IllegalArgumentException("cuts count " + cuts.length + " != rank " + shape.length
                    + " of shape " + Arrays.toString(shape));
        }
        this.shape = shape.clone();
        this.axes = new AxisCut[shape.length];
        long tiles = 1;
        long elements = 1;
        for (int a = 0; a < shape.length; a++) {
            if (cuts[a] == null) {
                throw new NullPointerException("cuts[" + a + "] is null");
            }
            axes[a] = AxisCut.of(cuts[a], this.shape[a], a);
            try {
                tiles = Math.multiplyExact(tiles, axes[a].pieces());
                elements = Math.multiplyExact(elements, this.shape[a]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " with cuts "
                        + Arrays.toString(cuts) + " has more than Long.MAX_VALUE tiles or elements", e);
            }
        }
        this.tileCount = tiles;
        this.elementCount = elements;
    }

    /**
     * A grid with one cut per axis. Example: {@code Tiling.of(shape, Cut.whole(), Cut.blocks(4), Cut.blocks(4))}.
     *
     * @param shape the extent of every axis, each {@code >= 0} (copied)
     * @param cuts  how each axis is cut, one per axis
     * @throws IllegalArgumentException if the counts differ, an extent is negative, a split point lies
     *                                  beyond its axis, or the tile count overflows a {@code long}
     */
    public static Tiling of(long[] shape, Cut... cuts) {
        return new Tiling(shape, cuts.clone());
    }

    /**
     * A 1-D tiling of {@code length} elements into {@code parts} chunks by NumPy's {@code array_split}
     * rule (the first {@code length % parts} chunks are one longer; chunks beyond {@code length} are
     * empty). Example: {@code Tiling.split(900, 250)} gives 150 chunks of 4 and 100 chunks of 3.
     *
     * @throws IllegalArgumentException if {@code length < 0} or {@code parts < 1}
     */
    public static Tiling split(long length, long parts) {
        return new Tiling(new long[] {length}, new Cut[] {Cut.parts(parts)});
    }

    /**
     * Splits one axis by the {@code array_split} rule and leaves the others whole, like
     * {@code np.array_split(a, parts, axis)}. Example: {@code Tiling.split(new long[] {100_000, 10_000}, 0, 4)}
     * gives four row blocks of 25 000 × 10 000.
     *
     * @throws IllegalArgumentException if {@code axis} is not an axis of {@code shape}, {@code parts < 1},
     *                                  or an extent is negative
     */
    public static Tiling split(long[] shape, int axis, long parts) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("axis = " + axis + " is not in [0, " + shape.length + ")");
        }
        Cut[] cuts = new Cut[shape.length];
        Arrays.fill(cuts, Cut.whole());
        cuts[axis] = Cut.parts(parts);
        return new Tiling(shape, cuts);
    }

    /**
     * A grid that splits every axis by the {@code array_split} rule. Example: the recipe's 3 y-slices ×
     * 2 x-slices over 1000 × 2000 is {@code Tiling.grid(new long[] {1000, 2000}, 3, 2)}.
     *
     * @param parts pieces per axis, one per axis, each {@code >= 1}
     * @throws IllegalArgumentException if the counts differ, a part count is below 1, or an extent is negative
     */
    public static Tiling grid(long[] shape, long... parts) {
        if (parts.length != shape.length) {
            throw new IllegalArgumentException("parts count " + parts.length + " != rank " + shape.length
                    + " of shape " + Arrays.toString(shape));
        }
        Cut[] cuts = new Cut[shape.length];
        for (int a = 0; a < cuts.length; a++) {
            cuts[a] = Cut.parts(parts[a]);
        }
        return new Tiling(shape, cuts);
    }

    /**
     * Fixed-size blocks on every axis, the last block on an axis shorter when the size does not divide
     * the extent. Example: {@code Tiling.blocks(new long[] {365, 16, 16}, 365, 4, 4)} gives 16 tiles.
     *
     * @param blockShape block extent per axis, one per axis, each {@code >= 1}
     * @throws IllegalArgumentException if the counts differ, a block extent is below 1, or an extent is negative
     */
    public static Tiling blocks(long[] shape, long... blockShape) {
        if (blockShape.length != shape.length) {
            throw new IllegalArgumentException("block shape " + Arrays.toString(blockShape) + " has rank "
                    + blockShape.length + " != rank " + shape.length + " of shape " + Arrays.toString(shape));
        }
        Cut[] cuts = new Cut[shape.length];
        for (int a = 0; a < cuts.length; a++) {
            cuts[a] = Cut.blocks(blockShape[a]);
        }
        return new Tiling(shape, cuts);
    }

    /**
     * A tiling chosen for this machine's cores; see {@link #auto(long[], int, int)}.
     *
     * @throws IllegalArgumentException if an extent is negative or {@code elementBytes < 1}
     */
    public static Tiling auto(long[] shape, int elementBytes) {
        return auto(shape, elementBytes, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A tiling chosen from the shape, the element size and the number of workers, for a row-major
     * (C-order) contiguous array whose first element sits on a cache-line boundary:
     * <ul>
     * <li>about {@value #AUTO_TILES_PER_WORKER} tiles per worker, so that uneven tile costs and workers
     * that start late still balance out;</li>
     * <li>no more tiles than leave {@link #AUTO_MIN_TILE_BYTES} per tile on average, so that scheduling
     * cost per tile (well under a microsecond, see the {@code bench/exec} figures) stays negligible even
     * for memory-bound work; enough tiles that the average stays under {@link #AUTO_MAX_TILE_BYTES}, so
     * progress and cancellation stay responsive on huge arrays;</li>
     * <li>outer axes are cut first (tiles are long contiguous runs of memory), and every split point's
     * byte offset is a multiple of {@value #CACHE_LINE_BYTES}, so tasks writing different tiles never
     * share a cache line; an inner axis is cut only when the rows above it start on cache-line
     * boundaries, so some shapes get fewer tiles than the target.</li>
     * </ul>
     * Example: {@code Tiling.auto(new long[] {100_000, 10_000}, Double.BYTES, 2)} cuts the 8 GB result of
     * recipe 1 into 120 row blocks of 833 or 834 rows (about 64 MiB each).
     *
     * @param shape        extents, each {@code >= 0}
     * @param elementBytes bytes per element, {@code >= 1}
     * @param workers      threads that will work the tiles, {@code >= 1}
     * @throws IllegalArgumentException if an argument is out of range or the shape exceeds {@code Long.MAX_VALUE} bytes
     */
    public static Tiling auto(long[] shape, int elementBytes, int workers) {
        return auto(shape, elementBytes, workers, AUTO_TILES_PER_WORKER, AUTO_MIN_TILE_BYTES, AUTO_MAX_TILE_BYTES);
    }

    /** {@link #auto(long[], int, int)} with its constants as arguments, so tests can reach small tiles. */
    static Tiling auto(long[] shape, int elementBytes, int workers, int tilesPerWorker, long minTileBytes,
            long maxTileBytes) {
        if (elementBytes < 1) {
            throw new IllegalArgumentException("elementBytes = " + elementBytes + " must be positive");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers = " + workers + " must be positive");
        }
        int rank = shape.length;
        // strideBytes[a]: bytes from one index on axis a to the next, row-major.
        long[] strideBytes = new long[rank];
        long bytes = elementBytes;
        try {
            for (int a = rank - 1; a >= 0; a--) {
                if (shape[a] < 0) {
                    throw new IllegalArgumentException("shape[" + a + "] = " + shape[a] + " must be >= 0");
                }
                strideBytes[a] = bytes;
                bytes = Math.multiplyExact(bytes, shape[a]);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + elementBytes
                    + "-byte elements exceeds Long.MAX_VALUE bytes", e);
        }
        long target = Math.max((long) tilesPerWorker * workers, AxisCut.ceilDiv(bytes, maxTileBytes));
        target = Math.max(1, Math.min(target, bytes / minTileBytes));

        Cut[] cuts = new Cut[rank];
        Arrays.fill(cuts, Cut.whole());
        long remaining = target;
        long outer = 1;
        for (int a = 0; a < rank && remaining > 1; a++) {
            // Cutting axis a puts tile borders inside every slab of the outer axes: they only stay on
            // cache-line boundaries if every such slab starts on one.
            if (outer > 1 && (strideBytes[a] * shape[a]) % CACHE_LINE_BYTES != 0) {
                break;
            }
            long multipleOf = CACHE_LINE_BYTES / gcd(CACHE_LINE_BYTES, strideBytes[a]);
            long units = AxisCut.ceilDiv(shape[a], multipleOf);
            if (units == 0) {
                break;
            }
            long parts = Math.min(units, remaining);
            cuts[a] = Cut.parts(parts, multipleOf);
            remaining = AxisCut.ceilDiv(remaining, parts);
            outer *= shape[a];
        }
        return new Tiling(shape, cuts);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The shape this tiling covers (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The number of tiles, the product of the pieces per axis. Example: 6 for {@code grid({1000, 2000}, 3, 2)}. */
    public long tileCount() {
        return tileCount;
    }

    /** The number of elements covered, the product of the shape; equals the sum of all tile sizes. */
    public long elementCount() {
        return elementCount;
    }

    /**
     * The cut of one axis. Example: {@code Tiling.split(900, 250).cut(0)} is {@code Cut.parts(250)}.
     *
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public Cut cut(int axis) {
        return axes[axis].cut();
    }

    /**
     * The number of pieces along one axis (the grid's extent on that axis).
     *
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public long pieces(int axis) {
        return axes[axis].pieces();
    }

    /**
     * The split points of one axis including both ends: {@code pieces(axis) + 1} non-decreasing values from
     * 0 to the extent. Example: {@code Tiling.split(10, 3).boundaries(0)} is {@code [0, 4, 7, 10]}.
     *
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     * @throws IllegalStateException     if the axis has more pieces than an array can hold
     */
    public long[] boundaries(int axis) {
        AxisCut cut = axes[axis];
        if (cut.pieces() >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("axis " + axis + " has " + cut.pieces() + " pieces, too many for an array");
        }
        long[] b = new long[(int) cut.pieces() + 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = cut.boundary(i);
        }
        return b;
    }

    /**
     * The tile at a position in this tiling's order (row-major over the grid). Thread-safe and
     * allocation-light, meant to be called once per tile by executors.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, tileCount())}
     */
    public Tile tile(long index) {
        if (index < 0 || index >= tileCount) {
            throw new IndexOutOfBoundsException("tile index " + index + " is not in [0, " + tileCount + ")");
        }
        int rank = shape.length;
        long[] coords = new long[rank];
        long[] start = new long[rank];
        long[] stop = new long[rank];
        long rest = index;
        for (int a = rank - 1; a >= 0; a--) {
            long pieces = axes[a].pieces();
            long c = rest % pieces;
            rest /= pieces;
            coords[a] = c;
            start[a] = axes[a].boundary(c);
            stop[a] = axes[a].boundary(c + 1);
        }
        return new Tile(index, coords, start, stop);
    }

    /**
     * The tile at grid coordinates. Example: {@code Tiling.grid(new long[] {1000, 2000}, 3, 2).tileAt(2, 1)}
     * is the last tile, index 5.
     *
     * @throws IllegalArgumentException if there is not one coordinate per axis or one is outside the grid
     */
    public Tile tileAt(long... coords) {
        if (coords.length != shape.length) {
            throw new IllegalArgumentException("coords " + Arrays.toString(coords) + " has rank " + coords.length
                    + " != " + shape.length);
        }
        long index = 0;
        for (int a = 0; a < coords.length; a++) {
            if (coords[a] < 0 || coords[a] >= axes[a].pieces()) {
                throw new IllegalArgumentException("coords[" + a + "] = " + coords[a] + " is not in [0, "
                        + axes[a].pieces() + ")");
            }
            index = index * axes[a].pieces() + coords[a];
        }
        return tile(index);
    }

    /** The tiles in order, computed as the iteration goes. Each iterator is for one thread. */
    @Override
    public Iterator<Tile> iterator() {
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < tileCount;
            }

            @Override
            public Tile next() {
                if (next >= tileCount) {
                    throw new NoSuchElementException("all " + tileCount + " tiles returned");
                }
                return tile(next++);
            }
        };
    }

    /** The tiles in order as a sequential stream. Example: {@code tiling.stream().mapToLong(Tile::size).sum()}. */
    public Stream<Tile> stream() {
        return LongStream.range(0, tileCount).mapToObj(this::tile);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tiling t) || !Arrays.equals(t.shape, shape)) {
            return false;
        }
        for (int a = 0; a < axes.length; a++) {
            if (!axes[a].cut().equals(t.axes[a].cut())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(shape);
        for (AxisCut axis : axes) {
            h = h * 31 + axis.cut().hashCode();
        }
        return h;
    }

    /** For messages: {@code "Tiling[shape [1000, 2000], cuts [Parts[count=3, multipleOf=1], …], 6 tiles]"}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tiling[shape ").append(Arrays.toString(shape)).append(", cuts [");
        for (int a = 0; a < axes.length; a++) {
            sb.append(a > 0 ? ", " : "").append(axes[a].cut());
        }
        return sb.append("], ").append(tileCount).append(" tiles]").toString();
    }
}

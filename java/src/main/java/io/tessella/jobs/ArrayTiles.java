package io.tessella.jobs;

import io.tessella.memory.Staging;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import java.util.Arrays;

/** How the whole-array operations ({@link ArrayOps}) cut their work into tiles; results never depend on it. */
final class ArrayTiles {
    /** Rows per tile aim at about this many bytes of output, so per-tile scheduling cost vanishes. */
    static final long TILE_BYTES = 4L << 20;

    private ArrayTiles() {
    }

    /** Whole last axis, leading axes cut so that a tile holds about {@link #TILE_BYTES} of output of {@code item}-byte elements. */
    static Tiling rows(long[] shape, long item) {
        if (shape.length == 0) {
            return Tiling.of(shape);
        }
        long rowBytes = Math.max(item, shape[shape.length - 1] * item);
        return boxes(shape, shape.length - 2, Math.max(1, TILE_BYTES / rowBytes));
    }

    /**
     * Tiles of an output whose every element reads {@code perOutput} input elements of {@code item}
     * bytes: about {@link #TILE_BYTES} of input each. {@code together}: never fewer outputs than the
     * whole innermost axis when that is short, for sums that advance all their outputs at once, column
     * by column (a Fortran-order input, whose columns are then read whole).
     */
    static Tiling reduction(long[] outShape, long perOutput, boolean together, long item) {
        if (outShape.length == 0) {
            return Tiling.of(outShape);
        }
        long per = Math.max(1, TILE_BYTES / (Math.max(1, perOutput) * item));
        if (together) {
            per = Math.max(per, Math.min(outShape[outShape.length - 1], Staging.BLOCK));
        }
        return boxes(outShape, outShape.length - 1, per);
    }

    /**
     * C-order boxes holding about {@code perTile} of the sub-arrays indexed by axes {@code 0..from}
     * (whole axes after {@code from}), cutting the innermost of those axes that is long enough.
     */
    private static Tiling boxes(long[] shape, int from, long perTile) {
        long inner = 1;
        Cut[] cuts = new Cut[shape.length];
        Arrays.fill(cuts, Cut.whole());
        for (int axis = from; axis >= 0; axis--) {
            if (inner * shape[axis] >= perTile) {
                cuts[axis] = Cut.blocks(Math.max(1, perTile / inner));
                for (int before = 0; before < axis; before++) {
                    cuts[before] = Cut.blocks(1);
                }
                break;
            }
            inner *= shape[axis];
        }
        return Tiling.of(shape, cuts);
    }

    /** Rows of an outer product: about {@link #TILE_BYTES} each, and at least a few tiles per worker. */
    static Tiling outerRows(long m, long n, int parallelism, long item) {
        long rowsPerTile = Math.max(1, TILE_BYTES / Math.max(item, n * item));
        rowsPerTile = Math.max(1, Math.min(rowsPerTile, Math.ceilDiv(m, 4L * parallelism)));
        return Tiling.blocks(new long[] {m}, Math.max(1, rowsPerTile));
    }
}

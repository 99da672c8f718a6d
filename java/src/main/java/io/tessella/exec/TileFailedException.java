package io.tessella.exec;

import io.tessella.tiling.Tile;

/**
 * A task threw for one tile; the job was cancelled. Names the tile (index, grid coordinates and box) and
 * carries the task's exception as its cause; failures of other tiles that ended while the job wound down
 * are suppressed exceptions of the first one.
 *
 * <p>Example: {@code catch (TileFailedException e) { retry(e.tile()); }}, with a message such as
 * {@code "tile 4 at [2, 0] = [667:1000, 0:1000] failed: java.io.IOException: disk full (3/6 tiles, ...)"}.
 */
public class TileFailedException extends JobFailedException {
    private final Tile tile;

    /**
     * @param tile     the tile whose task threw
     * @param cause    what the task threw
     * @param progress how far the job got when it stopped
     */
    public TileFailedException(Tile tile, Throwable cause, Progress progress) {
        super(tile + " failed: " + cause + " (" + progress + ")", cause, progress);
        this.tile = tile;
    }

    /** The tile whose task threw. */
    public Tile tile() {
        return tile;
    }
}

package io.tessella.exec;

import io.tessella.tiling.Tile;

/**
 * The work for one tile that produces a result, e.g. a partial sum or a per-tile buffer of hits.
 *
 * <p>Called once per tile, possibly from many threads at once for different tiles, so an implementation
 * must be safe for concurrent calls (tasks usually share only read-only inputs and write disjoint tile
 * views of a shared output). A task should respond to interruption (the executor interrupts running
 * tasks when the job is cancelled) or finish quickly: the executor waits for every running task.
 *
 * <p>Example: {@code TileTask<Double> sum = tile -> sumOf(array.view(tile.start(), tile.stop()));}
 *
 * @param <R> the per-tile result type; {@code null} results are allowed
 */
@FunctionalInterface
public interface TileTask<R> {
    /**
     * Computes the result for one tile.
     *
     * @param tile the tile to work, never null
     * @return the tile's result, may be null
     * @throws Exception any failure; it fails and cancels the job and reaches the caller as the cause of a
     *                   {@link TileFailedException} that names the tile
     */
    R run(Tile tile) throws Exception;
}

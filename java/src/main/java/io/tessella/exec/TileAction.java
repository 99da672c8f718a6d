package io.tessella.exec;

import io.tessella.tiling.Tile;

/**
 * The work for one tile when there is no result to collect, typically writing into the tile's view of a
 * shared output. The same threading contract as {@link TileTask}: concurrent calls for different tiles,
 * interruption on cancellation.
 *
 * <p>Example, recipe 1's outer product into a shared result:
 * <pre>{@code
 * TileAction fill = tile -> {
 *     for (long i = tile.start(0); i < tile.stop(0); i++)
 *         for (long j = tile.start(1); j < tile.stop(1); j++)
 *             r.set(i, j, y.get(i) * x.get(j));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TileAction {
    /**
     * Works one tile.
     *
     * @param tile the tile to work, never null
     * @throws Exception any failure; it fails and cancels the job (see {@link TileFailedException})
     */
    void run(Tile tile) throws Exception;
}

/**
 * How an N-d shape is cut into tiles: NumPy's {@code array_split} rule, fixed-size blocks, grids that
 * combine a cut per axis, and an automatic tiling from shape, element size and core count.
 *
 * <p>Everything here is an immutable value over {@code long} indices: a {@link io.tessella.tiling.Tiling}
 * computes its tiles on demand, so a tiling of a 10<sup>10</sup>-element shape allocates nothing
 * proportional to the shape or to its tile count. Tiles are plain boxes (per-axis {@code start}/{@code stop})
 * and know nothing about memory; an array view of a tile is {@code array.view(tile.start(), tile.stop())}.
 *
 * <p>This package depends only on the JDK; {@code io.tessella.exec} runs tasks over the tiles.
 */
package io.tessella.tiling;

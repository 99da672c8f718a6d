/**
 * Runs a task over every tile of a {@link io.tessella.tiling.Tiling} in parallel: ordered per-tile
 * results, map-reduce, progress with rate history, fail-fast cancellation, caller interrupt and deadline.
 *
 * <p>The entry point is {@link io.tessella.exec.TileExecutor}. A job owns its threads: they are created
 * for it, named after it, and all joined before the call returns or throws, whether the job succeeded,
 * failed, timed out or was interrupted. Nothing here keeps a pool alive between jobs.
 *
 * <p>Depends on {@code io.tessella.tiling} and the JDK only.
 */
package io.tessella.exec;

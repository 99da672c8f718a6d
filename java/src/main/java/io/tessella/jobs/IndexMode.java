package io.tessella.jobs;

/**
 * How the index builder calls the kernel: one downcall per element, or one per tile.
 *
 * <pre>{@code IndexBuilder.create().mode(IndexMode.BATCH)}</pre>
 */
public enum IndexMode {
    /** {@link #BATCH} when a batch is one call into the kernel's native code ({@code Kernel.batchIsOneCall()}), else {@link #ELEMENT}. */
    AUTO,
    /** {@code slow_computation} once per element that passes the sentinel test: the recipe's loop. */
    ELEMENT,
    /**
     * The tile's candidates gathered, then one call per tile: the library's
     * {@code slow_computation_batch}, or for a library with only {@code slow_computation},
     * Tessella's bundled C loop over it.
     */
    BATCH
}

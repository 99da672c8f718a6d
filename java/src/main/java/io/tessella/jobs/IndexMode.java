package io.tessella.jobs;

/**
 * How the index builder calls the kernel: one downcall per element, or one per tile.
 *
 * <pre>{@code IndexBuilder.create().mode(IndexMode.BATCH)}</pre>
 */
public enum IndexMode {
    /** {@link #BATCH} when the kernel has a batch entry point, else {@link #ELEMENT}. */
    AUTO,
    /** {@code slow_computation} once per element that passes the sentinel test: the recipe's loop. */
    ELEMENT,
    /** The tile's candidates gathered, then one {@code slow_computation_batch} call per tile. */
    BATCH
}

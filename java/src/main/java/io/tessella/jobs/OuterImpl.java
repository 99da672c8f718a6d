package io.tessella.jobs;

import io.tessella.kernel.NativeOuter;
import io.tessella.memory.DType;
import io.tessella.vector.VectorOps;

/**
 * Which implementation computes an outer product: the CLI's {@code --impl auto|vector|tiled|naive|native}.
 * Every one gives the same bits; they differ in speed and in what the JVM needs.
 *
 * <pre>{@code OuterImpl ran = ArrayOps.create().outer(r, y, x, OuterImpl.AUTO);}</pre>
 */
public enum OuterImpl {
    /**
     * The fastest here for the output at hand: the default. {@link #NATIVE}, whose streaming stores
     * bypass the cache, for a float64 product into a float64 output larger than the last-level cache
     * when the C library loads and has streaming stores on this CPU; otherwise {@link #resolve()}'s
     * choice. See {@link ArrayOps#outer}.
     */
    AUTO,
    /**
     * The Vector API path ({@link VectorOps#vector()}); without {@code --add-modules jdk.incubator.vector}
     * its scalar twin {@link #TILED} runs instead, with one log line.
     */
    VECTOR,
    /** The cache-blocked scalar loops ({@link VectorOps#scalar()}). */
    TILED,
    /** The recipe's per-row loop ({@link VectorOps#naive()}). */
    NAIVE,
    /**
     * The C library ({@link io.tessella.kernel.NativeOuter}), with streaming stores for outputs larger than the
     * caches; products computed in float64 only.
     */
    NATIVE;

    /**
     * The implementation that runs when this one is asked for, for an output that fits in the cache
     * ({@link ArrayOps#outer} reports what ran for a given output). {@link #AUTO}: {@link #VECTOR} when
     * {@link VectorOps#active()} is the Vector API (module present, not disabled with
     * {@code -Dtessella.vector=false}), else {@link #TILED}. {@link #VECTOR} where the Vector API is
     * unavailable: {@link #TILED}. Any other: itself. (AUTO picks the native library only for outputs
     * larger than the cache, which this method does not know.)
     *
     * <pre>{@code OuterImpl.AUTO.resolve(); // VECTOR with --add-modules jdk.incubator.vector, else TILED}</pre>
     *
     * @return never {@link #AUTO}
     * @throws IllegalStateException for {@link #AUTO} if {@code -Dtessella.vector=true} forces a Vector
     *         API path that cannot run (as {@link VectorOps#active()})
     */
    public OuterImpl resolve() {
        return switch (this) {
            case AUTO -> VectorOps.implementation() == VectorOps.Implementation.VECTOR ? VECTOR : TILED;
            case VECTOR -> VectorOps.vector().isPresent() ? VECTOR : TILED;
            default -> this;
        };
    }

    /**
     * What {@link #AUTO} runs for a product computed in {@code product} into an {@code output} array of
     * {@code outputBytes}: {@link #NATIVE} when both are float64, the output is larger than
     * {@code cacheBytes} (it cannot stay in cache, so stores that bypass it win) and {@code nativeStreams}
     * (the C library loads and has streaming stores here); else {@code AUTO.resolve()}. Every choice
     * gives the same bits: each product is one IEEE multiplication.
     */
    static OuterImpl auto(DType product, DType output, long outputBytes, long cacheBytes, boolean nativeStreams) {
        if (product == DType.FLOAT64 && output == DType.FLOAT64 && outputBytes > cacheBytes && nativeStreams) {
            return NATIVE;
        }
        return AUTO.resolve();
    }

    /** Whether the bundled C library loads and writes with streaming stores on this CPU (not its plain loop). */
    static boolean nativeStreams() {
        return NativeOuter.isAvailable() && !"plain".equals(NativeOuter.bundled().streamingIsa());
    }

    /** Parses {@code auto}, {@code vector}, {@code tiled}, {@code naive} or {@code native}, in any case. */
    public static OuterImpl parse(String name) {
        for (OuterImpl i : values()) {
            if (i.name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("impl = " + name + " is not one of auto, vector, tiled, naive, native");
    }
}

package io.tessella.vector;

/**
 * Which implementation computes an outer product: the CLI's {@code --impl auto|vector|tiled|naive|native}.
 * Every one gives the same bits; they differ in speed and in what the JVM needs.
 *
 * <pre>{@code OuterImpl ran = ArrayOps.create().outer(r, y, x, OuterImpl.AUTO);}</pre>
 */
public enum OuterImpl {
    /** The fastest available here, decided by {@link #resolve()}: the default. */
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
    /** The C library ({@link io.tessella.kernel.NativeOuter}), with streaming stores for outputs larger than the caches. */
    NATIVE;

    /**
     * The implementation that runs when this one is asked for. {@link #AUTO}: {@link #VECTOR} when
     * {@link VectorOps#active()} is the Vector API (module present, not disabled with
     * {@code -Dtessella.vector=false}), else {@link #TILED}. {@link #VECTOR} where the Vector API is
     * unavailable: {@link #TILED}. Any other: itself. (The native library is not among AUTO's choices:
     * whether it loads is not asked here; see {@link io.tessella.kernel.NativeOuter}.)
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

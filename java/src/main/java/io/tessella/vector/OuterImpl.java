package io.tessella.vector;

/**
 * Which implementation computes an outer product: the CLI's {@code --impl vector|tiled|naive|native}.
 *
 * <pre>{@code ArrayOps.create().outer(r, y, x, OuterImpl.NATIVE);}</pre>
 */
public enum OuterImpl {
    /** The Vector API path ({@link VectorOps#vector()}); needs {@code --add-modules jdk.incubator.vector}. */
    VECTOR,
    /** The cache-blocked scalar loops ({@link VectorOps#scalar()}). */
    TILED,
    /** The recipe's per-row loop ({@link VectorOps#naive()}). */
    NAIVE,
    /** The C library ({@link io.tessella.kernel.NativeOuter}), with streaming stores for outputs larger than the caches. */
    NATIVE;

    /** Parses {@code vector}, {@code tiled}, {@code naive} or {@code native}, in any case. */
    public static OuterImpl parse(String name) {
        for (OuterImpl i : values()) {
            if (i.name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("impl = " + name + " is not one of vector, tiled, naive, native");
    }
}

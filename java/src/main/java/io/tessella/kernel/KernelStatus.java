package io.tessella.kernel;

/**
 * The status codes of the kernel ABI ({@code native/include/tessella_kernel.h}): what a
 * {@code slow_computation} call returns instead of an index when it cannot produce one.
 *
 * <p>A swapped-in kernel library may return codes Tessella does not know; {@link #describe(int)}
 * still names them, and callers count them by their raw code.
 *
 * <pre>{@code
 * int status = kernel.slowComputation(a, b, out);
 * if (status != KernelStatus.OK.code()) log(KernelStatus.describe(status));  // "3 (DIVERGED: ...)"
 * }</pre>
 */
public enum KernelStatus {
    // The codes are tessella_kernel.h's macros, spelled here rather than read from the generated
    // bindings (which need FFM's native linker) so the Java twin works where none exists;
    // GeneratedBindingsTest checks they agree.

    /** The index was written. */
    OK(0, "the index was written"),
    /** {@code a} or {@code b} is NaN or ±Inf. */
    NONFINITE(1, "a or b is NaN or infinite"),
    /** {@code |a|} or {@code |b|} exceeds the kernel's domain ({@code 1e9} for the bundled kernel). */
    DOMAIN(2, "a or b is outside the kernel's domain"),
    /** Valid input on which the kernel's iteration did not settle: its "internal error". */
    DIVERGED(3, "the kernel's iteration did not settle (internal error)"),
    /** The output pointer was NULL. */
    NULL_OUT(4, "the output pointer was NULL");

    private final int code;
    private final String meaning;

    KernelStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The raw code the C function returns. */
    public int code() {
        return code;
    }

    /** One sentence saying what the code means. */
    public String meaning() {
        return meaning;
    }

    /** The status with this raw code, or {@code null} for a code this version of Tessella does not know. */
    public static KernelStatus of(int code) {
        for (KernelStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** A human-readable description of any raw code, known or not: {@code "3 (DIVERGED: ...)"}. */
    public static String describe(int code) {
        KernelStatus s = of(code);
        return s == null ? code + " (unknown to Tessella: defined by the kernel library)" : code + " (" + s.name() + ": " + s.meaning + ")";
    }
}

package io.tessella.kernel;

/**
 * What one {@code slow_computation(a, b, &index)} call returned, as it returned it: the status, and
 * the index the kernel wrote. Kept apart so that every status (negative and unknown ones too) and
 * every index (negative ones too, from a kernel whose ABI allows them) is reported as it is.
 *
 * <p>Thread-safety: an immutable record.
 *
 * <pre>{@code
 * Evaluation e = kernel.evaluate(2.5, 1.5);
 * if (e.succeeded()) use(e.index()); else log(KernelStatus.describe(e.status()));
 * }</pre>
 *
 * @param status the call's return value: 0 on success, else the kernel's error code ({@link KernelStatus})
 * @param index  the index the kernel wrote; {@code -1} when it failed (the batch contract's value)
 */
public record Evaluation(int status, long index) {

    /** Whether the kernel succeeded ({@code status == 0}), so {@link #index()} is its result. */
    public boolean succeeded() {
        return status == 0;
    }

    @Override
    public String toString() {
        return succeeded() ? "status 0, index " + index : "status " + KernelStatus.describe(status);
    }
}

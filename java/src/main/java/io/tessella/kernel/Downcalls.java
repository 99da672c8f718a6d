package io.tessella.kernel;

/**
 * The one way this package turns what a downcall handle's {@code invokeExact} threw back into an
 * unchecked exception: method handles declare {@code Throwable}, but a downcall throws only unchecked
 * exceptions and errors, which pass through as they are.
 *
 * <pre>{@code
 * try {
 *     return (long) HANDLE.invokeExact(address, a, b, n);
 * } catch (Throwable t) {
 *     throw Downcalls.rethrow("tessella_loop_scalar", t);
 * }
 * }</pre>
 */
final class Downcalls {
    private Downcalls() {
    }

    /**
     * Throws {@code t} if it is unchecked; otherwise returns an {@link IllegalStateException} naming
     * {@code what} was called, for the caller to throw.
     */
    static RuntimeException rethrow(String what, Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected checked exception from " + what, t);
    }
}

package io.tessella.io;

/**
 * Another run, in this process or another, is writing the same result (or using the same checkpoint)
 * right now. Two writers are never interleaved: the second is refused with this exception, naming the
 * path and the other run's process id.
 *
 * <p>Thread-safety: immutable.
 */
public final class OutputBusyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** With the message saying what is busy and who holds it. */
    public OutputBusyException(String message) {
        super(message);
    }
}

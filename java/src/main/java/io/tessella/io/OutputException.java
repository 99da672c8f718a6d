package io.tessella.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A result could not be written: its partial file could not be created, its space could not be
 * reserved (the disk is full: the message says how many bytes it needs and how many are free), its
 * data could not be written, or it could not be published. Nothing appeared at {@link #target()};
 * {@link #reason()} says what failed, without the path, so a caller can name the path its own way
 * (the CLI names the option: {@code --out r.npy: not enough space ...}).
 *
 * <p>Thread-safety: immutable.
 */
public final class OutputException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final transient Path target;
    private final String reason;

    OutputException(Path target, String reason, IOException cause) {
        super(target + ": " + reason, cause);
        this.target = target;
        this.reason = reason;
    }

    /** Where the result was to appear. */
    public Path target() {
        return target;
    }

    /** What failed, without the path. */
    public String reason() {
        return reason;
    }
}

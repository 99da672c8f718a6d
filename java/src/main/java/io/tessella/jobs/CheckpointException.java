package io.tessella.jobs;

import java.nio.file.Path;

/**
 * A resumable index build's checkpoint directory cannot be used: it belongs to another job (other
 * inputs or settings), another run holds it, a file in it is a symbolic link, or the disk has no room
 * for its work files. The run is refused before any tile; the message names the directory and
 * {@link #reason()} says what is wrong and what to do.
 *
 * <p>Thread-safety: immutable.
 */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final String reason;

    CheckpointException(Path directory, String reason, Throwable cause) {
        super("checkpoint " + directory + ": " + reason, cause);
        this.directory = directory;
        this.reason = reason;
    }

    /** The checkpoint directory. */
    public Path directory() {
        return directory;
    }

    /** What is wrong with it, without the directory: the message's second half. */
    public String reason() {
        return reason;
    }
}

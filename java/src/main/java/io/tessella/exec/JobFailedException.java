package io.tessella.exec;

/**
 * A job ended without completing every tile; says how far it got. Subclasses say why:
 * {@link TileFailedException} (a task threw) and {@link JobTimeoutException} (the deadline passed). Thrown
 * directly when the progress listener throws. Failures after the first are attached as suppressed
 * exceptions, each a {@link TileFailedException} naming its tile.
 *
 * <p>Thrown only after every thread of the job has ended. Example:
 * <pre>{@code
 * try { executor.forEach(tiling, kernel); }
 * catch (JobFailedException e) { log.warn("stopped at " + e.progress(), e); }
 * }</pre>
 */
public class JobFailedException extends RuntimeException {
    private final Progress progress;

    /**
     * @param message  what went wrong, including the progress
     * @param cause    the failure, may be null
     * @param progress how far the job got when it stopped
     */
    public JobFailedException(String message, Throwable cause, Progress progress) {
        super(message, cause);
        this.progress = progress;
    }

    /** How far the job got: tiles and elements done when it stopped. */
    public Progress progress() {
        return progress;
    }
}

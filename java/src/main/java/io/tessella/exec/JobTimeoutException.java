package io.tessella.exec;

import java.time.Duration;

/**
 * The job's deadline ({@link TileExecutor#withTimeout(Duration)}) passed before every tile was done; the
 * job was cancelled and all its threads have ended. {@link #progress()} and the message say how far it got.
 *
 * <p>Example message: {@code "job timed out after PT2S: 37/250 tiles, 1332/900000 elements (0.1 %), ..."}.
 */
public class JobTimeoutException extends JobFailedException {
    private final Duration timeout;

    /**
     * @param timeout  the deadline that passed, measured from the job's start
     * @param progress how far the job got
     */
    public JobTimeoutException(Duration timeout, Progress progress) {
        super("job timed out after " + timeout + ": " + progress, null, progress);
        this.timeout = timeout;
    }

    /** The timeout that passed. */
    public Duration timeout() {
        return timeout;
    }
}

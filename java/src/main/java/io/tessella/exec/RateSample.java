package io.tessella.exec;

import java.time.Duration;

/**
 * The work done in one interval of a job, measured from the job's start: the history of these shows
 * whether a long job slows down (recipe 2's hours-long loop did, as its lists grew).
 *
 * <p>Immutable; example: {@code progress.history().getLast().elementsPerSecond()}.
 *
 * @param from     start of the interval, since the job started
 * @param to       end of the interval, since the job started, {@code >= from}
 * @param elements elements completed in the interval
 * @param tiles    tiles completed in the interval
 */
public record RateSample(Duration from, Duration to, long elements, long tiles) {

    /** @throws IllegalArgumentException if {@code to} precedes {@code from} or a count is negative */
    public RateSample {
        if (to.compareTo(from) < 0) {
            throw new IllegalArgumentException("to = " + to + " must not precede from = " + from);
        }
        if (elements < 0 || tiles < 0) {
            throw new IllegalArgumentException("elements = " + elements + ", tiles = " + tiles + " must be >= 0");
        }
    }

    /** Elements per second over the interval (0 for an empty interval). */
    public double elementsPerSecond() {
        long nanos = to.minus(from).toNanos();
        return nanos == 0 ? 0 : elements * 1e9 / nanos;
    }

    /** Tiles per second over the interval (0 for an empty interval). */
    public double tilesPerSecond() {
        long nanos = to.minus(from).toNanos();
        return nanos == 0 ? 0 : tiles * 1e9 / nanos;
    }
}

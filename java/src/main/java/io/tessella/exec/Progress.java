package io.tessella.exec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a job has got: tiles and elements done out of the totals, time elapsed, and the rate history.
 * Delivered to a {@link ProgressListener} and carried by every {@link JobFailedException}.
 *
 * <p>Immutable; the history list is unmodifiable. Across the snapshots of one job, each count and the
 * elapsed time never decrease. The history covers the whole job in at most 64 intervals: when it fills
 * up, neighbouring intervals are merged, so early and recent rates stay comparable.
 *
 * <p>Example: {@code if (p.recentElementsPerSecond() < 0.5 * p.elementsPerSecond()) warn("slowing down");}
 *
 * @param tilesDone    tiles completed
 * @param tileCount    tiles in the job
 * @param elementsDone elements in the completed tiles
 * @param elementCount elements in the job
 * @param elapsed      time since the job started
 * @param history      per-interval rates, oldest first (may be empty)
 */
public record Progress(long tilesDone, long tileCount, long elementsDone, long elementCount, Duration elapsed,
        List<RateSample> history) {

    /** @throws IllegalArgumentException if a count is negative or exceeds its total */
    public Progress {
        if (tilesDone < 0 || tilesDone > tileCount) {
            throw new IllegalArgumentException("tilesDone = " + tilesDone + " is not in [0, " + tileCount + "]");
        }
        if (elementsDone < 0 || elementsDone > elementCount) {
            throw new IllegalArgumentException("elementsDone = " + elementsDone + " is not in [0, "
                    + elementCount + "]");
        }
        history = List.copyOf(history);
    }

    /** Whether every tile is done. */
    public boolean isComplete() {
        return tilesDone == tileCount;
    }

    /** The fraction of elements done in [0, 1] (by tiles when the job has no elements). */
    public double fraction() {
        if (elementCount > 0) {
            return (double) elementsDone / elementCount;
        }
        return tileCount == 0 ? 1.0 : (double) tilesDone / tileCount;
    }

    /** Elements per second since the job started. */
    public double elementsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : elementsDone * 1e9 / nanos;
    }

    /** Elements per second in the latest history interval, or since the start if there is no history yet. */
    public double recentElementsPerSecond() {
        return history.isEmpty() ? elementsPerSecond() : history.getLast().elementsPerSecond();
    }

    /**
     * The expected time to finish at the recent rate: zero when complete, empty while no element has been
     * done yet (no rate to extrapolate from).
     */
    public Optional<Duration> eta() {
        if (isComplete()) {
            return Optional.of(Duration.ZERO);
        }
        double rate = recentElementsPerSecond();
        if (rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.min(Long.MAX_VALUE, (elementCount - elementsDone) / rate * 1e9)));
    }

    /** For logs: {@code "37/250 tiles, 1332/900000 elements (0.1 %), 2.0 s, 666 elements/s, ETA 22.5 min"}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d tiles, %d/%d elements (%.1f %%), %s, %.0f elements/s, ETA %s",
                tilesDone, tileCount, elementsDone, elementCount, 100 * fraction(), human(elapsed),
                recentElementsPerSecond(), eta().map(Progress::human).orElse("unknown"));
    }

    private static String human(Duration d) {
        double s = d.toNanos() / 1e9;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%.1f min", s / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}

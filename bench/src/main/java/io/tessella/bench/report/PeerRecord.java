package io.tessella.bench.report;

import java.util.Map;

/**
 * One Python peer's result, measured or skipped, as {@code bench/peers/run_peers.py} writes it (the
 * contract is in {@code bench/README.md}). Immutable.
 *
 * <pre>{@code
 * PeerRecord p = peers.all().get(0);
 * if (p.measured()) { double ns = p.nsPerElement(); } else { String why = p.skipped(); }
 * }</pre>
 *
 * @param suite {@code outer}, {@code index}, {@code rowsum}, {@code add}, or {@code *} for all
 * @param peer the peer's name, {@code ctypes-loop} say
 * @param params what the peer ran on, as written
 * @param elements elements processed per timed run (0 when skipped)
 * @param bestSeconds the best time of {@code repeats} (NaN when skipped)
 * @param nsPerElement the best time per element (NaN when skipped)
 * @param gbPerSecond bytes written per second over 1e9, or NaN when the peer did not say
 * @param workers processes or threads the peer used
 * @param note what the peer times, in its own words
 * @param skipped why the peer did not run, or {@code null} when it did
 */
public record PeerRecord(String suite, String peer, Map<String, Object> params, long elements, double bestSeconds,
        double nsPerElement, double gbPerSecond, int workers, String note, String skipped) {

    public PeerRecord {
        params = Map.copyOf(params);
    }

    /** Whether the peer ran and was timed. */
    public boolean measured() {
        return skipped == null;
    }

    /** {@code "joblib (2 workers)"}, or just the name for one worker. */
    public String label() {
        return workers > 1 ? peer + " (" + workers + " workers)" : peer;
    }
}

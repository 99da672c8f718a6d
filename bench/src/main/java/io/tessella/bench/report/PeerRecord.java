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
 * @param interpreter the Python executable that ran it ({@code ""} when not recorded or skipped)
 * @param versions Python's and the modules' versions that ran it, by module name
 */
public record PeerRecord(String suite, String peer, Map<String, Object> params, long elements, double bestSeconds,
        double nsPerElement, double gbPerSecond, int workers, String note, String skipped, String interpreter,
        Map<String, Object> versions) {

    public PeerRecord {
        params = Map.copyOf(params);
        versions = Map.copyOf(versions);
    }

    /** The kernel library an index peer called ({@code "bundled"} or {@code "cheap"}), or {@code null} for other suites. */
    public String kernel() {
        Object k = params.get("kernel");
        return k != null ? String.valueOf(k) : suite.endsWith("index") ? "bundled" : null;
    }

    /** The NumPy version that ran it, or {@code "?"}. */
    public String numpy() {
        return String.valueOf(versions.getOrDefault("numpy", "?"));
    }

    /** Whether the peer ran and was timed. */
    public boolean measured() {
        return skipped == null;
    }

    /**
     * {@code "joblib (2 workers)"}, or just the name for one worker; with the kernel where a record names
     * one that is not the bundled kernel: {@code "numba-prange, cheap kernel (2 workers)"}.
     */
    public String label() {
        Object k = params.get("kernel");
        String name = k != null && !"bundled".equals(k) ? peer + ", " + k + " kernel" : peer;
        return workers > 1 ? name + " (" + workers + " workers)" : name;
    }
}

package io.tessella.jobs;

import java.util.Map;

/**
 * What one tile of an index build produced: its counts, and how long it took (for the rate over
 * time). Package-private plumbing between the scanner, the checkpoint journal and the result.
 */
record TileOutcome(long tile, long visited, long skipped, long emitted, Map<Integer, Long> failures, long nanos) {
    TileOutcome {
        failures = Map.copyOf(failures);
    }
}

package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The decile rates are wall-clock rates over the tiles in the order they were done. */
class IndexDecilesTest {

    @Test
    void aSteadyRunHasEqualRates() {
        // 20 tiles of 100 elements, one done every microsecond: 10^8 elements/s throughout.
        long[] finished = new long[20], visited = new long[20];
        for (int t = 0; t < 20; t++) {
            finished[t] = 5_000 + (t + 1) * 1_000L;
            visited[t] = 100;
        }
        assertArrayEquals(new double[] {1e8, 1e8}, IndexBuilder.deciles(5_000, finished, visited), 1e-6);
    }

    @Test
    void ratesFollowTheOrderTilesWereDoneInNotTheirIndex() {
        // Tile 0 is the last one done, and slow; tiles 1..9 are done one per microsecond.
        long[] finished = {30_000, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000};
        long[] visited = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
        // First tenth: tile 1, 100 elements in 1 us. Last tenth: tile 0, 100 elements from 9 us to 30 us.
        assertArrayEquals(new double[] {1e8, 100 / 21e-6}, IndexBuilder.deciles(0, finished, visited), 1e-3);
    }

    @Test
    void tilesFromACheckpointAreLeftOutAndNoComputedTileGivesZeros() {
        long[] finished = {-1, -1, 2_000, 4_000}, visited = {100, 100, 50, 50};
        assertArrayEquals(new double[] {50 / 2e-6, 50 / 2e-6}, IndexBuilder.deciles(0, finished, visited), 1e-3);
        assertArrayEquals(new double[] {0, 0}, IndexBuilder.deciles(0, new long[] {-1, -1}, visited), 0);
    }
}

package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The README's "write your own kernel" example ({@code native/examples/grid_cell_kernel.c}) swaps in
 * and does what its comment says, checked against the same rule written here in Java.
 */
class ExampleKernelTest {
    /** The example's rule: 0.25-degree cells, 1440 columns from -180, 720 rows from the north pole. */
    private static long expectedCell(double lon, double lat) {
        if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
            return -KernelStatus.NONFINITE.code();
        }
        if (lon < -180 || lon >= 180 || lat < -90 || lat > 90) {
            return -KernelStatus.DOMAIN.code();
        }
        long col = (long) Math.floor((lon + 180) * 4);
        long row = Math.min((long) Math.floor((90 - lat) * 4), 719);
        return row * 1440 + col;
    }

    @Test
    void theGridCellKernelGivesTheCellOfEveryPointAndSkipsPointsOffTheGlobe() {
        try (NativeKernel k = NativeKernel.open(TestLibraries.example("tessella_example_grid_cell"))) {
            assertEquals(expectedCell(2.35, 48.85), k.evaluate(2.35, 48.85).index(), "Paris");
            assertEquals(0, k.evaluate(-180, 90).index(), "the first cell");
            assertEquals(720L * 1440 - 1, k.evaluate(179.99, -90).index(), "the south pole is in the last row");
            double[] edge = {-180.5, -180, -0.0, 0, 179.75, 180, -90.01, -90, 90, 90.01, Double.NaN, Double.NEGATIVE_INFINITY, 1e300};
            for (double lon : edge) {
                for (double lat : edge) {
                    Evaluation e = k.evaluate(lon, lat);
                    assertEquals(expectedCell(lon, lat), e.succeeded() ? e.index() : -(long) e.status(), "lon " + lon + " lat " + lat);
                }
            }
            assertTrue(k.hasBatch());
        }
    }

    @Test
    void theIndexBuilderRunsTheSwappedKernelInBothModes() throws Exception {
        int rows = 90, cols = 110;
        try (Arena arena = Arena.ofShared(); NativeKernel k = NativeKernel.open(TestLibraries.example("tessella_example_grid_cell"))) {
            NdArray lat = NdArray.allocate(arena, DType.FLOAT64, rows, cols);
            NdArray lon = NdArray.allocate(arena, DType.FLOAT64, rows, cols);
            SplittableRandom rnd = new SplittableRandom(11);
            List<long[]> expected = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double la = rnd.nextInt(30) == 0 ? -1.0e10 : rnd.nextDouble(-95, 95);
                    double lo = rnd.nextDouble(-185, 185);
                    lat.setDouble(la, i, j);
                    lon.setDouble(lo, i, j);
                    // The recipe's loop: a1 is the sentinel array, the kernel gets (a2, a1).
                    if (!(la <= IndexBuilder.DEFAULT_SENTINEL)) {
                        long cell = expectedCell(lo, la);
                        if (cell >= 0) {
                            expected.add(new long[] {i, j, cell});
                        }
                    }
                }
            }
            for (IndexMode mode : new IndexMode[] {IndexMode.ELEMENT, IndexMode.BATCH}) {
                try (IndexResult r = IndexBuilder.create().kernel(k).mode(mode).parallelism(2).tileElements(500).run(lat, lon)) {
                    assertEquals(expected.size(), r.counts().emitted(), mode.toString());
                    long[] xs = r.coordinates().get(0).contiguousSegment().toArray(ValueLayout.JAVA_LONG);
                    long[] ys = r.coordinates().get(1).contiguousSegment().toArray(ValueLayout.JAVA_LONG);
                    long[] idxs = r.idxs().contiguousSegment().toArray(ValueLayout.JAVA_LONG);
                    assertArrayEquals(expected.stream().mapToLong(e -> e[0]).toArray(), xs, mode + " xs");
                    assertArrayEquals(expected.stream().mapToLong(e -> e[1]).toArray(), ys, mode + " ys");
                    assertArrayEquals(expected.stream().mapToLong(e -> e[2]).toArray(), idxs, mode + " idxs");
                }
            }
        }
    }
}

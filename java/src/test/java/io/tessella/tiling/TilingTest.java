package io.tessella.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TilingTest {

    private static long[] sizes(Tiling t) {
        return t.stream().mapToLong(Tile::size).toArray();
    }

    @Test
    void splitPutsTheRemainderInTheFirstChunksLikeArraySplit() {
        // np.array_split(np.arange(10), 3) -> lengths [4, 3, 3]
        assertArrayEquals(new long[] {0, 4, 7, 10}, Tiling.split(10, 3).boundaries(0));
        // np.array_split(np.arange(3), 5) -> lengths [1, 1, 1, 0, 0]
        assertArrayEquals(new long[] {1, 1, 1, 0, 0}, sizes(Tiling.split(3, 5)));
        // np.array_split(np.arange(0), 2) -> two empty arrays
        assertArrayEquals(new long[] {0, 0}, sizes(Tiling.split(0, 2)));
    }

    @Test
    void recipeTwoSplitsNineHundredElementsIntoOneHundredFiftyFoursAndOneHundredThrees() {
        long[] s = sizes(Tiling.split(900, 250));
        assertEquals(250, s.length);
        for (int i = 0; i < 250; i++) {
            assertEquals(i < 150 ? 4 : 3, s[i], "chunk " + i);
        }
    }

    @Test
    void recipeOneGridIsThreeYSlicesTimesTwoXSlicesInProductOrder() {
        Tiling t = Tiling.grid(new long[] {1000, 2000}, 3, 2);
        assertEquals(6, t.tileCount());
        List<String> boxes = new ArrayList<>();
        for (Tile tile : t) {
            boxes.add(tile.toString());
        }
        assertEquals(List.of(
                "tile 0 at [0, 0] = [0:334, 0:1000]", "tile 1 at [0, 1] = [0:334, 1000:2000]",
                "tile 2 at [1, 0] = [334:667, 0:1000]", "tile 3 at [1, 1] = [334:667, 1000:2000]",
                "tile 4 at [2, 0] = [667:1000, 0:1000]", "tile 5 at [2, 1] = [667:1000, 1000:2000]"), boxes);
        assertEquals(t.tile(5), t.tileAt(2, 1));
    }

    @Test
    void recipeFourCubeHasSixteenFullDepthFourByFourTiles() {
        Tiling t = Tiling.of(new long[] {365, 16, 16}, Cut.whole(), Cut.blocks(4), Cut.blocks(4));
        assertEquals(16, t.tileCount());
        t.forEach(tile -> assertArrayEquals(new long[] {365, 4, 4}, tile.shape()));
        assertEquals(Tiling.blocks(new long[] {365, 16, 16}, 365, 4, 4).stream().toList(), t.stream().toList());
        Tile last = t.tile(15);
        assertArrayEquals(new long[] {0, 12, 12}, last.start());
        assertArrayEquals(new long[] {365, 16, 16}, last.stop());
        assertArrayEquals(new long[] {0, 3, 3}, last.coords());
    }

    @Test
    void blocksMakeTheLastBlockShorter() {
        assertArrayEquals(new long[] {0, 4, 8, 10}, Tiling.blocks(new long[] {10}, 4).boundaries(0));
        assertEquals(0, Tiling.blocks(new long[] {0, 5}, 3, 3).tileCount());
    }

    @Test
    void cutAtGivesUnevenRowBlocks() {
        Tiling t = Tiling.of(new long[] {1000, 50}, Cut.at(600), Cut.whole());
        assertArrayEquals(new long[] {0, 600, 1000}, t.boundaries(0));
        assertArrayEquals(new long[] {0, 0, 0, 1000}, Tiling.of(new long[] {1000}, Cut.at(0, 0)).boundaries(0));
    }

    @Test
    void splitAlongOneAxisLeavesTheOthersWhole() {
        Tiling t = Tiling.split(new long[] {100_000, 10_000}, 0, 4);
        assertEquals(4, t.tileCount());
        assertArrayEquals(new long[] {25_000, 10_000}, t.tile(3).shape());
    }

    @Test
    void partsWithAMultipleKeepSplitPointsOnThatMultiple() {
        assertArrayEquals(new long[] {0, 16, 20}, Tiling.of(new long[] {20}, Cut.parts(2, 8)).boundaries(0));
        assertArrayEquals(new long[] {0, 24, 40, 50},
                Tiling.of(new long[] {50}, Cut.parts(3, 8)).boundaries(0));
    }

    @Test
    void tilingsOfShapesBeyondTwoToTheThirtyOneWorkWithoutAllocatingTheShape() {
        long[] shape = {100_000, 10_000};
        Tiling each = Tiling.blocks(shape, 1, 1);
        assertEquals(1_000_000_000L, each.tileCount());
        Tile last = each.tile(999_999_999L);
        assertArrayEquals(new long[] {99_999, 9_999}, last.start());
        assertArrayEquals(new long[] {99_999, 9_999}, last.coords());
        Tiling flat = Tiling.split(100_000L * 10_000 * 7, 3);
        assertArrayEquals(new long[] {0, 2_333_333_334L, 4_666_666_667L, 7_000_000_000L}, flat.boundaries(0));
        assertEquals(7_000_000_000L, flat.stream().mapToLong(Tile::size).sum());
    }

    @Test
    void autoCutsTheEightGigabyteRecipeOneResultIntoRowBlocksOfAtMostSixtyFourMebibytes() {
        Tiling t = Tiling.auto(new long[] {100_000, 10_000}, Double.BYTES, 2);
        assertEquals(120, t.tileCount());
        assertEquals(Cut.whole(), t.cut(1));
        t.forEach(tile -> {
            assertTrue(tile.size() * Double.BYTES <= Tiling.AUTO_MAX_TILE_BYTES, tile::toString);
            assertTrue(tile.extent(0) == 833 || tile.extent(0) == 834, tile::toString);
        });
    }

    @Test
    void autoKeepsSmallJobsInOneTile() {
        assertEquals(1, Tiling.auto(new long[] {900}, Double.BYTES, 2).tileCount());
        assertEquals(1, Tiling.auto(new long[] {365, 16, 16}, Double.BYTES, 8).tileCount());
    }

    @Test
    void autoGivesEveryWorkerSeveralTilesWhenTheDataIsLargeEnough() {
        Tiling t = Tiling.auto(new long[] {4096, 4096}, Double.BYTES, 2); // 128 MiB
        assertTrue(t.tileCount() >= 2 * Tiling.AUTO_TILES_PER_WORKER, t::toString);
    }

    @Test
    void errorsNameTheArgumentAndItsValue() {
        assertEquals("parts = 0 must be positive",
                assertThrows(IllegalArgumentException.class, () -> Tiling.split(10, 0)).getMessage());
        assertEquals("shape[1] = -2 must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> Tiling.grid(new long[] {3, -2}, 1, 1)).getMessage());
        assertEquals("block size = 0 must be positive",
                assertThrows(IllegalArgumentException.class, () -> Cut.blocks(0)).getMessage());
        assertEquals("axis 0: split point 11 > length 10",
                assertThrows(IllegalArgumentException.class,
                        () -> Tiling.of(new long[] {10}, Cut.at(3, 11))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cut.at(5, 3));
        assertThrows(IllegalArgumentException.class, () -> Tiling.grid(new long[] {3, 4}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Tiling.grid(new long[] {10, 10}, Long.MAX_VALUE / 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Tiling.split(10, 3).tile(3));
        assertEquals("elementBytes = 0 must be positive",
                assertThrows(IllegalArgumentException.class, () -> Tiling.auto(new long[] {5}, 0, 1)).getMessage());
    }

    @Test
    void tileIsAValueThatDoesNotExposeItsArrays() {
        long[] start = {1, 2};
        Tile t = new Tile(0, new long[] {0, 0}, start, new long[] {3, 4});
        start[0] = 99;
        t.start()[1] = 99;
        assertArrayEquals(new long[] {1, 2}, t.start());
        assertEquals(new Tile(0, new long[] {0, 0}, new long[] {1, 2}, new long[] {3, 4}), t);
        assertEquals(4, t.size());
        assertThrows(IllegalArgumentException.class,
                () -> new Tile(0, new long[] {0}, new long[] {5}, new long[] {4}));
    }
}

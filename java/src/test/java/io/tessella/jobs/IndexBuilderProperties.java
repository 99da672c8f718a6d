package io.tessella.jobs;

import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** For any shape, tiling, parallelism and mode: the outputs are the serial loop's. */
class IndexBuilderProperties {

    @Property(tries = 60)
    void parallelTiledBuildEqualsTheSerialLoop(@ForAll @IntRange(min = 0, max = 40) int rows, @ForAll @IntRange(min = 0, max = 40) int cols,
            @ForAll @LongRange(min = 0, max = 300) long tile, @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll IndexMode mode,
            @ForAll long seed) throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, seed, true, rows, cols);
            NdArray a2 = IndexInputs.fill(arena, seed + 1, false, rows, cols);
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            try (IndexResult r = IndexBuilder.create().kernel(NativeKernel.bundled()).tileElements(tile).parallelism(threads).mode(mode)
                    .run(a1, a2)) {
                IndexAssertions.assertMatches(expected, r, rows + "x" + cols + " tile " + tile + " threads " + threads + " " + mode);
            }
        }
    }
}

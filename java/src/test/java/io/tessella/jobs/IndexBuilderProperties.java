package io.tessella.jobs;

import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** For any shape (rank 1 to 3), tiling, parallelism, mode and passes (C or Java): the outputs are the serial loop's. */
class IndexBuilderProperties {

    @Property(tries = 60)
    void parallelTiledBuildEqualsTheSerialLoop(@ForAll @IntRange(min = 0, max = 40) int rows, @ForAll @IntRange(min = 0, max = 40) int cols,
            @ForAll @LongRange(min = 0, max = 300) long tile, @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll IndexMode mode,
            @ForAll @IntRange(min = 1, max = 3) int rank, @ForAll boolean javaPasses, @ForAll long seed) throws InterruptedException {
        // Rank 2 is the recipe's own; ranks 1 and 3 take the general coordinate path over contiguous inputs.
        long[] shape = switch (rank) {
            case 1 -> new long[] {(long) rows * cols};
            case 2 -> new long[] {rows, cols};
            default -> new long[] {rows, 3, cols};
        };
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, seed, true, shape);
            NdArray a2 = IndexInputs.fill(arena, seed + 1, false, shape);
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            IndexBuilder b = IndexBuilder.create().kernel(NativeKernel.bundled()).tileElements(tile).parallelism(threads).mode(mode);
            try (IndexResult r = (javaPasses ? b.javaPasses() : b).run(a1, a2)) {
                IndexAssertions.assertMatches(expected, r, Arrays.toString(shape) + " tile " + tile + " threads " + threads + " " + mode
                        + (javaPasses ? " java passes" : ""));
            }
        }
    }
}

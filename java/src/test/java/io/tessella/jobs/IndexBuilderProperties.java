package io.tessella.jobs;

import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.Cast;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.RandomLayouts;
import io.tessella.memory.TestIndices;
import io.tessella.memory.TestValues;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * For any shape (rank 0 to 3), layout of the inputs (C or Fortran order, permuted, strided, reversed,
 * big-endian, unaligned), tiling, parallelism, mode and passes (C or Java): the outputs are the serial
 * loop's, which visits the elements in logical row-major order.
 */
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

    @Property(tries = 120)
    void anyLayoutOfTheInputsGivesTheSerialLoopsOutputs(@ForAll Random rnd, @ForAll IndexMode mode, @ForAll boolean javaPasses)
            throws InterruptedException {
        int rank = rnd.nextInt(4);
        long[] shape = new long[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = rnd.nextInt(15) == 0 ? 0 : 1 + rnd.nextInt(rank == 1 ? 400 : 25);
        }
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = recipeValues(RandomLayouts.view(rnd, arena, DType.FLOAT64, shape, 0.4, 0.15, false).array(), rnd.nextLong(), true);
            NdArray a2 = recipeValues(RandomLayouts.view(rnd, arena, DType.FLOAT64, shape, 0.4, 0.15, false).array(), rnd.nextLong(), false);
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            long tile = rnd.nextInt(300);
            int threads = 1 + rnd.nextInt(3);
            IndexBuilder b = IndexBuilder.create().kernel(NativeKernel.bundled()).tileElements(tile).parallelism(threads).mode(mode);
            try (IndexResult r = (javaPasses ? b.javaPasses() : b).run(a1, a2)) {
                IndexAssertions.assertMatches(expected, r, "a1 " + a1 + ", a2 " + a2 + ", tile " + tile + ", threads " + threads + " "
                        + mode + (javaPasses ? " java passes" : ""));
            }
        }
    }

    @Property(tries = 120)
    void inputsOfAnyDTypeAreReadAsFloatReadsThem(@ForAll Random rnd, @ForAll IndexMode mode, @ForAll boolean javaPasses)
            throws InterruptedException {
        DType[] types = DType.values();
        DType t1 = types[rnd.nextInt(types.length)], t2 = types[rnd.nextInt(types.length)];
        int rank = 1 + rnd.nextInt(3);
        long[] shape = new long[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = 1 + rnd.nextInt(rank == 1 ? 600 : 25);
        }
        try (Arena arena = Arena.ofShared()) {
            // Values over the whole range of each type (integer extremes, int64 beyond 2^53, float specials).
            NdArray a1 = RandomLayouts.view(rnd, arena, t1, shape, 0.4, 0.15, true).array();
            NdArray a2 = RandomLayouts.view(rnd, arena, t2, shape, 0.4, 0.15, true).array();
            double sentinel = t1.isFloating() ? 0.0 : Cast.toDouble(t1, TestValues.random(rnd, t1));
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, sentinel, a1, a2);
            long tile = rnd.nextInt(300);
            int threads = 1 + rnd.nextInt(3);
            IndexBuilder b = IndexBuilder.create().kernel(NativeKernel.bundled()).sentinel(sentinel).tileElements(tile).parallelism(threads)
                    .mode(mode);
            try (IndexResult r = (javaPasses ? b.javaPasses() : b).run(a1, a2)) {
                IndexAssertions.assertMatches(expected, r, "a1 " + a1 + ", a2 " + a2 + ", sentinel " + sentinel + ", tile " + tile + ", threads "
                        + threads + " " + mode + (javaPasses ? " java passes" : ""));
            }
        }
    }

    /** The recipe's kind of values written into a view in row-major order, through its own layout and byte order. */
    private static NdArray recipeValues(NdArray v, long seed, boolean a1) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TestIndices.forEachIndex(v.shape(), idx -> v.setDouble(IndexInputs.draw(rnd, a1), idx));
        return v;
    }
}

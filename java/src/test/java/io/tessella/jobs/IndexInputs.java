package io.tessella.jobs;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.util.SplittableRandom;

/** Generated recipe-2 inputs: sentinels, NaN, ±Inf, out-of-domain values among ordinary ones. */
final class IndexInputs {
    private IndexInputs() {
    }

    static double draw(SplittableRandom rnd, boolean a1) {
        return switch (rnd.nextInt(20)) {
            case 0, 1, 2 -> a1 ? -1.0e10 : rnd.nextDouble(-50, 50);   // the recipe's sentinel
            case 3 -> a1 ? -3.0e12 : 0.0;                                 // below the sentinel
            case 4 -> Double.NaN;                                         // never skipped by the test; the kernel refuses it
            case 5 -> rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 6 -> rnd.nextBoolean() ? 5e9 : -2e9;                     // outside the kernel's domain
            case 7 -> rnd.nextBoolean() ? -0.0 : Double.MIN_VALUE;
            default -> rnd.nextDouble(-1000, 1000);
        };
    }

    static NdArray fill(Arena arena, long seed, boolean a1, long... shape) {
        NdArray a = NdArray.allocate(arena, DType.FLOAT64, shape);
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] idx = new long[shape.length];
        for (long f = 0; f < a.size(); f++) {
            long rem = f;
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k] = rem % shape[k];
                rem /= shape[k];
            }
            a.setDouble(draw(rnd, a1), idx);
        }
        return a;
    }
}

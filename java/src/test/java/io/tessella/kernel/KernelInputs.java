package io.tessella.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Generated kernel inputs that visit every branch of the definition and the awkward doubles. */
final class KernelInputs {
    private KernelInputs() {
    }

    static final double[] SPECIALS = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
        Double.MIN_NORMAL / 3, 1.0, -1.0, 0.5, 1e-300, -1e-300,
        1e9, -1e9, Math.nextUp(1e9), Math.nextDown(-1e9), 1e10, -1e10, 1e300, -Double.MAX_VALUE, Double.MAX_VALUE,
        Double.NaN, Double.longBitsToDouble(0x7FF0000000000001L), Double.longBitsToDouble(0xFFF8000000000123L),
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
    };

    /** One double drawn from a mix of distributions, about 10% of them special. */
    static double draw(SplittableRandom rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> SPECIALS[rnd.nextInt(SPECIALS.length)];
            case 1 -> Double.longBitsToDouble(rnd.nextLong());              // any bit pattern
            case 2 -> Double.longBitsToDouble(rnd.nextLong() & 0x000FFFFFFFFFFFFFL) * (rnd.nextBoolean() ? 1 : -1); // subnormal
            case 3 -> rnd.nextDouble(-2e9, 2e9);                              // straddles the domain edge
            case 4 -> rnd.nextDouble(-1e6, 1e6);
            default -> rnd.nextDouble(-100, 100);
        };
    }

    static MemorySegment doubles(Arena arena, long n, long seed) {
        MemorySegment s = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, draw(rnd));
        }
        return s;
    }
}

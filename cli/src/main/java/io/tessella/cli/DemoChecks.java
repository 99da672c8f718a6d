package io.tessella.cli;

import java.util.Arrays;

/**
 * How the demo reports a difference: the first index where a result leaves its reference, in the
 * array's own coordinates, and both values. Bit-for-bit: {@code -0.0} differs from {@code +0.0}.
 *
 * <pre>{@code String m = DemoChecks.differs(flat, shape, got, expected);   // "at [3, 7]: got 1.0, expected 2.0"}</pre>
 */
final class DemoChecks {
    private DemoChecks() {
    }

    static boolean sameBits(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /** The multi-index of flat C-order position {@code flat} in {@code shape}. */
    static long[] unravel(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
        return idx;
    }

    static String differs(long flat, long[] shape, Object got, Object expected) {
        return "first difference at " + Arrays.toString(unravel(flat, shape)) + ": got " + got + ", expected " + expected;
    }
}

package io.tessella.bench.vector;

import io.tessella.memory.Allocation;
import io.tessella.memory.Cast;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Inputs of the dtype benchmarks: arrays of one dtype filled over its range, and raw-memory helpers. */
final class DTypeData {

    private DTypeData() {
    }

    /** An owned C-order array of {@code dtype}: floats of both signs and many magnitudes, integers over the whole range. */
    static NdArray random(DType dtype, long seed, long... shape) {
        NdArray a = NdArray.allocate(Allocation.HUGE_PAGES, dtype, shape);
        MemorySegment s = a.contiguousSegment();
        SplittableRandom rnd = new SplittableRandom(seed);
        long n = a.size();
        for (long i = 0; i < n; i++) {
            long bits = rnd.nextLong();
            switch (dtype) {
                case FLOAT64 -> s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, (rnd.nextDouble() * 2 - 1) * 1000);
                case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) ((rnd.nextDouble() * 2 - 1) * 1000));
                default -> {
                    long v = Cast.toInteger(bits, dtype);
                    switch ((int) dtype.byteSize()) {
                        case 8 -> s.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, v);
                        case 4 -> s.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, (int) v);
                        case 2 -> s.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) v);
                        default -> s.set(ValueLayout.JAVA_BYTE, i, (byte) v);
                    }
                }
            }
        }
        return a;
    }

    /** Fails the trial if two arrays differ in any byte: a fast wrong answer is no result. */
    static void checkSame(NdArray expected, NdArray actual, String what) {
        Shapes.checkSame(expected.contiguousSegment(), actual.contiguousSegment(), what);
    }
}

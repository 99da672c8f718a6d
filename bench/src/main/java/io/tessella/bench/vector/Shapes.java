package io.tessella.bench.vector;

import io.tessella.vector.Kernels;
import io.tessella.vector.VectorOps;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Helpers shared by the vector benchmarks: shape parsing, inputs, result checks. */
final class Shapes {

    private Shapes() {
    }

    /** Parses {@code "ROWSxCOLS"}. */
    static long[] parse(String shape) {
        String[] parts = shape.split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shape = '" + shape + "' is not ROWSxCOLS");
        }
        return new long[] {Long.parseLong(parts[0].strip()), Long.parseLong(parts[1].strip())};
    }

    /** Random doubles in [-1, 1), so no overflow or NaN makes a path take an unusual branch. */
    static MemorySegment randomDoubles(Arena arena, long count, long seed) {
        MemorySegment s = arena.allocate(count * 8, 64);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long i = 0; i < count; i++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble(-1, 1));
        }
        return s;
    }

    /** Fails the trial if two outputs differ in any byte: a fast wrong answer is no result. */
    static void checkSame(MemorySegment expected, MemorySegment actual, String what) {
        long at = expected.mismatch(actual);
        if (at >= 0) {
            throw new IllegalStateException(what + " differs from the naive result at byte " + at);
        }
    }

    /** Fails the trial if the fork runs a different path than the benchmark's name promises. */
    static void checkPath(String benchmark) {
        VectorOps.Implementation want = benchmark.endsWith("Vector") ? VectorOps.Implementation.VECTOR
                : VectorOps.Implementation.SCALAR;
        if (VectorOps.implementation() != want) {
            throw new IllegalStateException(benchmark + " runs on " + VectorOps.implementationName() + ", expected " + want);
        }
    }

    static Kernels vectorOrFail() {
        return VectorOps.vector().orElseThrow(() -> new IllegalStateException(
                "no Vector API path: " + VectorOps.vectorUnavailableReason().orElse("?")));
    }
}

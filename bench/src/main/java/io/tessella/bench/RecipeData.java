package io.tessella.bench;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Recipe 2's index inputs as a pure function of the flat row-major index {@code k}, so that the JMH
 * benchmarks and the Python peers ({@code bench/peers/}) time the very same elements without sharing a
 * file. The formula is the contract in {@code bench/README.md} ("Recipe data"); NumPy computes it on
 * {@code uint64} arrays, which wrap exactly as Java's {@code long} does:
 *
 * <pre>
 * G = 0x9E3779B97F4A7C15
 * mix(z): z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB; return z ^ (z >> 31)
 * ua = mix((2k+1) * G);  ub = mix((2k+2) * G);  unit(u) = (u >> 11) * 2^-53
 * a1[k] = -1.0e10 if (ua &amp; 31) == 0 else unit(ua) * 2000 - 1000
 * a2[k] = unit(ub) * 2000 - 1000
 * </pre>
 *
 * One element in 32 of {@code a1} is the {@code -1.0e10} sentinel; the rest lie in [-1000, 1000).
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * NdArray a1 = NdArray.allocate(arena, DType.FLOAT64, 1024, 1024);
 * NdArray a2 = NdArray.allocate(arena, DType.FLOAT64, 1024, 1024);
 * RecipeData.fill(a1, a2);      // a1.getDouble(0, 0) == RecipeData.a1(0) == 766.6216164272853
 * }</pre>
 */
public final class RecipeData {
    /** The value {@code a1} holds where recipe 2 marks a missing element. */
    public static final double SENTINEL = -1.0e10;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double UNIT = 0x1.0p-53;

    private RecipeData() {
    }

    /** {@code a1[k]}: the sentinel for one {@code k} in 32, else a value in [-1000, 1000). */
    public static double a1(long k) {
        long ua = mix((2 * k + 1) * GOLDEN);
        return (ua & 31) == 0 ? SENTINEL : unit(ua) * 2000.0 - 1000.0;
    }

    /** {@code a2[k]}: a value in [-1000, 1000). */
    public static double a2(long k) {
        return unit(mix((2 * k + 2) * GOLDEN)) * 2000.0 - 1000.0;
    }

    /**
     * Fills two C-contiguous float64 arrays of one shape with {@code a1} and {@code a2}, element
     * {@code k} at flat row-major index {@code k}.
     *
     * @throws IllegalArgumentException if the shapes differ or an array is not float64
     */
    public static void fill(NdArray a1, NdArray a2) {
        if (!Arrays.equals(a1.shape(), a2.shape())) {
            throw new IllegalArgumentException("a1 shape " + Arrays.toString(a1.shape()) + " != a2 shape " + Arrays.toString(a2.shape()));
        }
        if (a1.dtype() != DType.FLOAT64 || a2.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("a1 dtype " + a1.dtype() + ", a2 dtype " + a2.dtype() + ": both must be FLOAT64");
        }
        MemorySegment s1 = a1.contiguousSegment(), s2 = a2.contiguousSegment();
        long n = s1.byteSize() / 8;
        for (long k = 0; k < n; k++) {
            s1.setAtIndex(ValueLayout.JAVA_DOUBLE, k, a1(k));
            s2.setAtIndex(ValueLayout.JAVA_DOUBLE, k, a2(k));
        }
    }

    // SplitMix64's finaliser: consecutive inputs give independent-looking outputs, and it needs
    // nothing Python's NumPy cannot do on uint64 arrays.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // The top 53 bits as a double in [0, 1), as NumPy's (u >> 11) * 2.0**-53 computes it.
    private static double unit(long u) {
        return (u >>> 11) * UNIT;
    }
}

package io.tessella.bench.vector;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The input layouts the layout benchmarks compare, each an {@code rows x cols} float64 array with the
 * same logical values as {@link #CONTIGUOUS}: what a NumPy user hands over from a Fortran program,
 * a {@code [:, ::2]} or {@code [:, ::-1]} slice, or a big-endian file.
 */
enum InputLayout {
    /** C order, native: the fast path, and the baseline of every ratio. */
    CONTIGUOUS,
    /** Fortran order ({@code np.asfortranarray}): the transpose of a C-order array. */
    FORTRAN,
    /** Every other column of an array twice as wide ({@code x[:, ::2]}). */
    STRIDED,
    /** The columns reversed ({@code x[:, ::-1]} of a C-order array). */
    REVERSED,
    /** C order, big-endian ({@code astype('>f8')}, a file written on or for a big-endian machine). */
    BIG_ENDIAN;

    /** This layout of the logical values {@code values} ({@code rows x cols}, C order). */
    NdArray of(Arena arena, MemorySegment values, long rows, long cols) {
        NdArray src = NdArray.wrap(values, DType.FLOAT64, rows, cols);
        NdArray a = switch (this) {
            case CONTIGUOUS -> NdArray.allocate(arena, DType.FLOAT64, rows, cols);
            case FORTRAN -> NdArray.allocate(arena, DType.FLOAT64, cols, rows).transpose();
            case STRIDED -> NdArray.allocate(arena, DType.FLOAT64, rows, 2 * cols).slice(":, ::2");
            case REVERSED -> NdArray.allocate(arena, DType.FLOAT64, rows, cols).slice(":, ::-1");
            case BIG_ENDIAN -> NdArray.allocate(arena, DType.FLOAT64, rows, cols).withByteOrder(ByteOrder.BIG_ENDIAN);
        };
        a.copyFrom(src);
        return a;
    }

    /** The layout a benchmark method is named after: {@code fortran}, {@code bigEndian}, ... */
    static InputLayout ofMethod(String benchmark) {
        String m = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        return switch (m) {
            case "contiguous" -> CONTIGUOUS;
            case "fortran" -> FORTRAN;
            case "strided" -> STRIDED;
            case "reversed" -> REVERSED;
            case "bigEndian" -> BIG_ENDIAN;
            default -> throw new IllegalArgumentException("benchmark method " + m + " names no layout");
        };
    }

    /** Random doubles in [-1, 1), C order. */
    static MemorySegment values(Arena arena, long count, long seed) {
        return Shapes.randomDoubles(arena, count, seed);
    }

    /** Fails the trial unless two C-order float64 results are the same bits: a fast wrong answer is no result. */
    static void checkSame(NdArray expected, NdArray actual, String what) {
        MemorySegment e = expected.contiguousSegment(), a = actual.contiguousSegment();
        for (long i = 0; i < expected.size(); i++) {
            if (e.getAtIndex(ValueLayout.JAVA_LONG, i) != a.getAtIndex(ValueLayout.JAVA_LONG, i)) {
                throw new IllegalStateException(what + " differ from the expected result at element " + i);
            }
        }
    }
}

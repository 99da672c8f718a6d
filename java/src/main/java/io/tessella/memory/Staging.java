package io.tessella.memory;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Turns any array's elements into contiguous runs of native-order values of the dtype a kernel
 * computes in, and back: NumPy's buffered iterator in miniature, the one place where layout, byte
 * order and element type are taken care of, so that kernels only ever see contiguous native memory of
 * their own dtype.
 *
 * <ul>
 *   <li>{@link #gather(NdArray, DType, MemorySegment, long)} copies every element of a view (any rank,
 *       any strides including negative ones, either byte order, any {@link DType}) in C order into
 *       contiguous native values of dtype {@code to}, converting each as NumPy's casts do
 *       ({@link Cast}): {@code int16 -> float32} exactly, {@code int64 -> float64} to nearest,
 *       {@code float64 -> int32} truncated.</li>
 *   <li>{@link #gatherFlat(NdArray, long, long, DType, MemorySegment, long)} does the same for a range
 *       of an array's C-order flattening: a tile of {@code a.ravel()} without a copy of the whole
 *       array.</li>
 *   <li>{@link #scatter(MemorySegment, long, DType, NdArray)} writes contiguous native values back into
 *       a view of any layout, byte order and dtype, converting them to its dtype.</li>
 * </ul>
 * The overloads without a dtype stage float64, as before dtypes were computed on.
 *
 * <p>Layouts are copied bit for bit first ({@link ElementRuns}: a view whose last axis is not its
 * smallest stride, a Fortran-order array read in C order or a transposed view, is copied 32 rows at a
 * time through a small tile that stays in L1, reading and writing runs, not one cache miss per
 * element), then converted where the dtypes differ ({@link Conversions}), through a few kilobytes of
 * scratch. Callers keep their runs to about {@link #BLOCK} elements, so that the staged copy stays in
 * cache until the kernel reads it.
 *
 * <p>Thread-safety: stateless; concurrent calls are fine when they write disjoint memory.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment run = arena.allocate(4L * Staging.BLOCK, 8);
 *     NdArray column = int16File.slice("0:8192, 3:4");                 // any view, any dtype
 *     Staging.gather(column, DType.FLOAT32, run, 0);                   // 8192 native floats, C order
 * }
 * }</pre>
 */
public final class Staging {

    /** Elements per staged run: NumPy's default buffer size (64 KiB of doubles). */
    public static final int BLOCK = 8192;

    /** Elements converted at once through scratch when a run changes dtype: 8 KiB of 8-byte values. */
    static final int CHUNK = 1024;

    private Staging() {
    }

    /**
     * Copies every element of {@code src}, in C order, to {@code dst} from byte {@code dstOffset} on as
     * contiguous native-order doubles: {@code src.size() * 8} bytes.
     *
     * <pre>{@code Staging.gather(a.view(start, stop), scratch, 0);}</pre>
     *
     * @param src       any array or view
     * @param dst       where the doubles go (native memory or a heap segment)
     * @param dstOffset byte offset of the first double in {@code dst}
     * @throws IllegalArgumentException if {@code dst} is read-only or too small
     * @throws IllegalStateException if either memory has been released
     */
    public static void gather(NdArray src, MemorySegment dst, long dstOffset) {
        gatherFlat(src, 0, src.size(), DType.FLOAT64, dst, dstOffset);
    }

    /**
     * Copies every element of {@code src}, in C order, to {@code dst} from byte {@code dstOffset} on as
     * contiguous native-order values of dtype {@code to}, each converted as {@link Cast} does:
     * {@code src.size() * to.byteSize()} bytes.
     *
     * <pre>{@code Staging.gather(a.view(start, stop), DType.FLOAT32, scratch, 0);}</pre>
     *
     * @param src       any array or view
     * @param to        the dtype of the copy
     * @param dst       where the values go (native memory or a heap segment)
     * @param dstOffset byte offset of the first value in {@code dst}
     * @throws IllegalArgumentException if {@code dst} is read-only or too small
     * @throws IllegalStateException if either memory has been released
     */
    public static void gather(NdArray src, DType to, MemorySegment dst, long dstOffset) {
        gatherFlat(src, 0, src.size(), to, dst, dstOffset);
    }

    /**
     * Copies the elements {@code [start, stop)} of {@code src}'s C-order flattening ({@code
     * src.ravel()[start:stop]} in NumPy) to {@code dst} as contiguous native-order doubles:
     * {@code (stop - start) * 8} bytes from {@code dstOffset} on. Every real dtype converts exactly as
     * Python's {@code float(a[i])} does.
     *
     * <pre>{@code Staging.gatherFlat(a1, tileStart, tileStop, scratch, 0);}</pre>
     *
     * @param src       any array or view
     * @param start     first flat index, inclusive
     * @param stop      last flat index, exclusive
     * @param dst       where the doubles go
     * @param dstOffset byte offset of the first double in {@code dst}
     * @throws IllegalArgumentException if the range is outside {@code [0, src.size()]}, or {@code dst}
     *                                  is read-only or too small
     * @throws IllegalStateException if either memory has been released
     */
    public static void gatherFlat(NdArray src, long start, long stop, MemorySegment dst, long dstOffset) {
        gatherFlat(src, start, stop, DType.FLOAT64, dst, dstOffset);
    }

    /**
     * Copies the elements {@code [start, stop)} of {@code src}'s C-order flattening to {@code dst} as
     * contiguous native-order values of dtype {@code to}: {@code (stop - start) * to.byteSize()} bytes
     * from {@code dstOffset} on.
     *
     * <pre>{@code Staging.gatherFlat(a1, tileStart, tileStop, DType.FLOAT64, scratch, 0);}</pre>
     *
     * @param src       any array or view
     * @param start     first flat index, inclusive
     * @param stop      last flat index, exclusive
     * @param to        the dtype of the copy
     * @param dst       where the values go
     * @param dstOffset byte offset of the first value in {@code dst}
     * @throws IllegalArgumentException if the range is outside {@code [0, src.size()]}, or {@code dst}
     *                                  is read-only or too small
     * @throws IllegalStateException if either memory has been released
     */
    public static void gatherFlat(NdArray src, long start, long stop, DType to, MemorySegment dst, long dstOffset) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(to, "to");
        checkRange(start, stop, src.size());
        checkSegment("dst", dst, dstOffset, stop - start, to, true);
        if (start == stop) {
            return;
        }
        DType from = src.dtype();
        if (from == to) {
            copyFlat(src, start, stop, dst, dstOffset);
            return;
        }
        long size = from.byteSize();
        MemorySegment out = dst.asSlice(dstOffset);
        if (src.isCContiguous() && src.isNativeOrder()) {
            MemorySegment in = src.segment().asSlice(src.byteOffset() + start * size);
            for (long c = 0; c < stop - start; c += CHUNK) {
                int len = (int) Math.min(CHUNK, stop - start - c);
                Conversions.convert(from, in, c, to, out, c, len);
            }
            return;
        }
        MemorySegment scratch = MemorySegment.ofArray(new long[(int) Math.min(CHUNK, stop - start)]);
        for (long c = 0; c < stop - start; c += CHUNK) {
            int len = (int) Math.min(CHUNK, stop - start - c);
            copyFlat(src, start + c, start + c + len, scratch, 0);
            Conversions.convert(from, scratch, 0, to, out, c, len);
        }
    }

    /**
     * Writes {@code dst.size()} contiguous native-order doubles from {@code src} (starting at byte
     * {@code srcOffset}) into {@code dst}, in its C order, converting them to its dtype and byte order:
     * the way back of {@link #gather(NdArray, MemorySegment, long)}.
     *
     * <pre>{@code Staging.scatter(scratch, 0, out.view(start, stop));}</pre>
     *
     * @param src       the doubles
     * @param srcOffset byte offset of the first one
     * @param dst       an array or view of any layout, byte order and dtype
     * @throws IllegalArgumentException if {@code dst} is read-only, or {@code src} is too small
     * @throws IllegalStateException if either memory has been released
     */
    public static void scatter(MemorySegment src, long srcOffset, NdArray dst) {
        scatter(src, srcOffset, DType.FLOAT64, dst);
    }

    /**
     * Writes {@code dst.size()} contiguous native-order values of dtype {@code from} from {@code src}
     * (starting at byte {@code srcOffset}) into {@code dst}, in its C order, converting each to its dtype
     * ({@link Cast}) and byte order: the way back of {@link #gather(NdArray, DType, MemorySegment, long)}.
     *
     * <pre>{@code Staging.scatter(scratch, 0, DType.FLOAT32, out.view(start, stop));}</pre>
     *
     * @param src       the values
     * @param srcOffset byte offset of the first one
     * @param from      their dtype
     * @param dst       an array or view of any layout, byte order and dtype
     * @throws IllegalArgumentException if {@code dst} is read-only, or {@code src} is too small
     * @throws IllegalStateException if either memory has been released
     */
    public static void scatter(MemorySegment src, long srcOffset, DType from, NdArray dst) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(from, "from");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst " + dst + " is read-only");
        }
        long n = dst.size();
        checkSegment("src", src, srcOffset, n, from, false);
        if (n == 0) {
            return;
        }
        DType to = dst.dtype();
        if (from == to) {
            writeFlat(src, srcOffset, dst, 0, n);
            return;
        }
        MemorySegment in = src.asSlice(srcOffset);
        if (dst.isCContiguous() && dst.isNativeOrder()) {
            MemorySegment out = dst.segment().asSlice(dst.byteOffset());
            for (long c = 0; c < n; c += CHUNK) {
                int len = (int) Math.min(CHUNK, n - c);
                Conversions.convert(from, in, c, to, out, c, len);
            }
            return;
        }
        MemorySegment scratch = MemorySegment.ofArray(new long[(int) Math.min(CHUNK, n)]);
        for (long c = 0; c < n; c += CHUNK) {
            int len = (int) Math.min(CHUNK, n - c);
            Conversions.convert(from, in, c, to, scratch, 0, len);
            writeFlat(scratch, 0, dst, c, c + len);
        }
    }

    /** One 2-D block of an array's flat range, with where its values sit in the contiguous copy. */
    private interface BlockVisitor {
        void block(long base, long rows, long cols, long rs, long cs, long contiguousOffset);
    }

    /**
     * The elements {@code [start, stop)} of {@code a}'s C-order flattening as 2-D blocks of its last two
     * axes (partial rows at either end, whole rows between), in order; {@code contiguousOffset} counts
     * bytes of {@code a}'s element size from 0.
     */
    private static void blocks(NdArray a, long start, long stop, BlockVisitor v) {
        int nd = a.ndim();
        long item = a.dtype().byteSize();
        long[] shape = a.shape();
        long[] st = a.byteStrides();
        if (nd == 0) {
            v.block(a.byteOffset(), 1, 1, 0, 0, 0);
            return;
        }
        long cols = shape[nd - 1];
        long cs = st[nd - 1];
        if (nd == 1) {
            v.block(a.byteOffset() + start * cs, 1, stop - start, 0, cs, 0);
            return;
        }
        long rows = shape[nd - 2];
        long rs = st[nd - 2];
        long plane = rows * cols;
        long pos = start;
        long d = 0;
        while (pos < stop) {
            long p = pos / plane;
            long inPlane = pos - p * plane;
            long base = a.byteOffset();
            for (int k = nd - 3; k >= 0; k--) {
                base += (p % shape[k]) * st[k];
                p /= shape[k];
            }
            long row = inPlane / cols;
            long col = inPlane - row * cols;
            long n;
            if (col != 0 || stop - pos < cols) {
                n = Math.min(cols - col, stop - pos);
                v.block(base + row * rs + col * cs, 1, n, 0, cs, d);
            } else {
                long fullRows = Math.min(rows - row, (stop - pos) / cols);
                n = fullRows * cols;
                v.block(base + row * rs, fullRows, cols, rs, cs, d);
            }
            pos += n;
            d += n * item;
        }
    }

    /** {@code src.ravel()[start:stop]} bit for bit into contiguous native order (same dtype). */
    private static void copyFlat(NdArray src, long start, long stop, MemorySegment dst, long dstOffset) {
        ElementRuns runs = ElementRuns.of(src.dtype(), src.byteOrder());
        MemorySegment s = src.segment();
        blocks(src, start, stop, (base, rows, cols, rs, cs, off) -> runs.copy2d(s, base, rows, cols, rs, cs, dst, dstOffset + off));
    }

    /** Contiguous native values (of {@code dst}'s dtype) into {@code dst.ravel()[start:stop]}. */
    private static void writeFlat(MemorySegment src, long srcOffset, NdArray dst, long start, long stop) {
        ElementRuns runs = ElementRuns.of(dst.dtype(), dst.byteOrder());
        MemorySegment d = dst.segment();
        blocks(dst, start, stop, (base, rows, cols, rs, cs, off) -> runs.write2d(src, srcOffset + off, d, base, rows, cols, rs, cs));
    }

    private static void checkRange(long start, long stop, long size) {
        if (start < 0 || stop < start || stop > size) {
            throw new IllegalArgumentException("range [" + start + ", " + stop + ") is not within [0, " + size + "]");
        }
    }

    private static void checkSegment(String name, MemorySegment s, long offset, long count, DType dtype, boolean written) {
        Objects.requireNonNull(s, name);
        if (written && s.isReadOnly()) {
            throw new IllegalArgumentException(name + " segment is read-only");
        }
        long bytes = count * dtype.byteSize();
        if (offset < 0 || offset > s.byteSize() || bytes > s.byteSize() - offset) {
            throw new IllegalArgumentException(name + " needs bytes [" + offset + ", " + (offset + bytes) + ") but holds " + s.byteSize());
        }
    }
}

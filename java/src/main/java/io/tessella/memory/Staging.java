package io.tessella.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Turns any array's elements into contiguous runs of native-order {@code double}s and back: NumPy's
 * buffered iterator in miniature, the one place where layout, byte order and element type are taken
 * care of so that kernels only ever see contiguous native float64 memory.
 *
 * <ul>
 *   <li>{@link #gather} copies every element of a view (any rank, any strides including negative
 *       ones, either byte order, any {@link DType}) in C order into contiguous native doubles,
 *       converting integers and floats to {@code double} as NumPy casts them ({@code int64} rounds to
 *       nearest).</li>
 *   <li>{@link #gatherFlat} does the same for a range of an array's C-order flattening: a tile of
 *       {@code a.ravel()} without a copy of the whole array.</li>
 *   <li>{@link #scatter} writes contiguous native doubles back into a float64 view of any layout and
 *       byte order.</li>
 * </ul>
 * A view whose last axis is not its smallest stride (a Fortran-order array read in C order, a
 * transposed view) is copied 32 rows at a time through a 32 x 32 tile that stays in L1, reading and
 * writing runs, instead of with one cache miss per element. Callers keep their runs to about
 * {@link #BLOCK} elements, so that the staged copy stays in cache until the kernel reads it.
 *
 * <p>Thread-safety: stateless; concurrent calls are fine when they write disjoint memory.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment run = arena.allocate(8L * Staging.BLOCK, 8);
 *     NdArray column = fortranFile.slice("0:8192, 3:4");     // any view
 *     Staging.gather(column, run, 0);                          // 8192 native doubles, C order
 * }
 * }</pre>
 */
public final class Staging {

    /** Elements per staged run: NumPy's default buffer size, 64 KiB of doubles. */
    public static final int BLOCK = 8192;

    /** Rows a transposing copy takes at once, and the side of its heap tile: 32 x 32 doubles, 8 KiB, well inside L1. */
    static final int SUB = 32;

    private static final ValueLayout.OfDouble OUT = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

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
        gatherFlat(src, 0, src.size(), dst, dstOffset);
    }

    /**
     * Copies the elements {@code [start, stop)} of {@code src}'s C-order flattening ({@code
     * src.ravel()[start:stop]} in NumPy) to {@code dst} as contiguous native-order doubles:
     * {@code (stop - start) * 8} bytes from {@code dstOffset} on.
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
        Objects.requireNonNull(src, "src");
        checkRange(start, stop, src.size());
        checkTarget(dst, dstOffset, stop - start);
        if (start == stop) {
            return;
        }
        int nd = src.ndim();
        MemorySegment s = src.segment();
        long[] shape = src.shape();
        long[] st = src.byteStrides();
        Reader r = Reader.of(src);
        if (nd == 0) {
            r.copy2d(s, src.byteOffset(), 1, 1, 0, 0, dst, dstOffset);
            return;
        }
        long cols = shape[nd - 1];
        long cs = st[nd - 1];
        if (nd == 1) {
            r.copy2d(s, src.byteOffset() + start * cs, 1, stop - start, 0, cs, dst, dstOffset);
            return;
        }
        long rows = shape[nd - 2];
        long rs = st[nd - 2];
        long plane = rows * cols;
        long pos = start;
        long d = dstOffset;
        while (pos < stop) {
            long p = pos / plane;
            long inPlane = pos - p * plane;
            long base = src.byteOffset();
            for (int k = nd - 3; k >= 0; k--) {
                base += (p % shape[k]) * st[k];
                p /= shape[k];
            }
            long row = inPlane / cols;
            long col = inPlane - row * cols;
            long n;
            if (col != 0 || stop - pos < cols) {
                n = Math.min(cols - col, stop - pos);
                r.copy2d(s, base + row * rs + col * cs, 1, n, 0, cs, dst, d);
            } else {
                long fullRows = Math.min(rows - row, (stop - pos) / cols);
                n = fullRows * cols;
                r.copy2d(s, base + row * rs, fullRows, cols, rs, cs, dst, d);
            }
            pos += n;
            d += n * Double.BYTES;
        }
    }

    /**
     * Writes {@code dst.size()} contiguous native-order doubles from {@code src} (starting at byte
     * {@code srcOffset}) into the float64 array {@code dst}, in its C order, converting to its byte
     * order: the way back of {@link #gather}.
     *
     * <pre>{@code Staging.scatter(scratch, 0, out.view(start, stop));}</pre>
     *
     * @param src       the doubles
     * @param srcOffset byte offset of the first one
     * @param dst       a float64 array or view of any layout and byte order
     * @throws IllegalArgumentException if {@code dst} is not float64 or is read-only, or {@code src} is too small
     * @throws IllegalStateException if either memory has been released
     */
    public static void scatter(MemorySegment src, long srcOffset, NdArray dst) {
        Objects.requireNonNull(src, "src");
        if (dst.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("dst dtype " + dst.dtype() + " is not FLOAT64");
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst " + dst + " is read-only");
        }
        long n = dst.size();
        if (srcOffset < 0 || srcOffset > src.byteSize() || n * Double.BYTES > src.byteSize() - srcOffset) {
            throw new IllegalArgumentException("src needs bytes [" + srcOffset + ", " + (srcOffset + n * Double.BYTES)
                    + ") but holds " + src.byteSize());
        }
        if (n == 0) {
            return;
        }
        int nd = dst.ndim();
        long[] shape = dst.shape();
        long[] st = dst.byteStrides();
        boolean be = dst.byteOrder() == ByteOrder.BIG_ENDIAN;
        MemorySegment d = dst.segment();
        if (nd <= 1) {
            long cs = nd == 0 ? 0 : st[0];
            writeRows(src, srcOffset, d, dst.byteOffset(), 1, n, 0, cs, be);
            return;
        }
        long rows = shape[nd - 2], cols = shape[nd - 1];
        long rs = st[nd - 2], cs = st[nd - 1];
        long planes = n / (rows * cols);
        long s = srcOffset;
        for (long p = 0; p < planes; p++) {
            long rem = p;
            long base = dst.byteOffset();
            for (int k = nd - 3; k >= 0; k--) {
                base += (rem % shape[k]) * st[k];
                rem /= shape[k];
            }
            writeRows(src, s, d, base, rows, cols, rs, cs, be);
            s += rows * cols * Double.BYTES;
        }
    }

    private static void writeRows(MemorySegment src, long so, MemorySegment d, long base, long rows, long cols, long rs, long cs,
            boolean be) {
        if (rows > 1 && cols > 1 && Math.abs(cs) > Math.abs(rs)) {
            // The destination's contiguous axis is the rows': write SUB values down each column (whole
            // cache lines) from SUB source rows, whose lines stay in L1 while the columns pass.
            long rowBytes = cols * Double.BYTES;
            for (long r0 = 0; r0 < rows; r0 += SUB) {
                long r1 = Math.min(rows, r0 + SUB);
                for (long c = 0; c < cols; c++) {
                    long o = base + c * cs;
                    long i = so + c * Double.BYTES;
                    if (be) {
                        for (long r = r0; r < r1; r++) {
                            d.set(F64_BE, o + r * rs, src.get(OUT, i + r * rowBytes));
                        }
                    } else {
                        for (long r = r0; r < r1; r++) {
                            d.set(F64_LE, o + r * rs, src.get(OUT, i + r * rowBytes));
                        }
                    }
                }
            }
            return;
        }
        for (long r = 0; r < rows; r++) {
            long o = base + r * rs;
            long i = so + r * cols * Double.BYTES;
            if (!be && cs == Double.BYTES && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                MemorySegment.copy(src, i, d, o, cols * Double.BYTES);
            } else if (be) {
                for (long c = 0; c < cols; c++) {
                    d.set(F64_BE, o + c * cs, src.get(OUT, i + c * Double.BYTES));
                }
            } else {
                for (long c = 0; c < cols; c++) {
                    d.set(F64_LE, o + c * cs, src.get(OUT, i + c * Double.BYTES));
                }
            }
        }
    }

    private static void checkRange(long start, long stop, long size) {
        if (start < 0 || stop < start || stop > size) {
            throw new IllegalArgumentException("range [" + start + ", " + stop + ") is not within [0, " + size + "]");
        }
    }

    private static void checkTarget(MemorySegment dst, long offset, long count) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst segment is read-only");
        }
        if (offset < 0 || offset > dst.byteSize() || count * Double.BYTES > dst.byteSize() - offset) {
            throw new IllegalArgumentException("dst needs bytes [" + offset + ", " + (offset + count * Double.BYTES)
                    + ") but holds " + dst.byteSize());
        }
    }

    /**
     * Reads one element type in one byte order as doubles. One subclass per case, each loop reading
     * through a constant layout: a layout the JIT cannot see as a constant makes every access slow.
     */
    private abstract static class Reader {
        private static final Reader F64_LITTLE = new LittleFloat64();
        private static final Reader F64_BIG = new BigFloat64();
        // int64 rounds to the nearest double, as NumPy casts it.
        private static final Reader I64_LITTLE = new Generic((s, at) -> (double) s.get(I64_LE, at));
        private static final Reader I64_BIG = new Generic((s, at) -> (double) s.get(I64_BE, at));
        private static final Reader F32_LITTLE = new Generic((s, at) -> s.get(F32_LE, at));
        private static final Reader F32_BIG = new Generic((s, at) -> s.get(F32_BE, at));
        private static final Reader I32_LITTLE = new Generic((s, at) -> s.get(I32_LE, at));
        private static final Reader I32_BIG = new Generic((s, at) -> s.get(I32_BE, at));

        static Reader of(NdArray a) {
            boolean be = a.byteOrder() == ByteOrder.BIG_ENDIAN;
            return switch (a.dtype()) {
                case FLOAT64 -> be ? F64_BIG : F64_LITTLE;
                case INT64 -> be ? I64_BIG : I64_LITTLE;
                case FLOAT32 -> be ? F32_BIG : F32_LITTLE;
                case INT32 -> be ? I32_BIG : I32_LITTLE;
            };
        }

        /** {@code n} elements {@code cs} bytes apart into contiguous doubles. */
        abstract void row(MemorySegment s, long o, long n, long cs, MemorySegment dst, long d);

        /** {@code nr x cols} elements read column by column into contiguous C-order doubles: a transposing copy. */
        void panel(MemorySegment s, long o, long nr, long cols, long rs, long cs, MemorySegment dst, long d) {
            for (long c = 0; c < cols; c++) {
                for (long r = 0; r < nr; r++) {
                    dst.set(OUT, d + (r * cols + c) * Double.BYTES, read(s, o + r * rs + c * cs));
                }
            }
        }

        /** One element as a double: the slow path of {@link #panel}, for layouts the loops above do not cover. */
        abstract double read(MemorySegment s, long at);

        /** A {@code rows x cols} block into contiguous C-order doubles. */
        final void copy2d(MemorySegment s, long o, long rows, long cols, long rs, long cs, MemorySegment dst, long d) {
            long rowBytes = cols * Double.BYTES;
            if (rows > 1 && cols > 1 && Math.abs(cs) > Math.abs(rs)) {
                // The source's contiguous axis is the rows': SUB rows at a time, read down the columns.
                for (long r0 = 0; r0 < rows; r0 += SUB) {
                    panel(s, o + r0 * rs, Math.min(SUB, rows - r0), cols, rs, cs, dst, d + r0 * rowBytes);
                }
                return;
            }
            for (long r = 0; r < rows; r++) {
                row(s, o + r * rs, cols, cs, dst, d + r * rowBytes);
            }
        }

        private interface Element {
            double read(MemorySegment s, long at);
        }

        /*
         * float64, one class per byte order (the same loops; each reads through its own constant
         * layout). Runs are int-indexed loops over slices, which C2 compiles far better than long
         * offsets into the whole segment; contiguous rows are bulk copies, byte-swapping for the
         * other order.
         */

        private static final class LittleFloat64 extends Reader {
            private static final ValueLayout.OfDouble LAYOUT = F64_LE;

            @Override
            double read(MemorySegment s, long at) {
                return s.get(LAYOUT, at);
            }

            @Override
            void row(MemorySegment s, long o, long n, long cs, MemorySegment dst, long d) {
                if (cs == Double.BYTES || n == 1) {
                    MemorySegment.copy(s, LAYOUT, o, dst, OUT, d, n);
                    return;
                }
                long step = cs / Double.BYTES;
                long span = (n - 1) * Math.abs(step);
                if (cs % Double.BYTES != 0 || span >= Integer.MAX_VALUE) {
                    for (long c = 0; c < n; c++) {
                        dst.set(OUT, d + c * Double.BYTES, s.get(LAYOUT, o + c * cs));
                    }
                    return;
                }
                MemorySegment in = s.asSlice(cs > 0 ? o : o - span * Double.BYTES, span * Double.BYTES + Double.BYTES);
                MemorySegment out = dst.asSlice(d, n * Double.BYTES);
                int m = (int) n, k = (int) step, first = cs > 0 ? 0 : (int) span;
                for (int c = 0; c < m; c++) {
                    out.setAtIndex(OUT, c, in.getAtIndex(LAYOUT, first + c * k));
                }
            }

            @Override
            void panel(MemorySegment s, long o, long nr, long cols, long rs, long cs, MemorySegment dst, long d) {
                long colStep = cs / Double.BYTES;
                long inSpan = (cols - 1) * colStep + nr - 1;
                if (rs != Double.BYTES || cs % Double.BYTES != 0 || colStep < 0 || nr > SUB || inSpan >= Integer.MAX_VALUE
                        || nr * cols >= Integer.MAX_VALUE) {
                    super.panel(s, o, nr, cols, rs, cs, dst, d);
                    return;
                }
                // Columns are runs of m contiguous values: read SUB of them into a heap tile, then write the
                // tile's rows out as runs. Every memory access is a run, so power-of-two strides (a 1024-wide
                // Fortran array) cannot make the lines of one block evict each other from L1.
                MemorySegment in = s.asSlice(o, inSpan * Double.BYTES + Double.BYTES);
                MemorySegment out = dst.asSlice(d, nr * cols * Double.BYTES);
                int m = (int) nr, n = (int) cols, ks = (int) colStep;
                double[] tile = new double[SUB * SUB];
                for (int c0 = 0; c0 < n; c0 += SUB) {
                    int nc = Math.min(SUB, n - c0);
                    for (int c = 0; c < nc; c++) {
                        int at = (c0 + c) * ks, t = c * SUB;
                        for (int r = 0; r < m; r++) {
                            tile[t + r] = in.getAtIndex(LAYOUT, at + r);
                        }
                    }
                    for (int r = 0; r < m; r++) {
                        int row = r * n + c0;
                        for (int c = 0; c < nc; c++) {
                            out.setAtIndex(OUT, row + c, tile[c * SUB + r]);
                        }
                    }
                }
            }
        }

        private static final class BigFloat64 extends Reader {
            private static final ValueLayout.OfDouble LAYOUT = F64_BE;

            @Override
            double read(MemorySegment s, long at) {
                return s.get(LAYOUT, at);
            }

            @Override
            void row(MemorySegment s, long o, long n, long cs, MemorySegment dst, long d) {
                if (cs == Double.BYTES || n == 1) {
                    MemorySegment.copy(s, LAYOUT, o, dst, OUT, d, n);
                    return;
                }
                long step = cs / Double.BYTES;
                long span = (n - 1) * Math.abs(step);
                if (cs % Double.BYTES != 0 || span >= Integer.MAX_VALUE) {
                    for (long c = 0; c < n; c++) {
                        dst.set(OUT, d + c * Double.BYTES, s.get(LAYOUT, o + c * cs));
                    }
                    return;
                }
                MemorySegment in = s.asSlice(cs > 0 ? o : o - span * Double.BYTES, span * Double.BYTES + Double.BYTES);
                MemorySegment out = dst.asSlice(d, n * Double.BYTES);
                int m = (int) n, k = (int) step, first = cs > 0 ? 0 : (int) span;
                for (int c = 0; c < m; c++) {
                    out.setAtIndex(OUT, c, in.getAtIndex(LAYOUT, first + c * k));
                }
            }

            @Override
            void panel(MemorySegment s, long o, long nr, long cols, long rs, long cs, MemorySegment dst, long d) {
                long colStep = cs / Double.BYTES;
                long inSpan = (cols - 1) * colStep + nr - 1;
                if (rs != Double.BYTES || cs % Double.BYTES != 0 || colStep < 0 || nr > SUB || inSpan >= Integer.MAX_VALUE
                        || nr * cols >= Integer.MAX_VALUE) {
                    super.panel(s, o, nr, cols, rs, cs, dst, d);
                    return;
                }
                // Columns are runs of m contiguous values: read SUB of them into a heap tile, then write the
                // tile's rows out as runs. Every memory access is a run, so power-of-two strides (a 1024-wide
                // Fortran array) cannot make the lines of one block evict each other from L1.
                MemorySegment in = s.asSlice(o, inSpan * Double.BYTES + Double.BYTES);
                MemorySegment out = dst.asSlice(d, nr * cols * Double.BYTES);
                int m = (int) nr, n = (int) cols, ks = (int) colStep;
                double[] tile = new double[SUB * SUB];
                for (int c0 = 0; c0 < n; c0 += SUB) {
                    int nc = Math.min(SUB, n - c0);
                    for (int c = 0; c < nc; c++) {
                        int at = (c0 + c) * ks, t = c * SUB;
                        for (int r = 0; r < m; r++) {
                            tile[t + r] = in.getAtIndex(LAYOUT, at + r);
                        }
                    }
                    for (int r = 0; r < m; r++) {
                        int row = r * n + c0;
                        for (int c = 0; c < nc; c++) {
                            out.setAtIndex(OUT, row + c, tile[c * SUB + r]);
                        }
                    }
                }
            }
        }

        /** Element types other than float64: not on any hot path yet, so one loop with a call per element. */
        private static final class Generic extends Reader {
            private final Element element;

            Generic(Element element) {
                this.element = element;
            }

            @Override
            void row(MemorySegment s, long o, long n, long cs, MemorySegment dst, long d) {
                for (long c = 0; c < n; c++) {
                    dst.set(OUT, d + c * Double.BYTES, element.read(s, o + c * cs));
                }
            }

            @Override
            double read(MemorySegment s, long at) {
                return element.read(s, at);
            }
        }
    }
}

package io.tessella.memory;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Copies blocks of elements of one stored width and byte order between an array's memory (any strides)
 * and contiguous native-order memory, bit for bit: the layout half of {@link Staging}, whose other half
 * converts between dtypes ({@link Conversions}). One generated subclass per width and order
 * ({@code Runs<W>}, from {@code src/main/templates/io/tessella/memory}), each reading through constant
 * layouts: a layout the JIT cannot see as a constant makes every access slow.
 */
abstract class ElementRuns {

    /** Rows a transposing copy takes at once, and the side of its heap tile: 32 x 32 elements, at most 8 KiB, well inside L1. */
    static final int SUB = 32;

    private final int bytes;

    ElementRuns(int bytes) {
        this.bytes = bytes;
    }

    /** The runs for elements of {@code dtype} stored in {@code order}. */
    static ElementRuns of(DType dtype, ByteOrder order) {
        boolean be = order == ByteOrder.BIG_ENDIAN;
        return switch ((int) dtype.byteSize()) {
            case 1 -> RunsW1.INSTANCE;
            case 2 -> be ? RunsW2BE.INSTANCE : RunsW2LE.INSTANCE;
            case 4 -> be ? RunsW4BE.INSTANCE : RunsW4LE.INSTANCE;
            default -> be ? RunsW8BE.INSTANCE : RunsW8LE.INSTANCE;
        };
    }

    /** {@code n} elements {@code cs} bytes apart from {@code o} into contiguous native order at {@code d}. */
    abstract void row(MemorySegment s, long o, long n, long cs, MemorySegment dst, long d);

    /** {@code nr <= SUB} rows of {@code cols} elements read column by column into contiguous C-order values: a transposing copy. */
    abstract void panel(MemorySegment s, long o, long nr, long cols, long rs, long cs, MemorySegment dst, long d);

    /** {@code n} contiguous native values from {@code so} into elements {@code cs} bytes apart from {@code o}. */
    abstract void writeRow(MemorySegment src, long so, MemorySegment d, long o, long n, long cs);

    /** {@code nr <= SUB} rows of contiguous C-order values written down the columns of a destination whose rows are its contiguous axis. */
    abstract void writePanel(MemorySegment src, long so, MemorySegment d, long o, long nr, long cols, long rs, long cs);

    /** A {@code rows x cols} block into contiguous C-order values. */
    final void copy2d(MemorySegment s, long o, long rows, long cols, long rs, long cs, MemorySegment dst, long d) {
        long rowBytes = cols * bytes;
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

    /** Contiguous C-order values into a {@code rows x cols} block: the way back of {@link #copy2d}. */
    final void write2d(MemorySegment src, long so, MemorySegment d, long o, long rows, long cols, long rs, long cs) {
        long rowBytes = cols * bytes;
        if (rows > 1 && cols > 1 && Math.abs(cs) > Math.abs(rs)) {
            for (long r0 = 0; r0 < rows; r0 += SUB) {
                writePanel(src, so + r0 * rowBytes, d, o + r0 * rs, Math.min(SUB, rows - r0), cols, rs, cs);
            }
            return;
        }
        for (long r = 0; r < rows; r++) {
            writeRow(src, so + r * rowBytes, d, o + r * rs, cols, cs);
        }
    }
}

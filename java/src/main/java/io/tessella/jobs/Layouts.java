package io.tessella.jobs;

import io.tessella.memory.DType;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.NdArray;
import io.tessella.memory.Slice;
import io.tessella.memory.Staging;
import io.tessella.vector.MatrixSpan;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the whole-array operations need to know about their operands' layouts: views permuted and
 * flipped into memory order, the 2-D planes the kernels work on, whether a plane can be handed to a
 * kernel of the computation dtype in place, and the staging copies (counted, so tests can tell the
 * in-place path ran).
 */
final class Layouts {

    /** Elements copied through staging buffers since the JVM started (gathers and scatters). */
    private static final AtomicLong STAGED = new AtomicLong();

    private Layouts() {
    }

    static long stagedElements() {
        return STAGED.get();
    }

    /**
     * Every operand with its axes permuted and flipped alike, so that {@code ref} visits memory in
     * increasing address order when walked in C order: a Fortran-order {@code ref} becomes a C-order
     * view of its transpose, a reversed one a forward view. Elementwise results do not depend on the
     * order elements are visited in, so this only decides which memory is walked contiguously.
     */
    static NdArray[] byMemoryOrder(NdArray ref, NdArray[] operands) {
        int[] axes = IterationOrder.axes(ref);
        boolean[] flip = flips(ref.transpose(axes));
        NdArray[] out = new NdArray[operands.length];
        for (int i = 0; i < operands.length; i++) {
            out[i] = arrange(operands[i], axes, flip);
        }
        return out;
    }

    /** {@code a.transpose(axes)}, then axis {@code k} reversed wherever {@code flip[k]}. */
    static NdArray arrange(NdArray a, int[] axes, boolean[] flip) {
        NdArray v = a.transpose(axes);
        for (int k = 0; k < flip.length; k++) {
            if (flip[k]) {
                v = v.slice(k, Slice.of(null, null, -1L));
            }
        }
        return v;
    }

    /** The axes of {@code a} (longer than 1) whose stride is negative. */
    static boolean[] flips(NdArray a) {
        boolean[] f = new boolean[a.ndim()];
        long[] st = a.byteStrides();
        for (int k = 0; k < f.length; k++) {
            f[k] = a.length(k) > 1 && st[k] < 0;
        }
        return f;
    }

    /** The 2-D plane of an N-d view at the given indices of its leading axes (all but the last two). */
    static NdArray plane(NdArray v, long[] lead) {
        NdArray p = v;
        for (long i : lead) {
            p = p.select(0, i);
        }
        return p;
    }

    /**
     * A view of rank 0, 1 or 2 as {@code rows x cols}: a 0-d array is 1 x 1, a 1-d one a single row.
     * {@code view} is kept for staging its blocks.
     */
    record Plane(NdArray view, long rows, long cols, long offset, long rowStride, long colStride) {

        static Plane of(NdArray v) {
            long[] st = v.byteStrides();
            return switch (v.ndim()) {
                case 0 -> new Plane(v, 1, 1, v.byteOffset(), 0, v.dtype().byteSize());
                case 1 -> new Plane(v, 1, v.length(0), v.byteOffset(), 0, st[0]);
                case 2 -> new Plane(v, v.length(0), v.length(1), v.byteOffset(), st[0], st[1]);
                default -> throw new IllegalArgumentException("a plane has at most 2 axes; got " + v);
            };
        }

        /** Readable in place by a kernel of {@code dtype}: that dtype, native order, contiguous rows in forward order. */
        boolean isDirectInput(DType dtype) {
            return view.dtype() == dtype && view.isNativeOrder() && (cols <= 1 || colStride == dtype.byteSize())
                    && (rows <= 1 || rowStride >= 0);
        }

        /** Writable in place by a kernel of {@code dtype}: a direct input whose rows do not overlap. */
        boolean isDirectOutput(DType dtype) {
            return isDirectInput(dtype) && (rows <= 1 || rowStride >= cols * dtype.byteSize());
        }

        /** Whether its contiguous direction is down the columns (a transposed or Fortran-order plane). */
        boolean isTransposed() {
            return rows > 1 && cols > 1 && Math.abs(colStride) > Math.abs(rowStride);
        }

        /** The whole plane as a kernel span; only for direct planes. */
        MatrixSpan span() {
            return new MatrixSpan(view.segment(), offset, rows, cols, rows <= 1 ? 0 : rowStride, view.dtype());
        }

        /** Rows {@code [r0, r1)} and columns {@code [c0, c1)} as a view, for staging. */
        NdArray block(long r0, long r1, long c0, long c1) {
            return switch (view.ndim()) {
                case 0 -> view;
                case 1 -> view.view(new long[] {c0}, new long[] {c1});
                default -> view.view(new long[] {r0, c0}, new long[] {r1, c1});
            };
        }
    }

    /** Copies a view into {@code buffer} as contiguous native values of {@code to}. */
    static void gather(NdArray v, DType to, MemorySegment buffer) {
        Staging.gather(v, to, buffer, 0);
        STAGED.addAndGet(v.size());
    }

    /** Copies {@code buffer}'s contiguous native values of {@code from} into a view of any dtype. */
    static void scatter(MemorySegment buffer, DType from, NdArray v) {
        Staging.scatter(buffer, 0, from, v);
        STAGED.addAndGet(v.size());
    }
}

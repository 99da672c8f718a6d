package io.tessella.vector;

import io.tessella.exec.TileExecutor;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.NdArray;
import io.tessella.memory.Staging;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * {@code out = in.sum(axis=-1)} (and min, max) over any layout and byte order, in NumPy's own order of
 * additions, which depends on the layout (NumPy 2.x, measured on 2.4; see {@link Reduction#SUM}):
 * <ul>
 *   <li>When the reduced axis is the iterator's inner loop ({@link IterationOrder#reducesAlongInnerLoop}:
 *       C order, strided or reversed rows, 1-d input), each row is one pairwise sum of its elements in
 *       index order. NumPy buffers byte-swapped and unaligned input in 8192-element buffers, so then a
 *       row is the sum of the pairwise sums of its 8192-element chunks, from its first element, added
 *       one after the other.</li>
 *   <li>Otherwise (Fortran order, transposed views) each output is a sequential sum in index order,
 *       {@code ((0 + x0) + x1) + ...}: the inner loop runs along another axis and adds one column at a
 *       time into all the outputs, which {@link Float64Ops#accumulateRows} does at memory speed.</li>
 * </ul>
 * Every sum starts from {@code +0.0}, so a row of {@code -0.0} sums to {@code +0.0}, as in NumPy. The
 * leading axes are visited in memory order (this does not change any output's additions).
 */
final class LastAxisReduction {

    private LastAxisReduction() {
    }

    static void run(Float64Ops ops, int parallelism, Reduction op, NdArray in, NdArray out) throws InterruptedException {
        int nd = in.ndim();
        if (nd == 0) {
            // NumPy reduces a 0-d array over axis -1 as over no axis: the identity combined with the element.
            double x = in.getDouble();
            out.setDouble(op == Reduction.SUM ? 0.0 + x : x);
            return;
        }
        long n = in.length(nd - 1);
        if (n == 0) {
            // As NumPy: an empty reduced axis is an error for min and max even when there are no rows.
            if (op != Reduction.SUM) {
                throw new IllegalArgumentException("in shape " + Arrays.toString(in.shape()) + " has an empty last axis: "
                        + op + " of an empty row has no identity");
            }
            fill(out, 0.0);
            return;
        }
        if (out.size() == 0) {
            return;
        }
        boolean inner = IterationOrder.reducesAlongInnerLoop(in);
        boolean buffered = !in.isNativeOrder() || !in.isAligned();
        // Leading axes in memory order, the reduced axis kept last; leading axes flipped where reversed.
        int[] order = IterationOrder.axes(in);
        int[] axes = new int[nd];
        int a = 0;
        for (int k : order) {
            if (k != nd - 1) {
                axes[a++] = k;
            }
        }
        axes[nd - 1] = nd - 1;
        boolean[] flip = Layouts.flips(in.transpose(axes));
        flip[nd - 1] = false;
        NdArray inv = Layouts.arrange(in, axes, flip);
        NdArray outv = Layouts.arrange(out, Arrays.copyOf(axes, nd - 1), Arrays.copyOf(flip, nd - 1));
        try (ScratchPool pool = new ScratchPool(2, Staging.BLOCK)) {
            TileExecutor.create().withParallelism(parallelism).forEach(Tiles.reduction(outv.shape(), n, !inner), tile -> {
                long[] start = Arrays.copyOf(tile.start(), nd), stop = Arrays.copyOf(tile.stop(), nd);
                stop[nd - 1] = n;
                NdArray iv = inv.view(start, stop);
                NdArray ov = outv.view(tile.start(), tile.stop());
                MemorySegment[] buf = pool.take();
                try {
                    forEachRun(iv, ov, (rows, results) -> {
                        if (inner) {
                            rowwise(ops, op, rows, results, buffered, buf);
                        } else {
                            sequential(ops, op, rows, results, buf);
                        }
                    });
                } finally {
                    pool.give(buf);
                }
            });
        }
    }

    private interface RunTask {
        /**
         * {@code rows}: a {@code k x n} view (or one row of {@code n}, for 1-d input); {@code results}:
         * the {@code k} outputs (a 0-d view for a single row).
         */
        void run(NdArray rows, NdArray results);
    }

    /** Splits a box into runs along its last leading axis (the innermost leading axis in memory). */
    private static void forEachRun(NdArray iv, NdArray ov, RunTask task) {
        int nd = iv.ndim();
        if (iv.size() == 0) {
            return;
        }
        if (nd <= 2) {
            task.run(iv, ov);
            return;
        }
        long[] shape = iv.shape();
        long count = 1;
        for (int k = 0; k < nd - 2; k++) {
            count *= shape[k];
        }
        long[] lead = new long[nd - 2];
        for (long i = 0; i < count; i++) {
            long rem = i;
            for (int k = nd - 3; k >= 0; k--) {
                lead[k] = rem % shape[k];
                rem /= shape[k];
            }
            task.run(Layouts.plane(iv, lead), Layouts.plane(ov, lead));
        }
    }

    /** Whether a kernel can write results straight into {@code v} (a 0-d or 1-d view): any forward stride. */
    private static boolean isDirectResult(NdArray v) {
        return v.dtype() == io.tessella.memory.DType.FLOAT64 && v.isNativeOrder()
                && (v.size() <= 1 || v.byteStrides()[0] >= Double.BYTES);
    }

    private static VectorSpan resultSpan(NdArray v) {
        long k = v.size();
        long stride = v.ndim() == 0 || k <= 1 ? Double.BYTES : v.byteStrides()[0];
        return new VectorSpan(v.segment(), v.byteOffset(), k, stride, VectorSpan.Type.FLOAT64);
    }

    private static NdArray results(NdArray y, long i0, long i1) {
        return y.ndim() == 0 ? y : y.view(new long[] {i0}, new long[] {i1});
    }

    /** The reduced axis is the inner loop's: every row reduced on its own, pairwise (or by 8192-element chunks). */
    private static void rowwise(Float64Ops ops, Reduction op, NdArray x, NdArray y, boolean buffered, MemorySegment[] buf) {
        Layouts.Plane px = Layouts.Plane.of(x);
        long k = px.rows(), n = px.cols();
        if (!buffered && px.isDirectInput()) {
            if (isDirectResult(y)) {
                ops.reduceRows(op, px.span(), resultSpan(y));                 // C order: today's path, no copy
                return;
            }
            for (long i0 = 0; i0 < k; i0 += Staging.BLOCK) {
                long i1 = Math.min(k, i0 + Staging.BLOCK);
                ops.reduceRows(op, px.span().block(i0, i1, 0, n), VectorSpan.float64(buf[1].asSlice(0, (i1 - i0) * 8)));
                Layouts.scatter(buf[1], results(y, i0, i1));
            }
            return;
        }
        if (n <= Staging.BLOCK) {
            // One buffer holds whole rows: each is one pairwise sum, whether NumPy buffers it or not.
            long br = Math.max(1, Staging.BLOCK / n);
            for (long i0 = 0; i0 < k; i0 += br) {
                long i1 = Math.min(k, i0 + br);
                Layouts.gather(px.block(i0, i1, 0, n), buf[0]);
                MatrixSpan staged = MatrixSpan.contiguous(buf[0], i1 - i0, n);
                NdArray r = results(y, i0, i1);
                if (isDirectResult(r)) {
                    ops.reduceRows(op, staged, resultSpan(r));
                } else {
                    ops.reduceRows(op, staged, VectorSpan.float64(buf[1].asSlice(0, (i1 - i0) * 8)));
                    Layouts.scatter(buf[1], r);
                }
            }
            return;
        }
        for (long i = 0; i < k; i++) {
            NdArray row = x.ndim() == 1 ? x : x.select(0, i);
            double v = longRow(ops, op, row, buffered, buf[0]);
            if (y.ndim() == 0) {
                y.setDouble(v);
            } else {
                y.setDouble(v, i);
            }
        }
    }

    /** One row longer than a staging buffer. */
    private static double longRow(Float64Ops ops, Reduction op, NdArray row, boolean buffered, MemorySegment buf) {
        long n = row.length(0);
        boolean inPlace = Layouts.Plane.of(row).isDirectInput();
        if (op == Reduction.SUM && !buffered) {
            return inPlace ? ops.reduce(op, row.segment(), row.byteOffset(), n) : pairwise(ops, row, 0, n, buf);
        }
        // NumPy's buffered sum: each 8192-element chunk summed pairwise, the chunks added in order from
        // +0.0 (reduce gives +0.0 + pw(chunk), which differs from pw(chunk) only in the sign of a zero,
        // and that never reaches the result). Min and max are exact: any chunking gives the same value.
        double acc = 0;
        for (long j0 = 0; j0 < n; j0 += Staging.BLOCK) {
            long len = Math.min(Staging.BLOCK, n - j0);
            double v;
            if (inPlace) {
                v = ops.reduce(op, row.segment(), row.byteOffset() + j0 * Double.BYTES, len);
            } else {
                Layouts.gather(row.view(new long[] {j0}, new long[] {j0 + len}), buf);
                v = ops.reduce(op, buf, 0, len);
            }
            acc = j0 == 0 ? v : switch (op) {
                case SUM -> acc + v;
                case MIN -> Math.min(acc, v);
                case MAX -> Math.max(acc, v);
            };
        }
        return acc;
    }

    /**
     * NumPy's pairwise sum of {@code row[from, from + len)} for a row that is not contiguous: NumPy's own
     * split ({@code len / 2} rounded down to a multiple of 8) down to pieces that fit the buffer, each
     * staged and summed by the kernel, which continues the same recursion. The kernel returns
     * {@code +0.0 + pw(piece)}; only a zero's sign can differ from {@code pw(piece)}, and it never
     * reaches a non-zero result, nor the final {@code +0.0 + } of a zero one.
     */
    private static double pairwise(Float64Ops ops, NdArray row, long from, long len, MemorySegment buf) {
        if (len <= Staging.BLOCK) {
            Layouts.gather(row.view(new long[] {from}, new long[] {from + len}), buf);
            return ops.reduce(Reduction.SUM, buf, 0, len);
        }
        long half = len / 2;
        half -= half % 8;
        return pairwise(ops, row, from, half, buf) + pairwise(ops, row, from + half, len - half, buf);
    }

    /**
     * The reduced axis is not the inner loop's: every output is a sequential sum, {@code k} of them at
     * once, one column of {@code x} at a time added into a block of running values.
     */
    private static void sequential(Float64Ops ops, Reduction op, NdArray x, NdArray y, MemorySegment[] buf) {
        NdArray columns = x.transpose();                          // n x k: row j holds x[:, j]
        Layouts.Plane pc = Layouts.Plane.of(columns);
        long n = pc.rows(), k = pc.cols();
        for (long k0 = 0; k0 < k; k0 += Staging.BLOCK) {
            long k1 = Math.min(k, k0 + Staging.BLOCK);
            long w = k1 - k0;
            VectorSpan acc = VectorSpan.float64(buf[1].asSlice(0, w * Double.BYTES));
            long j = 0;
            if (op == Reduction.SUM) {
                buf[1].asSlice(0, w * Double.BYTES).fill((byte) 0);   // +0.0, NumPy's starting value
            } else {
                Layouts.gather(columns.view(new long[] {0, k0}, new long[] {1, k1}), buf[1]);
                j = 1;
            }
            if (pc.isDirectInput()) {
                ops.accumulateRows(op, pc.span().block(j, n, k0, k1), acc);   // Fortran order: no copy
            } else {
                long jc = Math.max(1, Staging.BLOCK / w);
                for (long j0 = j; j0 < n; j0 += jc) {
                    long j1 = Math.min(n, j0 + jc);
                    Layouts.gather(columns.view(new long[] {j0, k0}, new long[] {j1, k1}), buf[0]);
                    ops.accumulateRows(op, MatrixSpan.contiguous(buf[0], j1 - j0, w), acc);
                }
            }
            NdArray r = results(y, k0, k1);
            if (Layouts.Plane.of(r).isDirectOutput()) {
                MemorySegment.copy(buf[1], 0, r.segment(), r.byteOffset(), w * Double.BYTES);
            } else {
                Layouts.scatter(buf[1], r);
            }
        }
    }

    private static void fill(NdArray out, double value) {
        long[] shape = out.shape();
        long[] idx = new long[shape.length];
        for (long f = 0; f < out.size(); f++) {
            long rem = f;
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k] = rem % shape[k];
                rem /= shape[k];
            }
            out.setDouble(value, idx);
        }
    }
}

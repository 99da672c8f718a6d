package io.tessella.jobs;

import io.tessella.exec.TileExecutor;
import io.tessella.memory.DType;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.NdArray;
import io.tessella.memory.Promotion;
import io.tessella.memory.Staging;
import io.tessella.vector.Kernels;
import io.tessella.vector.MatrixSpan;
import io.tessella.vector.Reduction;
import io.tessella.vector.ReductionOps;
import io.tessella.vector.VectorSpan;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * {@code out = in.sum(axis=-1)} (and min, max) over any layout, byte order and dtype, in NumPy's own
 * accumulator dtype and order of additions, which depends on the layout (NumPy 2.x, measured on 2.4;
 * see {@link Reduction#SUM}):
 * <ul>
 *   <li>When the reduced axis is the iterator's inner loop ({@link IterationOrder#reducesAlongInnerLoop}:
 *       C order, strided or reversed rows, 1-d input), each row is one pairwise sum of its elements in
 *       index order. NumPy buffers byte-swapped and unaligned input, and input it converts to another
 *       dtype ({@code dtype=}), in 8192-element buffers, so then a row is the sum of the pairwise sums
 *       of its 8192-element chunks, from its first element, added one after the other.</li>
 *   <li>Otherwise (Fortran order, transposed views) each output is a sequential sum in index order,
 *       {@code ((0 + x0) + x1) + ...}: the inner loop runs along another axis and adds one column at a
 *       time into all the outputs, which {@link ReductionOps#accumulateRows} does at memory speed.</li>
 * </ul>
 * Every sum starts from zero ({@code +0.0}), so a row of {@code -0.0} sums to {@code +0.0}, as in
 * NumPy. The leading axes are visited in memory order (this does not change any output's additions).
 *
 * <p>Dtypes: the accumulator {@code acc} is NumPy's ({@code np.sum}'s {@link Promotion#sumType}, the
 * input's own for min and max) unless {@code dtype=} asks for another. The kernels read the input as it
 * is whenever that gives the same bits: always when {@code acc} is the natural one, and for integer
 * sums into a narrower integer accumulator (an integer sum is exact modulo 2^64, so summing in 64 bits
 * and truncating is summing in the narrow type); otherwise the input is converted to {@code acc} as it
 * is staged, as NumPy's buffers convert it. Results are then converted to {@code out}'s dtype.
 */
final class LastAxisReduction {

    private LastAxisReduction() {
    }

    /** What runs: the kernels' input dtype, their result dtype and the accumulator, and whether NumPy would buffer. */
    private record Plan(ReductionOps kernel, DType input, DType result, DType acc, boolean converting) {
    }

    /** {@code fresh}: {@code out} was untouched ({@link NdArray#claimUntouched()}), so each worker pre-faults its tile of it. */
    static void run(Kernels kernels, int parallelism, Reduction op, DType acc, NdArray in, NdArray out, boolean fresh)
            throws InterruptedException {
        DType t = in.dtype();
        DType natural = op == Reduction.SUM ? Promotion.sumType(t) : t;
        boolean integerSum = op == Reduction.SUM && !t.isFloating() && !acc.isFloating();
        DType k = acc == natural || integerSum ? t : acc;
        ReductionOps kernel = kernels.reduction(k);
        Plan plan = new Plan(kernel, k, kernel.resultType(op), acc, k != t);
        int nd = in.ndim();
        try (ScratchPool pool = new ScratchPool(3, Staging.BLOCK)) {
            if (nd == 0) {
                // NumPy reduces a 0-d array over axis -1 as over no axis: the identity combined with the element.
                MemorySegment[] buf = pool.take();
                Layouts.gather(in, k, buf[0]);
                kernel.reduceRows(op, MatrixSpan.contiguous(buf[0], k, 1, 1), new VectorSpan(buf[1], 0, 1, 8, plan.result()));
                emit(plan, buf[1], 1, out, buf[2]);
                return;
            }
            long n = in.length(nd - 1);
            if (n == 0) {
                // As NumPy: an empty reduced axis is an error for min and max even when there are no rows.
                if (op != Reduction.SUM) {
                    throw new IllegalArgumentException("in shape " + Arrays.toString(in.shape()) + " has an empty last axis: "
                            + op + " of an empty row has no identity");
                }
                fillZeros(plan, out, pool.take());
                return;
            }
            if (out.size() == 0) {
                return;
            }
            boolean inner = IterationOrder.reducesAlongInnerLoop(in);
            // NumPy buffers an input it must byte-swap, align or convert; then it sums a row by buffers.
            boolean buffered = !in.isNativeOrder() || !in.isAligned() || plan.converting();
            // Leading axes in memory order, the reduced axis kept last; leading axes flipped where reversed.
            int[] order = IterationOrder.axes(in);
            int[] axes = new int[nd];
            int a = 0;
            for (int ax : order) {
                if (ax != nd - 1) {
                    axes[a++] = ax;
                }
            }
            axes[nd - 1] = nd - 1;
            boolean[] flip = Layouts.flips(in.transpose(axes));
            flip[nd - 1] = false;
            NdArray inv = Layouts.arrange(in, axes, flip);
            NdArray outv = Layouts.arrange(out, Arrays.copyOf(axes, nd - 1), Arrays.copyOf(flip, nd - 1));
            TileExecutor.create().withParallelism(parallelism).forEach(ArrayTiles.reduction(outv.shape(), n, !inner, t.byteSize()), tile -> {
                long[] start = Arrays.copyOf(tile.start(), nd), stop = Arrays.copyOf(tile.stop(), nd);
                stop[nd - 1] = n;
                NdArray iv = inv.view(start, stop);
                NdArray ov = outv.view(tile.start(), tile.stop());
                FreshPages.before(fresh, ov);
                MemorySegment[] buf = pool.take();
                try {
                    forEachRun(iv, ov, (rows, results) -> {
                        if (inner) {
                            rowwise(plan, op, rows, results, buffered, buf);
                        } else {
                            sequential(plan, op, rows, results, buf);
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

    /** Whether the kernel can write results straight into {@code v} (a 0-d or 1-d view): the accumulator's dtype, any forward stride. */
    private static boolean isDirectResult(Plan plan, NdArray v) {
        long item = plan.result().byteSize();
        return plan.result() == plan.acc() && v.dtype() == plan.result() && v.isNativeOrder()
                && (v.size() <= 1 || v.byteStrides()[0] >= item);
    }

    private static VectorSpan resultSpan(NdArray v) {
        long k = v.size();
        long item = v.dtype().byteSize();
        long stride = v.ndim() == 0 || k <= 1 ? item : v.byteStrides()[0];
        return new VectorSpan(v.segment(), v.byteOffset(), k, stride, v.dtype());
    }

    private static VectorSpan buffer(MemorySegment buf, long count, DType dtype) {
        return new VectorSpan(buf, 0, count, dtype.byteSize(), dtype);
    }

    private static NdArray results(NdArray y, long i0, long i1) {
        return y.ndim() == 0 ? y : y.view(new long[] {i0}, new long[] {i1});
    }

    /**
     * {@code count} results of the kernel's dtype in {@code buf} into {@code target}: through the
     * accumulator's dtype when it differs (an integer sum truncated to a narrower accumulator, or tested
     * for non-zero into a bool one), then converted to {@code target}'s dtype.
     */
    private static void emit(Plan plan, MemorySegment buf, long count, NdArray target, MemorySegment tmp) {
        if (plan.result() == plan.acc()) {
            Layouts.scatter(buf, plan.result(), target);
            return;
        }
        Staging.gather(NdArray.wrap(buf, plan.result(), count), plan.acc(), tmp, 0);
        Layouts.scatter(tmp, plan.acc(), target);
    }

    /** An empty reduced axis: every output is the sum's identity, zero. */
    private static void fillZeros(Plan plan, NdArray out, MemorySegment[] buf) {
        buf[1].fill((byte) 0);
        if (out.ndim() == 0) {
            emit(plan, buf[1], 1, out, buf[2]);
        } else if (out.ndim() > 1) {
            for (long i = 0; i < out.length(0); i++) {
                fillZeros(plan, out.select(0, i), buf);
            }
        } else {
            long size = out.size();
            for (long i0 = 0; i0 < size; i0 += Staging.BLOCK) {
                long i1 = Math.min(size, i0 + Staging.BLOCK);
                emit(plan, buf[1], i1 - i0, out.view(new long[] {i0}, new long[] {i1}), buf[2]);
            }
        }
    }

    /** The reduced axis is the inner loop's: every row reduced on its own, pairwise (or by 8192-element chunks). */
    private static void rowwise(Plan plan, Reduction op, NdArray x, NdArray y, boolean buffered, MemorySegment[] buf) {
        ReductionOps kernel = plan.kernel();
        DType k = plan.input(), r = plan.result();
        Layouts.Plane px = Layouts.Plane.of(x);
        long rows = px.rows(), n = px.cols();
        if (!buffered && px.isDirectInput(k)) {
            if (isDirectResult(plan, y)) {
                kernel.reduceRows(op, px.span(), resultSpan(y));                 // C order: no copy
                return;
            }
            for (long i0 = 0; i0 < rows; i0 += Staging.BLOCK) {
                long i1 = Math.min(rows, i0 + Staging.BLOCK);
                kernel.reduceRows(op, px.span().block(i0, i1, 0, n), buffer(buf[1], i1 - i0, r));
                emit(plan, buf[1], i1 - i0, results(y, i0, i1), buf[2]);
            }
            return;
        }
        if (n <= Staging.BLOCK) {
            // One buffer holds whole rows: each is one pairwise sum, whether NumPy buffers it or not.
            long br = Math.max(1, Staging.BLOCK / n);
            for (long i0 = 0; i0 < rows; i0 += br) {
                long i1 = Math.min(rows, i0 + br);
                Layouts.gather(px.block(i0, i1, 0, n), k, buf[0]);
                MatrixSpan staged = MatrixSpan.contiguous(buf[0], k, i1 - i0, n);
                NdArray res = results(y, i0, i1);
                if (isDirectResult(plan, res)) {
                    kernel.reduceRows(op, staged, resultSpan(res));
                } else {
                    kernel.reduceRows(op, staged, buffer(buf[1], i1 - i0, r));
                    emit(plan, buf[1], i1 - i0, res, buf[2]);
                }
            }
            return;
        }
        for (long i = 0; i < rows; i++) {
            NdArray row = x.ndim() == 1 ? x : x.select(0, i);
            long v = longRow(plan, op, row, buffered, buf[0]);
            write(buf[1], 0, r, v);
            emit(plan, buf[1], 1, y.ndim() == 0 ? y : results(y, i, i + 1), buf[2]);
        }
    }

    /** One row longer than a staging buffer: its result, as bits of the kernel's result dtype. */
    private static long longRow(Plan plan, Reduction op, NdArray row, boolean buffered, MemorySegment buf) {
        ReductionOps kernel = plan.kernel();
        DType k = plan.input(), r = plan.result();
        long n = row.length(0);
        boolean inPlace = Layouts.Plane.of(row).isDirectInput(k);
        if (op == Reduction.SUM && !buffered && k.isFloating()) {
            return inPlace ? reduceOne(kernel, op, row.segment(), row.byteOffset(), n) : pairwise(plan, row, 0, n, buf);
        }
        // NumPy's buffered sum: each 8192-element chunk summed pairwise, the chunks added in order from
        // +0.0 (a kernel's sum is +0.0 + pw(chunk), which differs from pw(chunk) only in the sign of a
        // zero, and that never reaches the result). Min and max are exact, and integer sums wrap
        // exactly: any chunking gives the same value.
        long acc = 0;
        long item = k.byteSize();
        MemorySegment staged = buf.asSlice(0, Staging.BLOCK * item);
        for (long j0 = 0; j0 < n; j0 += Staging.BLOCK) {
            long len = Math.min(Staging.BLOCK, n - j0);
            long v;
            if (inPlace) {
                v = reduceOne(kernel, op, row.segment(), row.byteOffset() + j0 * item, len);
            } else {
                Layouts.gather(row.view(new long[] {j0}, new long[] {j0 + len}), k, staged);
                v = reduceOne(kernel, op, staged, 0, len);
            }
            acc = j0 == 0 ? v : combine(op, r, acc, v);
        }
        return acc;
    }

    /**
     * NumPy's pairwise sum of {@code row[from, from + len)} for a float row that is not contiguous:
     * NumPy's own split ({@code len / 2} rounded down to a multiple of 8) down to pieces that fit the
     * buffer, each staged and summed by the kernel, which continues the same recursion. The kernel
     * returns {@code +0.0 + pw(piece)}; only a zero's sign can differ from {@code pw(piece)}, and it
     * never reaches a non-zero result, nor the final {@code +0.0 + } of a zero one.
     */
    private static long pairwise(Plan plan, NdArray row, long from, long len, MemorySegment buf) {
        DType k = plan.input();
        if (len <= Staging.BLOCK) {
            MemorySegment staged = buf.asSlice(0, Staging.BLOCK * k.byteSize());
            Layouts.gather(row.view(new long[] {from}, new long[] {from + len}), k, staged);
            return reduceOne(plan.kernel(), Reduction.SUM, staged, 0, len);
        }
        long half = len / 2;
        half -= half % 8;
        long l = pairwise(plan, row, from, half, buf);
        return combine(Reduction.SUM, plan.result(), l, pairwise(plan, row, from + half, len - half, buf));
    }

    /** The kernel's reduction of {@code n} contiguous values at {@code offset} of {@code s}, as bits of its result dtype. */
    private static long reduceOne(ReductionOps kernel, Reduction op, MemorySegment s, long offset, long n) {
        DType r = kernel.resultType(op);
        MemorySegment result = MemorySegment.ofArray(new long[1]);
        kernel.reduceRows(op, new MatrixSpan(s, offset, 1, n, 0, kernel.dtype()), new VectorSpan(result, 0, 1, 8, r));
        return read(result, 0, r);
    }

    /**
     * The reduced axis is not the inner loop's: every output is a sequential sum, {@code k} of them at
     * once, one column of {@code x} at a time added into a block of running values.
     */
    private static void sequential(Plan plan, Reduction op, NdArray x, NdArray y, MemorySegment[] buf) {
        ReductionOps kernel = plan.kernel();
        DType k = plan.input(), r = plan.result();
        NdArray columns = x.transpose();                          // n x k: row j holds x[:, j]
        Layouts.Plane pc = Layouts.Plane.of(columns);
        long n = pc.rows(), width = pc.cols();
        for (long k0 = 0; k0 < width; k0 += Staging.BLOCK) {
            long k1 = Math.min(width, k0 + Staging.BLOCK);
            long w = k1 - k0;
            VectorSpan acc = buffer(buf[1], w, r);
            long j = 0;
            if (op == Reduction.SUM) {
                buf[1].asSlice(0, w * r.byteSize()).fill((byte) 0);   // zero (+0.0), NumPy's starting value
            } else {
                Layouts.gather(columns.view(new long[] {0, k0}, new long[] {1, k1}), k, buf[1]);
                j = 1;
            }
            if (pc.isDirectInput(k)) {
                kernel.accumulateRows(op, pc.span().block(j, n, k0, k1), acc);   // Fortran order: no copy
            } else {
                long jc = Math.max(1, Staging.BLOCK / w);
                for (long j0 = j; j0 < n; j0 += jc) {
                    long j1 = Math.min(n, j0 + jc);
                    Layouts.gather(columns.view(new long[] {j0, k0}, new long[] {j1, k1}), k, buf[0]);
                    kernel.accumulateRows(op, MatrixSpan.contiguous(buf[0], k, j1 - j0, w), acc);
                }
            }
            NdArray res = results(y, k0, k1);
            if (plan.result() == plan.acc() && Layouts.Plane.of(res).isDirectOutput(r)) {
                MemorySegment.copy(buf[1], 0, res.segment(), res.byteOffset(), w * r.byteSize());
            } else {
                emit(plan, buf[1], w, res, buf[2]);
            }
        }
    }

    // ---- single values of a result dtype, as 64-bit patterns (floats: their bits; integers: as stored)

    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private static long read(MemorySegment s, long at, DType t) {
        return switch ((int) t.byteSize()) {
            case 8 -> s.get(I64, at);
            case 4 -> t.isUnsigned() ? Integer.toUnsignedLong(s.get(I32, at)) : s.get(I32, at);
            case 2 -> t.isUnsigned() ? Short.toUnsignedLong(s.get(I16, at)) : s.get(I16, at);
            default -> t.isUnsigned() || t == DType.BOOL ? Byte.toUnsignedLong(s.get(ValueLayout.JAVA_BYTE, at))
                    : s.get(ValueLayout.JAVA_BYTE, at);
        };
    }

    private static void write(MemorySegment s, long at, DType t, long bits) {
        switch ((int) t.byteSize()) {
            case 8 -> s.set(I64, at, bits);
            case 4 -> s.set(I32, at, (int) bits);
            case 2 -> s.set(I16, at, (short) bits);
            default -> s.set(ValueLayout.JAVA_BYTE, at, (byte) bits);
        }
    }

    /** Two partial results of {@code op} in dtype {@code r} combined in that dtype's arithmetic. */
    private static long combine(Reduction op, DType r, long a, long b) {
        return switch (r) {
            case FLOAT64 -> {
                double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
                yield Double.doubleToRawLongBits(switch (op) {
                    case SUM -> x + y;
                    case MIN -> Math.min(x, y);
                    case MAX -> Math.max(x, y);
                });
            }
            case FLOAT32 -> {
                float x = Float.intBitsToFloat((int) a), y = Float.intBitsToFloat((int) b);
                yield Float.floatToRawIntBits(switch (op) {
                    case SUM -> x + y;
                    case MIN -> Math.min(x, y);
                    case MAX -> Math.max(x, y);
                });
            }
            default -> switch (op) {
                case SUM -> a + b;
                case MIN -> (r.isUnsigned() ? Long.compareUnsigned(a, b) : Long.compare(a, b)) <= 0 ? a : b;
                case MAX -> (r.isUnsigned() ? Long.compareUnsigned(a, b) : Long.compare(a, b)) >= 0 ? a : b;
            };
        };
    }
}

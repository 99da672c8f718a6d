package io.tessella.vector;

import io.tessella.exec.TileExecutor;
import io.tessella.kernel.NativeOuter;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link Float64Ops} kernels over whole {@link NdArray}s, in parallel over row tiles: outer
 * product, elementwise arithmetic, fused multiply-add and reductions along the last axis. Any array
 * whose last axis is contiguous works — owned, a mapped {@code .npy} file, shared memory, or a view
 * such as {@code a[:, i:i+4, j:j+4]}; results are bit-identical whatever the tiling and parallelism.
 *
 * <p>Immutable and thread-safe; each setter returns a new instance.
 *
 * <pre>{@code
 * ArrayOps ops = ArrayOps.create().parallelism(2);
 * ops.outer(r, y, x, OuterImpl.VECTOR);                                // r = y[:, None] * x[None, :]
 * ops.elementwise(BinaryOp.ADD, out, a, b,
 *         Tiling.of(a.shape(), Cut.whole(), Cut.blocks(4), Cut.blocks(4)));  // recipe 4's 4 x 4 tiles
 * ops.reduceLastAxis(Reduction.SUM, m, sums);                          // sums = m.sum(axis=-1)
 * }</pre>
 */
public final class ArrayOps {
    /** Outputs at least this large use streaming stores in the native outer product: they cannot stay in cache. */
    public static final long STREAMING_BYTES = 32L << 20;
    /** Rows per tile aim at about this many bytes of output, so per-tile scheduling cost vanishes. */
    static final long TILE_BYTES = 4L << 20;

    private final Float64Ops ops;
    private final int parallelism;

    private ArrayOps(Float64Ops ops, int parallelism) {
        this.ops = ops;
        this.parallelism = parallelism;
    }

    /** The active implementation ({@link VectorOps#active()}) on all cores. */
    public static ArrayOps create() {
        return new ArrayOps(VectorOps.active(), Runtime.getRuntime().availableProcessors());
    }

    /** Row tiles run at once; 1 runs in the caller's thread. */
    public ArrayOps parallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism = " + parallelism + " must be at least 1");
        }
        return new ArrayOps(ops, parallelism);
    }

    /** Another implementation for elementwise ops and reductions (e.g. {@link VectorOps#scalar()}). */
    public ArrayOps using(Float64Ops implementation) {
        return new ArrayOps(Objects.requireNonNull(implementation, "implementation"), parallelism);
    }

    /** The implementation elementwise ops and reductions use. */
    public Float64Ops implementation() {
        return ops;
    }

    /**
     * {@code r[i, j] = y[i] * x[j]}: NumPy's {@code x[None, :] * y[:, None]}, bit for bit.
     *
     * @param r an M × N float64 array with a contiguous last axis
     * @param y M values, float64 or int64 (converted as NumPy promotes {@code int64 * float64})
     * @param x N contiguous float64 values
     * @throws IllegalArgumentException naming the argument whose dtype or shape does not fit; also if
     *         {@link OuterImpl#VECTOR} is asked for where the Vector API is unavailable
     * @throws io.tessella.kernel.KernelLinkException if {@link OuterImpl#NATIVE} is asked for where the
     *         bundled C library cannot be used; the message says why and the fix
     */
    public void outer(NdArray r, NdArray y, NdArray x, OuterImpl impl) throws InterruptedException {
        requireDtype("r", r, DType.FLOAT64);
        requireDtype("x", x, DType.FLOAT64);
        if (y.dtype() != DType.FLOAT64 && y.dtype() != DType.INT64) {
            throw new IllegalArgumentException("y dtype " + y.dtype() + " is neither FLOAT64 nor INT64");
        }
        if (r.ndim() != 2 || y.ndim() != 1 || x.ndim() != 1 || r.length(0) != y.length(0) || r.length(1) != x.length(0)) {
            throw new IllegalArgumentException("r shape " + Arrays.toString(r.shape()) + " != (len(y), len(x)) = ("
                    + (y.ndim() == 1 ? y.length(0) : "y is " + y.ndim() + "-d") + ", " + (x.ndim() == 1 ? x.length(0) : "x is " + x.ndim() + "-d") + ")");
        }
        MatrixSpan rs = matrix("r", r);
        VectorSpan ys = vector("y", y);
        VectorSpan xs = vector("x", x);
        long m = r.length(0), n = r.length(1);
        Tiling rows = rowTiling(m, n);
        TileExecutor exec = TileExecutor.create().withParallelism(parallelism);
        switch (impl) {
            case NATIVE -> {
                NativeOuter c = NativeOuter.bundled();
                if (!xs.isContiguous() || !ys.isContiguous() || rs.rowStride() % 8 != 0) {
                    throw new IllegalArgumentException("the native outer product needs contiguous y and x and r rows 8-byte strided");
                }
                boolean streaming = m * n * 8 >= STREAMING_BYTES;
                long strideElements = rs.rowStride() == 0 ? n : rs.rowStride() / 8; // a single row has no stride of its own
                exec.forEach(rows, t -> {
                    long r0 = t.start(0), r1 = t.stop(0);
                    var rSeg = rs.segment().asSlice(rs.offset() + r0 * rs.rowStride());
                    var ySeg = ys.segment().asSlice(ys.offset() + r0 * 8, (r1 - r0) * 8);
                    var xSeg = xs.segment().asSlice(xs.offset(), n * 8);
                    if (y.dtype() == DType.INT64) {
                        c.outerI64(ySeg, xSeg, r1 - r0, n, rSeg, strideElements, streaming);
                    } else {
                        c.outerF64(ySeg, xSeg, r1 - r0, n, rSeg, strideElements, streaming);
                    }
                });
            }
            default -> {
                Float64Ops impl64 = switch (impl) {
                    case VECTOR -> VectorOps.vector().orElseThrow(() -> new IllegalArgumentException(
                            "impl = vector is unavailable: " + VectorOps.vectorUnavailableReason().orElse("unknown reason")));
                    case TILED -> VectorOps.scalar();
                    case NAIVE -> VectorOps.naive();
                    case NATIVE -> throw new AssertionError();
                };
                exec.forEach(rows, t -> impl64.outerProduct(rs, ys, xs, t.start(0), t.stop(0)));
            }
        }
    }

    /**
     * {@code out = a op b} over same-shape arrays of any rank, tiled automatically over rows.
     *
     * @throws IllegalArgumentException if dtypes or shapes differ, or a last axis is not contiguous
     */
    public void elementwise(BinaryOp op, NdArray out, NdArray a, NdArray b) throws InterruptedException {
        elementwise(op, out, a, b, null);
    }

    /**
     * {@code out = a op b}, one task per tile of {@code tiling} (a tiling of the arrays' shape), as
     * recipe 4 does with 4 × 4 tiles: {@code Tiling.of(shape, Cut.whole(), Cut.blocks(4), Cut.blocks(4))}.
     */
    public void elementwise(BinaryOp op, NdArray out, NdArray a, NdArray b, Tiling tiling) throws InterruptedException {
        Objects.requireNonNull(op, "op");
        sameShape(out, "a", a);
        sameShape(out, "b", b);
        forEachBox(out, tiling, (t, o) -> {
            NdArray av = a.view(t.start(), t.stop()), bv = b.view(t.start(), t.stop());
            forEachRun(o, (lead, row0, rows) -> ops.elementwise(op, run(o, lead, row0, rows), run(av, lead, row0, rows),
                    run(bv, lead, row0, rows)));
        });
    }

    /** {@code out = fma(a, b, c)} with one rounding, over same-shape arrays of any rank. */
    public void fma(NdArray out, NdArray a, NdArray b, NdArray c) throws InterruptedException {
        sameShape(out, "a", a);
        sameShape(out, "b", b);
        sameShape(out, "c", c);
        forEachBox(out, null, (t, o) -> {
            NdArray av = a.view(t.start(), t.stop()), bv = b.view(t.start(), t.stop()), cv = c.view(t.start(), t.stop());
            forEachRun(o, (lead, row0, rows) -> ops.fma(run(o, lead, row0, rows), run(av, lead, row0, rows),
                    run(bv, lead, row0, rows), run(cv, lead, row0, rows)));
        });
    }

    /**
     * {@code out = in.sum(axis=-1)} (or min, max): {@code out} has {@code in}'s shape without its
     * last axis. The summation order is {@link Reduction#SUM}'s, the same on every path.
     */
    public void reduceLastAxis(Reduction op, NdArray in, NdArray out) throws InterruptedException {
        Objects.requireNonNull(op, "op");
        requireDtype("in", in, DType.FLOAT64);
        requireDtype("out", out, DType.FLOAT64);
        if (in.ndim() < 1) {
            throw new IllegalArgumentException("in is 0-d; it has no last axis to reduce");
        }
        long[] lead = Arrays.copyOf(in.shape(), in.ndim() - 1);
        if (!Arrays.equals(lead, out.shape())) {
            throw new IllegalArgumentException("out shape " + Arrays.toString(out.shape()) + " != in shape without its last axis "
                    + Arrays.toString(lead));
        }
        if (in.ndim() == 1) {
            // One row: a 1 × n matrix into a 0-d output.
            MatrixSpan m = new MatrixSpan(in.segment(), in.byteOffset(), 1, in.length(0), 0);
            ops.reduceRows(op, m, new VectorSpan(out.segment(), out.byteOffset(), 1, 8, VectorSpan.Type.FLOAT64));
            return;
        }
        long cols = in.length(in.ndim() - 1);
        forEachBox(out, null, (t, o) -> {
            long[] start = Arrays.copyOf(t.start(), in.ndim()), stop = Arrays.copyOf(t.stop(), in.ndim());
            stop[in.ndim() - 1] = cols;
            NdArray iv = in.view(start, stop);
            forEachRun(iv, (leadIdx, row0, rows) -> {
                long[] outIdx = Arrays.copyOf(leadIdx, o.ndim());
                outIdx[o.ndim() - 1] = row0;
                long outStride = o.byteStrides()[o.ndim() - 1];
                ops.reduceRows(op, run(iv, leadIdx, row0, rows),
                        new VectorSpan(o.segment(), o.offsetOf(outIdx), rows, rows == 1 ? 8 : outStride, VectorSpan.Type.FLOAT64));
            });
        });
    }

    // --- tiling and runs ---------------------------------------------------------------------

    private interface BoxTask {
        void run(Tile tile, NdArray outView) throws Exception;
    }

    private interface RunTask {
        /** {@code lead}: the indices of the axes before the last two; rows {@code [row0, row0 + rows)} of axis ndim-2. */
        void run(long[] lead, long row0, long rows);
    }

    /** Runs {@code task} on every tile of {@code out}: the given tiling, or rows cut to about {@link #TILE_BYTES}. */
    private void forEachBox(NdArray out, Tiling tiling, BoxTask task) throws InterruptedException {
        Tiling t = tiling != null ? checkTiling(tiling, out) : autoTiling(out);
        TileExecutor.create().withParallelism(parallelism).forEach(t, tile -> task.run(tile, out.view(tile.start(), tile.stop())));
    }

    private static Tiling checkTiling(Tiling tiling, NdArray out) {
        if (!Arrays.equals(tiling.shape(), out.shape())) {
            throw new IllegalArgumentException("tiling shape " + Arrays.toString(tiling.shape()) + " != array shape " + Arrays.toString(out.shape()));
        }
        return tiling;
    }

    /** Whole last axis, leading axes cut so that a tile holds about {@link #TILE_BYTES}. */
    private Tiling autoTiling(NdArray out) {
        long[] shape = out.shape();
        if (shape.length == 0) {
            return Tiling.of(shape);
        }
        long rowBytes = Math.max(8, shape[shape.length - 1] * 8);
        long rowsPerTile = Math.max(1, TILE_BYTES / rowBytes);
        // Cut the flattened leading axes into blocks of whole rows along the first axis that is long enough.
        long inner = 1;
        Cut[] cuts = new Cut[shape.length];
        Arrays.fill(cuts, Cut.whole());
        for (int axis = shape.length - 2; axis >= 0; axis--) {
            if (inner * shape[axis] >= rowsPerTile) {
                cuts[axis] = Cut.blocks(Math.max(1, rowsPerTile / inner));
                for (int before = 0; before < axis; before++) {
                    cuts[before] = Cut.blocks(1);
                }
                break;
            }
            inner *= shape[axis];
        }
        return Tiling.of(shape, cuts);
    }

    private Tiling rowTiling(long m, long n) {
        long rowsPerTile = Math.max(1, TILE_BYTES / Math.max(8, n * 8));
        // At least a few tiles per worker, so both cores stay busy to the end.
        rowsPerTile = Math.max(1, Math.min(rowsPerTile, Math.ceilDiv(m, 4L * parallelism)));
        return Tiling.blocks(new long[] {m}, Math.max(1, rowsPerTile));
    }

    /** Splits an N-d view into runs of rows that share one row stride (runs of axis ndim-2). */
    private static void forEachRun(NdArray v, RunTask task) {
        int nd = v.ndim();
        if (v.size() == 0) {
            return;
        }
        if (nd == 1) {
            task.run(new long[0], 0, 1);
            return;
        }
        long[] shape = v.shape();
        long[] lead = new long[nd - 2];
        long count = 1;
        for (int k = 0; k < nd - 2; k++) {
            count *= shape[k];
        }
        for (long i = 0; i < count; i++) {
            long rem = i;
            for (int k = nd - 3; k >= 0; k--) {
                lead[k] = rem % shape[k];
                rem /= shape[k];
            }
            task.run(lead.clone(), 0, shape[nd - 2]);
        }
    }

    /** Rows {@code [row0, row0 + rows)} of the last two axes at leading index {@code lead}, as a span. */
    private static MatrixSpan run(NdArray v, long[] lead, long row0, long rows) {
        int nd = v.ndim();
        long[] strides = v.byteStrides();
        if (nd == 1) {
            requireContiguousLastAxis("array", v);
            return new MatrixSpan(v.segment(), v.byteOffset(), 1, v.length(0), 0);
        }
        requireContiguousLastAxis("array", v);
        long[] idx = new long[nd];
        System.arraycopy(lead, 0, idx, 0, nd - 2);
        idx[nd - 2] = row0;
        long rowStride = strides[nd - 2];
        if (rowStride < 0) {
            throw new IllegalArgumentException("row stride " + rowStride + " is negative: reversed rows are not supported here");
        }
        return new MatrixSpan(v.segment(), v.offsetOf(idx), rows, v.length(nd - 1), rows == 1 ? 0 : rowStride);
    }

    private static MatrixSpan matrix(String name, NdArray a) {
        requireContiguousLastAxis(name, a);
        long rowStride = a.byteStrides()[0];
        if (rowStride < 0) {
            throw new IllegalArgumentException(name + " row stride " + rowStride + " is negative");
        }
        return new MatrixSpan(a.segment(), a.byteOffset(), a.length(0), a.length(1), a.length(0) <= 1 ? 0 : rowStride);
    }

    private static VectorSpan vector(String name, NdArray a) {
        long stride = a.byteStrides()[0];
        if (stride < 0) {
            throw new IllegalArgumentException(name + " stride " + stride + " is negative");
        }
        return new VectorSpan(a.segment(), a.byteOffset(), a.length(0), a.length(0) <= 1 ? 8 : stride,
                a.dtype() == DType.INT64 ? VectorSpan.Type.INT64 : VectorSpan.Type.FLOAT64);
    }

    private static void requireContiguousLastAxis(String name, NdArray a) {
        int nd = a.ndim();
        if (nd > 0 && a.length(nd - 1) > 1 && a.byteStrides()[nd - 1] != 8) {
            throw new IllegalArgumentException(name + " last-axis stride " + a.byteStrides()[nd - 1] + " bytes is not 8: the last axis must be contiguous");
        }
    }

    private static void requireDtype(String name, NdArray a, DType dtype) {
        Objects.requireNonNull(a, name);
        if (a.dtype() != dtype) {
            throw new IllegalArgumentException(name + " dtype " + a.dtype() + " is not " + dtype);
        }
    }

    private static void sameShape(NdArray out, String name, NdArray a) {
        requireDtype("out", out, DType.FLOAT64);
        requireDtype(name, a, DType.FLOAT64);
        if (!Arrays.equals(out.shape(), a.shape())) {
            throw new IllegalArgumentException(name + " shape " + Arrays.toString(a.shape()) + " != out shape " + Arrays.toString(out.shape()));
        }
    }
}

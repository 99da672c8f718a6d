package io.tessella.jobs;

import io.tessella.exec.TileExecutor;
import io.tessella.kernel.NativeOuter;
import io.tessella.memory.DType;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.NdArray;
import io.tessella.memory.Slice;
import io.tessella.memory.Staging;
import io.tessella.os.ResourceLedger;
import io.tessella.tiling.Tiling;
import io.tessella.vector.MatrixSpan;
import io.tessella.vector.OuterOps;
import io.tessella.vector.VectorSpan;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code r[i, j] = y[i] * x[j]} in one computation dtype for factors and an output of any layout and
 * dtype: NumPy's {@code np.outer(y, x)}, which ravels its inputs. The factors are staged once into
 * contiguous native values of the computation dtype unless they already are (O(M + N) against the
 * M x N products). The output is permuted and flipped into memory order (a Fortran-order {@code r} is
 * the C-order {@code x}-by-{@code y} product of its transpose; the product commutes), and computed in
 * place when its rows are then contiguous native values of the computation dtype, else block by block
 * into a staging buffer and copied back, converted to its dtype.
 */
final class OuterProductJob {

    private OuterProductJob() {
    }

    /**
     * @param dtype  the computation dtype
     * @param kernel the Java kernel of {@code dtype}, or null for {@link OuterImpl#NATIVE} (float64 only)
     * @param fresh  whether {@code r} was untouched ({@link NdArray#claimUntouched()}): each worker pre-faults its tile
     * @param streamingBytes outputs at least this large get the C library's streaming stores
     */
    static void run(int parallelism, DType dtype, NdArray r, NdArray y, NdArray x, OuterOps kernel, boolean fresh, long streamingBytes)
            throws InterruptedException {
        long m = y.size(), n = x.size();
        if (m == 0 || n == 0) {
            return;
        }
        boolean nativeImpl = kernel == null;
        NdArray out = r;
        NdArray rows = y, cols = x;
        if (IterationOrder.axes(r)[0] == 1) {
            out = r.transpose();
            rows = x;
            cols = y;
        }
        boolean[] flip = Layouts.flips(out);
        for (int k = 0; k < 2; k++) {
            if (flip[k]) {
                out = out.slice(k, Slice.of(null, null, -1L));
            }
        }
        long item = dtype.byteSize();
        try (Arena arena = ResourceLedger.sharedArena("outer product factors")) {
            VectorSpan rowF = factor(arena, dtype, rows, flip[0], nativeImpl, !nativeImpl);
            VectorSpan colF = factor(arena, dtype, cols, flip[1], false, false);
            Layouts.Plane p = Layouts.Plane.of(out);
            long mr = p.rows(), nc = p.cols();
            Tiling tiles = ArrayTiles.outerRows(mr, nc, parallelism, item);
            TileExecutor exec = TileExecutor.create().withParallelism(parallelism);
            NativeOuter c = nativeImpl ? NativeOuter.bundled() : null;
            boolean streaming = mr * nc * item >= streamingBytes;
            NdArray target = out;
            if (p.isDirectOutput(dtype)) {
                MatrixSpan rs = p.span();
                if (c == null) {
                    exec.forEach(tiles, t -> {
                        FreshPages.before(fresh, rowsOf(target, t.start(0), t.stop(0)));
                        kernel.outerProduct(rs, rowF, colF, t.start(0), t.stop(0));
                    });
                } else {
                    long strideElements = rs.rowStride() == 0 ? nc : rs.rowStride() / item;    // a single row has no stride of its own
                    exec.forEach(tiles, t -> {
                        FreshPages.before(fresh, rowsOf(target, t.start(0), t.stop(0)));
                        nativeBlock(c, rs.segment().asSlice(rs.rowOffset(t.start(0))), strideElements, rowF, colF, t.start(0), t.stop(0),
                                0, nc, streaming);
                    });
                }
                return;
            }
            // Rows that are not contiguous native values of the dtype: blocks into a buffer, then copied into place.
            long bc = Math.min(nc, Staging.BLOCK), br = Math.max(1, Staging.BLOCK / bc);
            try (ScratchPool pool = new ScratchPool(1, Staging.BLOCK)) {
                exec.forEach(tiles, t -> {
                    FreshPages.before(fresh, rowsOf(target, t.start(0), t.stop(0)));
                    MemorySegment[] set = pool.take();
                    MemorySegment buf = set[0];
                    try {
                        for (long i0 = t.start(0); i0 < t.stop(0); i0 += br) {
                            long i1 = Math.min(t.stop(0), i0 + br);
                            for (long j0 = 0; j0 < nc; j0 += bc) {
                                long j1 = Math.min(nc, j0 + bc);
                                if (c == null) {
                                    kernel.outerProduct(MatrixSpan.contiguous(buf, dtype, i1 - i0, j1 - j0), slice(rowF, i0, i1),
                                            slice(colF, j0, j1));
                                } else {
                                    nativeBlock(c, buf, j1 - j0, rowF, colF, i0, i1, j0, j1, false);
                                }
                                Layouts.scatter(buf, dtype, target.view(new long[] {i0, j0}, new long[] {i1, j1}));
                            }
                        }
                    } finally {
                        pool.give(set);
                    }
                });
            }
        }
    }

    /** Rows {@code [i0, i1)} x columns {@code [j0, j1)} through the C library, into {@code dst} (row stride in elements). */
    private static void nativeBlock(NativeOuter c, MemorySegment dst, long strideElements, VectorSpan rowF, VectorSpan colF,
            long i0, long i1, long j0, long j1, boolean streaming) {
        MemorySegment ys = rowF.segment().asSlice(rowF.offset() + i0 * 8, (i1 - i0) * 8);
        MemorySegment xs = colF.segment().asSlice(colF.offset() + j0 * 8, (j1 - j0) * 8);
        if (rowF.dtype() == DType.INT64) {
            c.outerI64(ys, xs, i1 - i0, j1 - j0, dst, strideElements, streaming);
        } else {
            c.outerF64(ys, xs, i1 - i0, j1 - j0, dst, strideElements, streaming);
        }
    }

    /** Rows {@code [i0, i1)} of the arranged output. */
    private static NdArray rowsOf(NdArray out, long i0, long i1) {
        return out.view(new long[] {i0, 0}, new long[] {i1, out.length(1)});
    }

    private static VectorSpan slice(VectorSpan v, long from, long to) {
        return new VectorSpan(v.segment(), v.offset() + from * v.stride(), to - from, v.stride(), v.dtype());
    }

    /**
     * A factor as the kernels read it: the array itself when it is 1-d, native order, of the computation
     * dtype (or int64 for the C library's rows, which converts them as NumPy does), forward and
     * contiguous (or any forward stride, if the kernel takes it); otherwise its C-order ravel in the
     * computation dtype, reversed if asked, as contiguous native values.
     */
    private static VectorSpan factor(Arena arena, DType dtype, NdArray a, boolean reversed, boolean nativeRows, boolean anyStride) {
        long len = a.size();
        boolean int64Rows = nativeRows && a.dtype() == DType.INT64;
        if (!reversed && a.ndim() == 1 && a.isNativeOrder() && (a.dtype() == dtype || int64Rows)) {
            long item = a.dtype().byteSize();
            long stride = len <= 1 ? item : a.byteStrides()[0];
            if (stride == item || anyStride && stride > 0) {
                return new VectorSpan(a.segment(), a.byteOffset(), len, stride, a.dtype());
            }
        }
        long item = dtype.byteSize();
        MemorySegment s = arena.allocate(len * item, 64);
        NdArray source = reversed ? a.ndim() == 1 ? a.slice("::-1") : raveledReversed(arena, dtype, a) : a;
        Staging.gatherFlat(source, 0, len, dtype, s, 0);
        return VectorSpan.of(s, dtype);
    }

    /** The C-order ravel of an N-d factor, reversed: a copy, since a reversed ravel is no view of {@code a}. */
    private static NdArray raveledReversed(Arena arena, DType dtype, NdArray a) {
        long len = a.size();
        MemorySegment s = arena.allocate(len * dtype.byteSize(), 64);
        Staging.gatherFlat(a, 0, len, dtype, s, 0);
        return NdArray.wrap(s, dtype, len).slice("::-1");
    }
}

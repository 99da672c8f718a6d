package io.tessella.vector;

import io.tessella.exec.TileExecutor;
import io.tessella.kernel.NativeOuter;
import io.tessella.memory.DType;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.NdArray;
import io.tessella.memory.Slice;
import io.tessella.memory.Staging;
import io.tessella.tiling.Tiling;
import io.tessella.os.ResourceLedger;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code r[i, j] = y[i] * x[j]} for factors and an output of any layout: NumPy's
 * {@code np.outer(y, x)}, which ravels its inputs. The factors are staged once into contiguous native
 * doubles unless they already are (O(M + N) against the M x N products). The output is permuted and
 * flipped into memory order (a Fortran-order {@code r} is the C-order {@code x}-by-{@code y} product of
 * its transpose; the product commutes), and computed in place when its rows are then contiguous native
 * float64, else block by block into a staging buffer and copied back.
 */
final class OuterProduct {

    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private OuterProduct() {
    }

    /**
     * @param kernel the Java implementation, or null for {@link OuterImpl#NATIVE}
     */
    static void run(int parallelism, NdArray r, NdArray y, NdArray x, Float64Ops kernel, boolean streamingAllowed)
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
        try (Arena arena = ResourceLedger.sharedArena("outer product factors")) {
            VectorSpan rowF = factor(arena, rows, flip[0], true, !nativeImpl);
            VectorSpan colF = factor(arena, cols, flip[1], false, false);
            Layouts.Plane p = Layouts.Plane.of(out);
            long mr = p.rows(), nc = p.cols();
            Tiling tiles = Tiles.outerRows(mr, nc, parallelism);
            TileExecutor exec = TileExecutor.create().withParallelism(parallelism);
            NativeOuter c = nativeImpl ? NativeOuter.bundled() : null;
            boolean streaming = streamingAllowed && mr * nc * 8 >= ArrayOps.STREAMING_BYTES;
            if (p.isDirectOutput()) {
                MatrixSpan rs = p.span();
                if (c == null) {
                    exec.forEach(tiles, t -> kernel.outerProduct(rs, rowF, colF, t.start(0), t.stop(0)));
                } else {
                    long strideElements = rs.rowStride() == 0 ? nc : rs.rowStride() / 8;    // a single row has no stride of its own
                    exec.forEach(tiles, t -> nativeBlock(c, rs.segment().asSlice(rs.rowOffset(t.start(0))), strideElements,
                            rowF, colF, t.start(0), t.stop(0), 0, nc, streaming));
                }
                return;
            }
            // Rows that are not contiguous native float64: blocks into a buffer, then copied into place.
            NdArray target = out;
            long bc = Math.min(nc, Staging.BLOCK), br = Math.max(1, Staging.BLOCK / bc);
            try (ScratchPool pool = new ScratchPool(1, Staging.BLOCK)) {
                exec.forEach(tiles, t -> {
                    MemorySegment[] set = pool.take();
                    MemorySegment buf = set[0];
                    try {
                        for (long i0 = t.start(0); i0 < t.stop(0); i0 += br) {
                            long i1 = Math.min(t.stop(0), i0 + br);
                            for (long j0 = 0; j0 < nc; j0 += bc) {
                                long j1 = Math.min(nc, j0 + bc);
                                if (c == null) {
                                    kernel.outerProduct(MatrixSpan.contiguous(buf, i1 - i0, j1 - j0), slice(rowF, i0, i1), slice(colF, j0, j1));
                                } else {
                                    nativeBlock(c, buf, j1 - j0, rowF, colF, i0, i1, j0, j1, false);
                                }
                                Layouts.scatter(buf, target.view(new long[] {i0, j0}, new long[] {i1, j1}));
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
        if (rowF.type() == VectorSpan.Type.INT64) {
            c.outerI64(ys, xs, i1 - i0, j1 - j0, dst, strideElements, streaming);
        } else {
            c.outerF64(ys, xs, i1 - i0, j1 - j0, dst, strideElements, streaming);
        }
    }

    private static VectorSpan slice(VectorSpan v, long from, long to) {
        return new VectorSpan(v.segment(), v.offset() + from * v.stride(), to - from, v.stride(), v.type());
    }

    /**
     * A factor as the kernels read it: the array itself when it is 1-d native float64 (or int64, if the
     * kernel takes it), forward and contiguous (or any forward stride, if the kernel takes it);
     * otherwise its C-order ravel, reversed if asked, as contiguous native doubles.
     */
    private static VectorSpan factor(Arena arena, NdArray a, boolean reversed, boolean int64, boolean anyStride) {
        long len = a.size();
        if (!reversed && a.ndim() == 1 && a.isNativeOrder() && (a.dtype() == DType.FLOAT64 || int64 && a.dtype() == DType.INT64)) {
            long stride = len <= 1 ? 8 : a.byteStrides()[0];
            if (stride == 8 || anyStride && stride > 0) {
                return new VectorSpan(a.segment(), a.byteOffset(), len, stride,
                        a.dtype() == DType.INT64 ? VectorSpan.Type.INT64 : VectorSpan.Type.FLOAT64);
            }
        }
        MemorySegment s = arena.allocate(len * 8, 64);
        Staging.gatherFlat(a, 0, len, s, 0);
        if (reversed) {
            for (long i = 0, j = len - 1; i < j; i++, j--) {
                double t = s.getAtIndex(F64, i);
                s.setAtIndex(F64, i, s.getAtIndex(F64, j));
                s.setAtIndex(F64, j, t);
            }
        }
        return VectorSpan.float64(s);
    }
}

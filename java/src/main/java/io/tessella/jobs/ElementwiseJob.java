package io.tessella.jobs;

import io.tessella.exec.TileExecutor;
import io.tessella.memory.DType;
import io.tessella.memory.IterationOrder;
import io.tessella.memory.NdArray;
import io.tessella.memory.Staging;
import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import io.tessella.vector.MatrixSpan;
import java.lang.foreign.MemorySegment;

/**
 * Elementwise operations ({@code out = a op b}, fused multiply-add) over same-shape arrays of any
 * layout, byte order and dtype, computed in one dtype (NumPy's loop dtype). All operands are permuted
 * and flipped alike so that the output walks memory forwards ({@link Layouts#byMemoryOrder}); then each
 * 2-D plane goes to the kernel in place when every operand's rows are contiguous native values of the
 * computation dtype (the fast path, no copy), and otherwise in blocks of about {@link Staging#BLOCK}
 * elements, staging (and converting) only the operands that need it.
 */
final class ElementwiseJob {

    /** One kernel call on equally shaped spans: {@code in} are the inputs in order. */
    interface BlockKernel {
        void apply(MatrixSpan out, MatrixSpan[] in);
    }

    /** Columns per block when an operand is read down its columns: 32 rows x 256 columns of doubles. */
    private static final long TRANSPOSED_COLS = 256;

    private ElementwiseJob() {
    }

    /**
     * Runs {@code kernel}, which computes in {@code dtype}, over every element of {@code out};
     * {@code tiling} (over {@code out}'s logical shape) or, when null, row tiles of about
     * {@link ArrayTiles#TILE_BYTES} in memory order. {@code fresh}: {@code out} was untouched
     * ({@link NdArray#claimUntouched()}), so each worker pre-faults its tile of it first.
     */
    static void run(int parallelism, DType dtype, NdArray out, NdArray[] inputs, Tiling tiling, boolean fresh, BlockKernel kernel)
            throws InterruptedException {
        if (out.size() == 0) {
            return;
        }
        NdArray[] all = new NdArray[inputs.length + 1];
        all[0] = out;
        System.arraycopy(inputs, 0, all, 1, inputs.length);
        TileExecutor exec = TileExecutor.create().withParallelism(parallelism);
        try (ScratchPool pool = new ScratchPool(all.length, Staging.BLOCK)) {
            if (tiling == null) {
                NdArray[] arranged = Layouts.byMemoryOrder(out, all);
                exec.forEach(ArrayTiles.rows(arranged[0].shape(), dtype.byteSize()), tile -> {
                    NdArray[] v = views(arranged, tile);
                    FreshPages.before(fresh, v[0]);
                    box(dtype, v, pool, kernel);
                });
            } else {
                int[] axes = IterationOrder.axes(out);
                boolean[] flip = Layouts.flips(out.transpose(axes));
                exec.forEach(tiling, tile -> {
                    NdArray[] v = views(all, tile);
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Layouts.arrange(v[i], axes, flip);
                    }
                    FreshPages.before(fresh, v[0]);
                    box(dtype, v, pool, kernel);
                });
            }
        }
    }

    private static NdArray[] views(NdArray[] all, Tile tile) {
        NdArray[] v = new NdArray[all.length];
        for (int i = 0; i < all.length; i++) {
            v[i] = all[i].view(tile.start(), tile.stop());
        }
        return v;
    }

    /** Every 2-D plane of a box whose output is in memory order. */
    private static void box(DType dtype, NdArray[] v, ScratchPool pool, BlockKernel kernel) {
        if (v[0].size() == 0) {
            return;
        }
        int nd = v[0].ndim();
        if (nd <= 2) {
            plane(dtype, planes(v, new long[0]), pool, kernel);
            return;
        }
        long[] shape = v[0].shape();
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
            plane(dtype, planes(v, lead), pool, kernel);
        }
    }

    private static Layouts.Plane[] planes(NdArray[] v, long[] lead) {
        Layouts.Plane[] p = new Layouts.Plane[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = Layouts.Plane.of(Layouts.plane(v[i], lead));
        }
        return p;
    }

    private static void plane(DType dtype, Layouts.Plane[] p, ScratchPool pool, BlockKernel kernel) {
        boolean direct = p[0].isDirectOutput(dtype);
        boolean transposed = false;
        for (int i = 1; i < p.length; i++) {
            direct &= p[i].isDirectInput(dtype);
        }
        for (Layouts.Plane q : p) {
            transposed |= q.isTransposed();
        }
        MatrixSpan[] in = new MatrixSpan[p.length - 1];
        if (direct) {
            for (int i = 1; i < p.length; i++) {
                in[i - 1] = p[i].span();
            }
            kernel.apply(p[0].span(), in);
            return;
        }
        long rows = p[0].rows(), cols = p[0].cols();
        long bc = Math.min(cols, transposed ? TRANSPOSED_COLS : Staging.BLOCK);
        long br = Math.min(rows, Math.max(1, Staging.BLOCK / bc));
        MemorySegment[] buf = pool.take();
        try {
            MatrixSpan[] whole = new MatrixSpan[p.length];
            boolean[] staged = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                staged[i] = i == 0 ? !p[0].isDirectOutput(dtype) : !p[i].isDirectInput(dtype);
                whole[i] = staged[i] ? null : p[i].span();
            }
            for (long r0 = 0; r0 < rows; r0 += br) {
                long r1 = Math.min(rows, r0 + br);
                for (long c0 = 0; c0 < cols; c0 += bc) {
                    long c1 = Math.min(cols, c0 + bc);
                    MatrixSpan[] s = new MatrixSpan[p.length];
                    for (int i = 0; i < p.length; i++) {
                        if (staged[i]) {
                            if (i > 0) {
                                Layouts.gather(p[i].block(r0, r1, c0, c1), dtype, buf[i]);
                            }
                            s[i] = MatrixSpan.contiguous(buf[i], dtype, r1 - r0, c1 - c0);
                        } else {
                            s[i] = whole[i].block(r0, r1, c0, c1);
                        }
                    }
                    System.arraycopy(s, 1, in, 0, in.length);
                    kernel.apply(s[0], in);
                    if (staged[0]) {
                        Layouts.scatter(buf[0], dtype, p[0].block(r0, r1, c0, c1));
                    }
                }
            }
        } finally {
            pool.give(buf);
        }
    }
}

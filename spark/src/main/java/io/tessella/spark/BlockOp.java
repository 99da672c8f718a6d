package io.tessella.spark;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import io.tessella.vector.ArrayOps;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.OuterImpl;
import io.tessella.vector.Reduction;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One array job's work on a block of its output's rows, done by the same {@link ArrayOps} call the
 * local command makes on the whole arrays, over views of the block: the results are the same bits.
 */
sealed interface BlockOp extends Serializable {

    /** The command's name: outer, add, rowsum. */
    String name();

    /** The inputs, in the order the op reads them. */
    List<NpySource> inputs();

    /** The output's shape. */
    long[] outShape();

    /** Rows the job is cut along: the output's axis 0 (1 for a 0-d output). */
    default long rows() {
        long[] s = outShape();
        return s.length == 0 ? 1 : s[0];
    }

    /** Bytes of one output row. */
    default long outRowBytes() {
        long[] s = outShape();
        long b = Double.BYTES;
        for (int i = 1; i < s.length; i++) {
            b = Math.multiplyExact(b, s[i]);
        }
        return b;
    }

    /** Input bytes a block of rows reads per row (for sizing partitions). */
    long inRowBytes();

    /** Off-heap bytes a task holds for its inputs per row of its block: what Hadoop inputs are read into. */
    long heldInputBytesPerRow();

    /** Off-heap bytes a task holds for its inputs whatever its rows (outer's x, read whole). */
    default long heldInputBytesFixed() {
        return 0;
    }

    /** The output block of rows {@code [r0, r1)}'s shape. */
    default long[] blockShape(long r0, long r1) {
        long[] s = outShape();
        if (s.length > 0) {
            s[0] = r1 - r0;
        }
        return s;
    }

    /** Computes rows {@code [r0, r1)} of the output into {@code out} (the block's own C-order array). */
    void compute(ArrayOps ops, NdArray out, long r0, long r1) throws InterruptedException;

    /** Recipe 1: {@code r[i, j] = y[i] * x[j]}. */
    record Outer(NpySource y, NpySource x, OuterImpl impl) implements BlockOp {
        @Override
        public String name() {
            return "outer";
        }

        @Override
        public List<NpySource> inputs() {
            return List.of(y, x);
        }

        @Override
        public long[] outShape() {
            return new long[] {y.shape()[0], x.shape()[0]};
        }

        @Override
        public long inRowBytes() {
            return y.dtype().byteSize();
        }

        @Override
        public long heldInputBytesPerRow() {
            return y.isHadoop() ? y.dtype().byteSize() : 0;
        }

        @Override
        public long heldInputBytesFixed() {
            return x.isHadoop() ? x.size() * x.dtype().byteSize() : 0;
        }

        @Override
        public void compute(ArrayOps ops, NdArray out, long r0, long r1) throws InterruptedException {
            try (NpySource.Block yb = y.open(r0, r1); NpySource.Block xb = x.open(0, x.rows())) {
                ops.outer(out, yb.array(), xb.array(), impl);
            }
        }
    }

    /**
     * Recipe 4: {@code out = a + b}, in tiles of {@code tileRows x tileCols} over the last two axes when
     * they are given (0: automatic tiles).
     */
    record Add(NpySource a, NpySource b, long tileRows, long tileCols) implements BlockOp {
        @Override
        public String name() {
            return "add";
        }

        @Override
        public List<NpySource> inputs() {
            return List.of(a, b);
        }

        @Override
        public long[] outShape() {
            return a.shape();
        }

        @Override
        public long inRowBytes() {
            return a.rowBytes() + b.rowBytes();
        }

        @Override
        public long heldInputBytesPerRow() {
            return (a.isHadoop() ? a.rowBytes() : 0) + (b.isHadoop() ? b.rowBytes() : 0);
        }

        @Override
        public void compute(ArrayOps ops, NdArray out, long r0, long r1) throws InterruptedException {
            try (NpySource.Block ab = a.open(r0, r1); NpySource.Block bb = b.open(r0, r1)) {
                Tiling tiling = null;
                if (tileRows > 0) {
                    long[] shape = out.shape();
                    Cut[] cuts = new Cut[shape.length];
                    Arrays.fill(cuts, Cut.whole());
                    cuts[shape.length - 2] = Cut.blocks(tileRows);
                    cuts[shape.length - 1] = Cut.blocks(tileCols);
                    tiling = Tiling.of(shape, cuts);
                }
                ops.elementwise(BinaryOp.ADD, out, ab.array(), bb.array(), tiling);
            }
        }
    }

    /** Recipe 3: {@code s = x.sum(axis=-1)}, in NumPy's pairwise order. */
    record RowSum(NpySource in) implements BlockOp {
        @Override
        public String name() {
            return "rowsum";
        }

        @Override
        public List<NpySource> inputs() {
            return List.of(in);
        }

        @Override
        public long[] outShape() {
            return Arrays.copyOf(in.shape(), in.ndim() - 1);
        }

        @Override
        public long inRowBytes() {
            return in.ndim() == 1 ? in.size() * DType.FLOAT64.byteSize() : in.rowBytes();
        }

        @Override
        public long heldInputBytesPerRow() {
            return in.isHadoop() ? inRowBytes() : 0;
        }

        @Override
        public void compute(ArrayOps ops, NdArray out, long r0, long r1) throws InterruptedException {
            // A 1-d input is one row of a 0-d output: summed whole, as the pairwise order requires.
            try (NpySource.Block ib = in.ndim() == 1 ? in.open(0, r1 > r0 ? in.rows() : 0) : in.open(r0, r1)) {
                ops.reduceLastAxis(Reduction.SUM, ib.array(), out);
            }
        }
    }
}

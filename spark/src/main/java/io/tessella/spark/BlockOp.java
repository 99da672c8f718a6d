package io.tessella.spark;

import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.Promotion;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.BinaryOp;
import io.tessella.jobs.OuterImpl;
import io.tessella.vector.Reduction;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One array job's work on a block of its output, done by the same {@link ArrayOps} call the local
 * command makes on the whole arrays, over views of the block: the results are the same bits.
 *
 * <p>The output is laid out as the local command lays it out (NumPy's layout of the result: Fortran
 * order for all-Fortran inputs of add and rowsum, C order otherwise), and cut along its slowest axis
 * (axis 0 in C order, the last axis in Fortran order), so that each block is one run of the file's bytes,
 * written at one offset.
 */
sealed interface BlockOp extends Serializable {

    /** The command's name: outer, add, rowsum. */
    String name();

    /** The inputs, in the order the op reads them. */
    List<NpySource> inputs();

    /** The output's shape. */
    long[] outShape();

    /** The output's dtype: NumPy's result dtype of the inputs, the one the local command writes. */
    DType outDType();

    /** Whether the output is in Fortran order (the local command's layout). */
    boolean fortranOut();

    /** The output axis blocks are cut along: its slowest in the file. */
    default int axis() {
        return fortranOut() ? outShape().length - 1 : 0;
    }

    /** Blocks along {@link #axis()} (1 for a 0-d output). */
    default long rows() {
        long[] s = outShape();
        return s.length == 0 ? 1 : s[axis()];
    }

    /** Bytes of one index along {@link #axis()} of the output. */
    default long outRowBytes() {
        long[] s = outShape();
        long b = outDType().byteSize();
        for (int i = 0; i < s.length; i++) {
            if (i != axis()) {
                b = Math.multiplyExact(b, s[i]);
            }
        }
        return b;
    }

    /** Input bytes one index of the block reads (for sizing partitions). */
    long inRowBytes();

    /** Off-heap bytes a task holds for its inputs per index of its block: what Hadoop inputs are read into. */
    long heldInputBytesPerRow();

    /** Off-heap bytes a task holds for its inputs whatever its block (outer's factors, read whole). */
    default long heldInputBytesFixed() {
        return 0;
    }

    /**
     * The smallest block along {@link #axis()} that computes as the whole array does: 2 for a row sum of
     * a Fortran input, whose summation order changes when a block leaves only the reduced axis longer
     * than 1; 1 otherwise.
     */
    default long minimumBlock() {
        return 1;
    }

    /** The block {@code [r0, r1)}'s shape. */
    default long[] blockShape(long r0, long r1) {
        long[] s = outShape();
        if (s.length > 0) {
            s[axis()] = r1 - r0;
        }
        return s;
    }

    /** A fresh array for block {@code [r0, r1)} of the output, in the output's layout; the caller closes it. */
    default NdArray allocateBlock(long r0, long r1) {
        long[] shape = blockShape(r0, r1);
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        // Blocks this small come from the zeroing allocator (an anonymous mapping cannot be empty, nor is it worth it).
        DType t = outDType();
        NdArray flat = NdArray.allocate(n * t.byteSize() >= 1 << 20 ? Allocation.UNINITIALIZED : Allocation.ZEROED, t, Math.max(n, 1));
        long[] strides = fortranOut() ? NdArray.fStrides(t, shape) : NdArray.cStrides(t, shape);
        return NdArray.adopt(flat.segment(), flat.byteOffset(), t, shape, strides, flat);
    }

    /** Computes block {@code [r0, r1)} of the output into {@code out} (from {@link #allocateBlock}). */
    void compute(ArrayOps ops, NdArray out, long r0, long r1) throws InterruptedException;

    /** Recipe 1: {@code r[i, j] = y.ravel()[i] * x.ravel()[j]}, NumPy's {@code np.outer(y, x)}; always C order. */
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
            return new long[] {y.size(), x.size()};
        }

        @Override
        public DType outDType() {
            return Promotion.resultType(y.dtype(), x.dtype());
        }

        @Override
        public boolean fortranOut() {
            return false;
        }

        @Override
        public long inRowBytes() {
            return y.dtype().byteSize();
        }

        @Override
        public long heldInputBytesPerRow() {
            return y.isHadoop() && y.ndim() == 1 ? y.dtype().byteSize() : 0;
        }

        @Override
        public long heldInputBytesFixed() {
            // A factor of another rank is raveled from a whole copy; x is read whole.
            return (y.ndim() != 1 ? 2 * y.size() * y.dtype().byteSize() : 0) + (x.isHadoop() ? x.size() * x.dtype().byteSize() : 0);
        }

        @Override
        public void compute(ArrayOps ops, NdArray out, long r0, long r1) throws InterruptedException {
            try (NpySource.Block xb = x.openAll()) {
                if (y.ndim() == 1) {
                    try (NpySource.Block yb = y.open(r0, r1)) {
                        ops.outer(out, yb.array(), xb.array(), impl);
                    }
                    return;
                }
                // np.outer ravels in C order: a C-order native copy of y, then its flat rows [r0, r1).
                try (NpySource.Block yb = y.openAll(); NdArray copy = NdArray.allocate(Allocation.ZEROED, y.dtype(), yb.array().shape())) {
                    copy.copyFrom(yb.array());
                    NdArray flat = NdArray.wrap(copy.segment(), copy.byteOffset() + r0 * y.dtype().byteSize(), y.dtype(), new long[] {r1 - r0},
                            new long[] {y.dtype().byteSize()});
                    ops.outer(out, flat, xb.array(), impl);
                }
            }
        }
    }

    /**
     * Recipe 4: {@code out = a + b}, in tiles of {@code tileRows x tileCols} over the last two axes when
     * they are given (0: automatic tiles); Fortran order when both inputs are, as NumPy's {@code a + b}.
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
        public DType outDType() {
            return Promotion.resultType(a.dtype(), b.dtype());
        }

        @Override
        public boolean fortranOut() {
            return a.isFortranOnly() && b.isFortranOnly();
        }

        @Override
        public long inRowBytes() {
            return a.slabBytes(axis()) + b.slabBytes(axis());
        }

        @Override
        public long heldInputBytesPerRow() {
            return (a.isHadoop() ? a.slabBytes(axis()) : 0) + (b.isHadoop() ? b.slabBytes(axis()) : 0);
        }

        @Override
        public void compute(ArrayOps ops, NdArray out, long r0, long r1) throws InterruptedException {
            try (NpySource.Block ab = a.open(axis(), r0, r1); NpySource.Block bb = b.open(axis(), r0, r1)) {
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

    /**
     * Recipe 3: {@code s = x.sum(axis=-1)} in NumPy's order for the input's layout; the result in NumPy's
     * layout (Fortran when the kept axes of a Fortran input are).
     */
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
            return Arrays.copyOf(in.shape(), Math.max(0, in.ndim() - 1));
        }

        @Override
        public DType outDType() {
            return Promotion.sumType(in.dtype());
        }

        @Override
        public boolean fortranOut() {
            return in.isFortranOnly() && NpySource.longAxes(outShape()) >= 2;
        }

        @Override
        public long minimumBlock() {
            return in.isFortranOnly() ? 2 : 1;
        }

        @Override
        public long inRowBytes() {
            return in.ndim() <= 1 ? in.size() * in.dtype().byteSize() : in.slabBytes(axis());
        }

        @Override
        public long heldInputBytesPerRow() {
            return in.isHadoop() ? inRowBytes() : 0;
        }

        @Override
        public void compute(ArrayOps ops, NdArray out, long r0, long r1) throws InterruptedException {
            // A 0-d or 1-d input is one "row" of a 0-d output: summed whole, as its pairwise order requires.
            try (NpySource.Block ib = in.ndim() <= 1 ? (r1 > r0 ? in.openAll() : in.open(0, 0, 0)) : in.open(axis(), r0, r1)) {
                ops.reduceLastAxis(Reduction.SUM, ib.array(), out);
            }
        }
    }
}

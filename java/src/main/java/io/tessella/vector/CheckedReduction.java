package io.tessella.vector;

import io.tessella.memory.DType;

/** Checks every public call of {@link ReductionOps} once, then hands validated spans to a subclass's kernels. */
abstract non-sealed class CheckedReduction implements ReductionOps {

    private final DType dtype;

    CheckedReduction(DType dtype) {
        this.dtype = dtype;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final void reduceRows(Reduction op, MatrixSpan in, VectorSpan out, long rowStart, long rowEnd) {
        if (op == null) {
            throw new NullPointerException("op");
        }
        Spans.checkDtype("in", in.dtype(), dtype, name());
        Spans.checkDtype("out", out.dtype(), resultType(op), name() + " " + op);
        if (out.segment().isReadOnly()) {
            throw new IllegalArgumentException("out segment is read-only");
        }
        long item = out.dtype().byteSize();
        if (out.length() > 1 && out.stride() < item) {
            throw new IllegalArgumentException("out stride " + out.stride() + " bytes < " + item + ": its elements overlap");
        }
        if (out.length() != in.rows()) {
            throw new IllegalArgumentException("out length = " + out.length() + " != in rows = " + in.rows());
        }
        Spans.checkRange("row", rowStart, rowEnd, in.rows());
        if (rowStart < rowEnd) {
            if (in.cols() == 0 && op != Reduction.SUM) {
                throw new IllegalArgumentException("cols = 0: " + op + " of an empty row has no identity");
            }
            reduceRowsChecked(op, in, out, rowStart, rowEnd);
        }
    }

    @Override
    public final void accumulateRows(Reduction op, MatrixSpan in, VectorSpan acc) {
        if (op == null) {
            throw new NullPointerException("op");
        }
        Spans.checkDtype("in", in.dtype(), dtype, name());
        Spans.checkDtype("acc", acc.dtype(), resultType(op), name() + " " + op);
        if (acc.segment().isReadOnly()) {
            throw new IllegalArgumentException("acc segment is read-only");
        }
        if (acc.length() > 1 && !acc.isContiguous()) {
            throw new IllegalArgumentException("acc stride = " + acc.stride() + " bytes, must be " + acc.dtype().byteSize()
                    + " (contiguous)");
        }
        if (acc.length() != in.cols()) {
            throw new IllegalArgumentException("acc length = " + acc.length() + " != in cols = " + in.cols());
        }
        if (in.rows() > 0 && in.cols() > 0) {
            accumulateRowsChecked(op, in, acc);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * Rows {@code [rowStart, rowEnd)} (non-empty) reduced into {@code out}; rows may be empty only for
     * SUM. A float sum starts from {@code +0.0}, as NumPy's add.reduce starts from its identity.
     */
    abstract void reduceRowsChecked(Reduction op, MatrixSpan in, VectorSpan out, long rowStart, long rowEnd);

    /** At least one row and one column; {@code acc} contiguous. */
    abstract void accumulateRowsChecked(Reduction op, MatrixSpan in, VectorSpan acc);
}

package io.tessella.vector;

import io.tessella.memory.DType;

/** Checks every public call of {@link OuterOps} once, then hands validated spans to a subclass's kernel. */
abstract non-sealed class CheckedOuter implements OuterOps {

    private final DType dtype;

    CheckedOuter(DType dtype) {
        this.dtype = dtype;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final void outerProduct(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd) {
        Spans.checkDtype("r", r.dtype(), dtype, name());
        Spans.checkDtype("y", y.dtype(), dtype, name());
        Spans.checkDtype("x", x.dtype(), dtype, name());
        if (r.segment().isReadOnly()) {
            throw new IllegalArgumentException("r segment is read-only");
        }
        long rowBytes = r.cols() * dtype.byteSize();
        if (r.rows() > 1 && r.rowStride() < rowBytes) {
            throw new IllegalArgumentException("r row stride " + r.rowStride() + " bytes < cols * " + dtype.byteSize() + " = " + rowBytes);
        }
        if (y.length() != r.rows()) {
            throw new IllegalArgumentException("y length = " + y.length() + " != r rows = " + r.rows());
        }
        if (x.length() != r.cols()) {
            throw new IllegalArgumentException("x length = " + x.length() + " != r cols = " + r.cols());
        }
        if (x.length() > 1 && !x.isContiguous()) {
            throw new IllegalArgumentException("x stride = " + x.stride() + " bytes, must be " + dtype.byteSize() + " (contiguous)");
        }
        Spans.checkRange("row", rowStart, rowEnd, r.rows());
        if (rowStart < rowEnd && r.cols() > 0) {
            outerRows(r, y, x, rowStart, rowEnd);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    /** Arguments checked, at least one row and one column. */
    abstract void outerRows(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd);
}

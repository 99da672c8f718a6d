package io.tessella.vector;

import io.tessella.memory.DType;

/**
 * Checks every public call of {@link ElementwiseOps} once, then hands validated spans to the kernels of
 * a subclass, so that each implementation and dtype runs exactly the same argument rules.
 */
abstract non-sealed class CheckedElementwise implements ElementwiseOps {

    private final DType dtype;

    CheckedElementwise(DType dtype) {
        this.dtype = dtype;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final void apply(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        if (op == null) {
            throw new NullPointerException("op");
        }
        if (!supports(op)) {
            throw new IllegalArgumentException(op == BinaryOp.DIVIDE
                    ? "DIVIDE needs a floating-point dtype, not " + dtype + ": NumPy divides integers as float64 (Promotion.divideType)"
                    : "SUBTRACT of " + dtype + " is refused, as NumPy refuses boolean subtract; use a logical xor");
        }
        checkOutput("out", out);
        checkOperand("a", a, out);
        checkOperand("b", b, out);
        Spans.checkRange("row", rowStart, rowEnd, out.rows());
        if (rowStart < rowEnd && out.cols() > 0) {
            applyRows(op, out, a, b, rowStart, rowEnd);
        }
    }

    @Override
    public final void fma(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("fma needs a floating-point dtype, not " + dtype);
        }
        checkOutput("out", out);
        checkOperand("a", a, out);
        checkOperand("b", b, out);
        checkOperand("c", c, out);
        Spans.checkRange("row", rowStart, rowEnd, out.rows());
        if (rowStart < rowEnd && out.cols() > 0) {
            fmaRows(out, a, b, c, rowStart, rowEnd);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    private void checkOutput(String name, MatrixSpan m) {
        Spans.checkDtype(name, m.dtype(), dtype, name());
        if (m.segment().isReadOnly()) {
            throw new IllegalArgumentException(name + " segment is read-only");
        }
        long rowBytes = m.cols() * dtype.byteSize();
        if (m.rows() > 1 && m.rowStride() < rowBytes) {
            throw new IllegalArgumentException(name + " row stride " + m.rowStride() + " bytes < cols * " + dtype.byteSize()
                    + " = " + rowBytes);
        }
    }

    private void checkOperand(String name, MatrixSpan m, MatrixSpan out) {
        Spans.checkDtype(name, m.dtype(), dtype, name());
        if (m.rows() != out.rows() || m.cols() != out.cols()) {
            throw new IllegalArgumentException(name + " shape [" + m.rows() + ", " + m.cols() + "] != out shape ["
                    + out.rows() + ", " + out.cols() + "]");
        }
    }

    // Kernels: arguments already checked, the operation supported, row range non-empty, at least one column.

    abstract void applyRows(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd);

    /** Floating-point dtypes only. */
    abstract void fmaRows(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd);
}

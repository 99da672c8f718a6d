package io.tessella.vector;

import java.lang.foreign.MemorySegment;

/**
 * Checks every public call once, then hands validated spans to the kernels of a subclass, so that
 * each implementation runs exactly the same argument rules.
 */
abstract sealed class CheckedFloat64Ops implements Float64Ops
        permits NaiveFloat64Ops, ScalarFloat64Ops, PanamaFloat64Ops {

    @Override
    public final void outerProduct(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd) {
        checkOutput("r", r);
        if (y.length() != r.rows()) {
            throw new IllegalArgumentException("y length = " + y.length() + " != r rows = " + r.rows());
        }
        if (x.length() != r.cols()) {
            throw new IllegalArgumentException("x length = " + x.length() + " != r cols = " + r.cols());
        }
        if (x.type() != VectorSpan.Type.FLOAT64) {
            throw new IllegalArgumentException("x type = " + x.type() + ", must be FLOAT64");
        }
        if (x.length() > 1 && !x.isContiguous()) {
            throw new IllegalArgumentException("x stride = " + x.stride() + " bytes, must be 8 (contiguous)");
        }
        Spans.checkRange("row", rowStart, rowEnd, r.rows());
        if (rowStart < rowEnd && r.cols() > 0) {
            outerProductRows(r, y, x, rowStart, rowEnd);
        }
    }

    @Override
    public final void elementwise(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        if (op == null) {
            throw new NullPointerException("op");
        }
        checkOutput("out", out);
        checkSameShape("a", a, out);
        checkSameShape("b", b, out);
        Spans.checkRange("row", rowStart, rowEnd, out.rows());
        if (rowStart < rowEnd && out.cols() > 0) {
            elementwiseRows(op, out, a, b, rowStart, rowEnd);
        }
    }

    @Override
    public final void fma(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd) {
        checkOutput("out", out);
        checkSameShape("a", a, out);
        checkSameShape("b", b, out);
        checkSameShape("c", c, out);
        Spans.checkRange("row", rowStart, rowEnd, out.rows());
        if (rowStart < rowEnd && out.cols() > 0) {
            fmaRows(out, a, b, c, rowStart, rowEnd);
        }
    }

    @Override
    public final void reduceRows(Reduction op, MatrixSpan in, VectorSpan out, long rowStart, long rowEnd) {
        if (op == null) {
            throw new NullPointerException("op");
        }
        if (out.type() != VectorSpan.Type.FLOAT64) {
            throw new IllegalArgumentException("out type = " + out.type() + ", must be FLOAT64");
        }
        if (out.segment().isReadOnly()) {
            throw new IllegalArgumentException("out segment is read-only");
        }
        if (out.length() > 1 && out.stride() < 8) {
            throw new IllegalArgumentException("out stride " + out.stride() + " bytes < 8: its elements overlap");
        }
        if (out.length() != in.rows()) {
            throw new IllegalArgumentException("out length = " + out.length() + " != in rows = " + in.rows());
        }
        Spans.checkRange("row", rowStart, rowEnd, in.rows());
        if (rowStart < rowEnd) {
            checkNotEmpty(op, in.cols());
            MemorySegment src = in.segment();
            MemorySegment dst = out.segment();
            long cols = in.cols();
            for (long i = rowStart; i < rowEnd; i++) {
                dst.set(Spans.F64, out.offset() + i * out.stride(), reduceChecked(op, src, in.rowOffset(i), cols));
            }
        }
    }

    @Override
    public final void accumulateRows(Reduction op, MatrixSpan in, VectorSpan acc) {
        if (op == null) {
            throw new NullPointerException("op");
        }
        if (acc.type() != VectorSpan.Type.FLOAT64) {
            throw new IllegalArgumentException("acc type = " + acc.type() + ", must be FLOAT64");
        }
        if (acc.segment().isReadOnly()) {
            throw new IllegalArgumentException("acc segment is read-only");
        }
        if (acc.length() > 1 && !acc.isContiguous()) {
            throw new IllegalArgumentException("acc stride = " + acc.stride() + " bytes, must be 8 (contiguous)");
        }
        if (acc.length() != in.cols()) {
            throw new IllegalArgumentException("acc length = " + acc.length() + " != in cols = " + in.cols());
        }
        if (in.rows() > 0 && in.cols() > 0) {
            accumulateRowsChecked(op, in, acc);
        }
    }

    @Override
    public final double reduce(Reduction op, MemorySegment segment, long offset, long count) {
        if (op == null) {
            throw new NullPointerException("op");
        }
        Spans.checkNonNegative("offset", offset);
        Spans.checkNonNegative("count", count);
        Spans.checkInside(segment, offset, Spans.bytes("count", count));
        checkNotEmpty(op, count);
        return reduceChecked(op, segment, offset, count);
    }

    private double reduceChecked(Reduction op, MemorySegment segment, long offset, long count) {
        return switch (op) {
            // +0.0 first, as NumPy's add.reduce starts from its identity: an all -0.0 row sums to +0.0.
            case SUM -> 0.0 + sum(segment, offset, count);
            case MIN -> min(segment, offset, count);
            case MAX -> max(segment, offset, count);
        };
    }

    private static void checkNotEmpty(Reduction op, long count) {
        if (count == 0 && op != Reduction.SUM) {
            throw new IllegalArgumentException("cols = 0: " + op + " of an empty row has no identity");
        }
    }

    private static void checkOutput(String name, MatrixSpan m) {
        if (m.segment().isReadOnly()) {
            throw new IllegalArgumentException(name + " segment is read-only");
        }
        long rowBytes = m.cols() * 8;
        if (m.rows() > 1 && m.rowStride() < rowBytes) {
            throw new IllegalArgumentException(name + " row stride " + m.rowStride() + " bytes < cols * 8 = " + rowBytes);
        }
    }

    private static void checkSameShape(String name, MatrixSpan m, MatrixSpan out) {
        if (m.rows() != out.rows() || m.cols() != out.cols()) {
            throw new IllegalArgumentException(name + " shape [" + m.rows() + ", " + m.cols() + "] != out shape ["
                    + out.rows() + ", " + out.cols() + "]");
        }
    }

    // Kernels: arguments already checked, row range non-empty, at least one column.

    abstract void outerProductRows(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd);

    abstract void elementwiseRows(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd);

    abstract void fmaRows(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd);

    /** {@link #accumulateRows}: at least one row and one column, {@code acc} contiguous. */
    abstract void accumulateRowsChecked(Reduction op, MatrixSpan in, VectorSpan acc);

    /** NumPy's {@code pairwise_sum} of {@code n >= 0} contiguous values; see {@link Reduction#SUM}. */
    abstract double sum(MemorySegment s, long offset, long n);

    /** Math.min over {@code n >= 1} contiguous values. */
    abstract double min(MemorySegment s, long offset, long n);

    /** Math.max over {@code n >= 1} contiguous values. */
    abstract double max(MemorySegment s, long offset, long n);
}

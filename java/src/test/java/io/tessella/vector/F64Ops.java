package io.tessella.vector;

import io.tessella.memory.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The float64 kernels of one {@link Kernels} implementation under the calls the float64 tests were
 * written with (one object for the three families, {@code reduce} of one row returning its value). An
 * int64 {@code y} is converted to the nearest double first, as NumPy promotes {@code int64 * float64}.
 */
record F64Ops(Kernels kernels) {

    String name() {
        return kernels.name();
    }

    void outerProduct(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd) {
        kernels.outer(DType.FLOAT64).outerProduct(r, asFloat64(y), x, rowStart, rowEnd);
    }

    void outerProduct(MatrixSpan r, VectorSpan y, VectorSpan x) {
        outerProduct(r, y, x, 0, r.rows());
    }

    void elementwise(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        kernels.elementwise(DType.FLOAT64).apply(op, out, a, b, rowStart, rowEnd);
    }

    void elementwise(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b) {
        kernels.elementwise(DType.FLOAT64).apply(op, out, a, b);
    }

    void fma(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd) {
        kernels.elementwise(DType.FLOAT64).fma(out, a, b, c, rowStart, rowEnd);
    }

    void fma(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c) {
        kernels.elementwise(DType.FLOAT64).fma(out, a, b, c);
    }

    void reduceRows(Reduction op, MatrixSpan in, VectorSpan out, long rowStart, long rowEnd) {
        kernels.reduction(DType.FLOAT64).reduceRows(op, in, out, rowStart, rowEnd);
    }

    void reduceRows(Reduction op, MatrixSpan in, VectorSpan out) {
        kernels.reduction(DType.FLOAT64).reduceRows(op, in, out);
    }

    void accumulateRows(Reduction op, MatrixSpan in, VectorSpan acc) {
        kernels.reduction(DType.FLOAT64).accumulateRows(op, in, acc);
    }

    /** One row of {@code count} contiguous doubles at {@code offset}, reduced. */
    double reduce(Reduction op, MemorySegment segment, long offset, long count) {
        MemorySegment result = MemorySegment.ofArray(new double[1]);
        reduceRows(op, new MatrixSpan(segment, offset, 1, count, 0), VectorSpan.float64(result));
        return result.getAtIndex(TestData.F64, 0);
    }

    private static VectorSpan asFloat64(VectorSpan y) {
        if (y.dtype() != DType.INT64) {
            return y;
        }
        MemorySegment d = Arena.ofAuto().allocate(Math.max(1, y.length()) * 8, 8);
        for (long i = 0; i < y.length(); i++) {
            d.setAtIndex(TestData.F64, i, (double) y.segment().get(TestData.I64, y.offset() + i * y.stride()));
        }
        return new VectorSpan(d, 0, y.length(), 8, DType.FLOAT64);
    }
}

package io.tessella.vector;

import static io.tessella.vector.Spans.F64;
import static io.tessella.vector.Spans.I64;

import java.lang.foreign.MemorySegment;

/**
 * The reference implementation: each operation written as plainly as its definition, the outer
 * product as the recipe's per-row loop {@code for i: r[i] = y[i] * x}. Tests hold the faster paths to
 * it; benchmarks use it as the baseline.
 */
final class NaiveFloat64Ops extends CheckedFloat64Ops {

    static final NaiveFloat64Ops INSTANCE = new NaiveFloat64Ops();

    private NaiveFloat64Ops() {
    }

    @Override
    public String name() {
        return "naive";
    }

    @Override
    void outerProductRows(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd) {
        for (long i = rowStart; i < rowEnd; i++) {
            double yi = yValue(y, i);
            for (long j = 0; j < r.cols(); j++) {
                double xj = x.segment().get(F64, x.offset() + j * 8);
                r.segment().set(F64, r.rowOffset(i) + j * 8, yi * xj);
            }
        }
    }

    static double yValue(VectorSpan y, long i) {
        long at = y.offset() + i * y.stride();
        return y.type() == VectorSpan.Type.INT64 ? (double) y.segment().get(I64, at) : y.segment().get(F64, at);
    }

    @Override
    void elementwiseRows(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        for (long i = rowStart; i < rowEnd; i++) {
            for (long j = 0; j < out.cols(); j++) {
                double av = a.segment().get(F64, a.rowOffset(i) + j * 8);
                double bv = b.segment().get(F64, b.rowOffset(i) + j * 8);
                out.segment().set(F64, out.rowOffset(i) + j * 8, op.apply(av, bv));
            }
        }
    }

    @Override
    void fmaRows(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd) {
        for (long i = rowStart; i < rowEnd; i++) {
            for (long j = 0; j < out.cols(); j++) {
                double av = a.segment().get(F64, a.rowOffset(i) + j * 8);
                double bv = b.segment().get(F64, b.rowOffset(i) + j * 8);
                double cv = c.segment().get(F64, c.rowOffset(i) + j * 8);
                out.segment().set(F64, out.rowOffset(i) + j * 8, Math.fma(av, bv, cv));
            }
        }
    }

    @Override
    void accumulateRowsChecked(Reduction op, MatrixSpan in, VectorSpan acc) {
        MemorySegment a = acc.segment();
        for (long i = 0; i < in.rows(); i++) {
            for (long k = 0; k < in.cols(); k++) {
                long at = acc.offset() + k * 8;
                double v = in.segment().get(F64, in.rowOffset(i) + k * 8);
                a.set(F64, at, switch (op) {
                    case SUM -> a.get(F64, at) + v;
                    case MIN -> Math.min(a.get(F64, at), v);
                    case MAX -> Math.max(a.get(F64, at), v);
                });
            }
        }
    }

    /** A line-by-line transcription of NumPy's {@code pairwise_sum} (numpy/_core/src/umath/loops_utils.h.src). */
    @Override
    double sum(MemorySegment s, long offset, long n) {
        if (n < 8) {
            double res = -0.0;
            for (long i = 0; i < n; i++) {
                res += s.get(F64, offset + i * 8);
            }
            return res;
        } else if (n <= 128) {
            double[] r = new double[8];
            for (int k = 0; k < 8; k++) {
                r[k] = s.get(F64, offset + k * 8L);
            }
            long i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int k = 0; k < 8; k++) {
                    r[k] += s.get(F64, offset + (i + k) * 8);
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += s.get(F64, offset + i * 8);
            }
            return res;
        } else {
            long n2 = n / 2;
            n2 -= n2 % 8;
            return sum(s, offset, n2) + sum(s, offset + n2 * 8, n - n2);
        }
    }

    @Override
    double min(MemorySegment s, long offset, long n) {
        double res = s.get(F64, offset);
        for (long i = 1; i < n; i++) {
            res = Math.min(res, s.get(F64, offset + i * 8));
        }
        return res;
    }

    @Override
    double max(MemorySegment s, long offset, long n) {
        double res = s.get(F64, offset);
        for (long i = 1; i < n; i++) {
            res = Math.max(res, s.get(F64, offset + i * 8));
        }
        return res;
    }
}

package io.tessella.vector;

import static io.tessella.vector.Spans.F64;

import java.lang.foreign.MemorySegment;

/**
 * The scalar twin of the Vector API path, used when {@code jdk.incubator.vector} is absent or
 * disabled: a cache-blocked outer product and plain loops that C2 may auto-vectorise (its
 * superword pass never reorders floating-point operations, so results stay exact).
 */
final class ScalarFloat64Ops extends CheckedFloat64Ops {

    static final ScalarFloat64Ops INSTANCE = new ScalarFloat64Ops();

    // 2048 columns of x are 16 KiB and stay in L1 (32-48 KiB) while 16 rows reuse them; 16 output
    // streams of 16 KiB each keep the hardware prefetchers and write-combining buffers effective
    // (64 x 512 tiles wrote ~2.5x slower than the naive per-row loop at 2000 x 10000 in a JMH smoke run).
    static final long TILE_ROWS = 16;
    static final long TILE_COLS = 2048;

    private ScalarFloat64Ops() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    void outerProductRows(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd) {
        MemorySegment rs = r.segment();
        MemorySegment xs = x.segment();
        long xo = x.offset();
        long cols = r.cols();
        for (long i0 = rowStart; i0 < rowEnd; i0 += TILE_ROWS) {
            long i1 = Math.min(i0 + TILE_ROWS, rowEnd);
            for (long j0 = 0; j0 < cols; j0 += TILE_COLS) {
                long j1 = Math.min(j0 + TILE_COLS, cols);
                for (long i = i0; i < i1; i++) {
                    double yi = NaiveFloat64Ops.yValue(y, i);
                    long ro = r.rowOffset(i);
                    for (long j = j0; j < j1; j++) {
                        rs.set(F64, ro + j * 8, yi * xs.get(F64, xo + j * 8));
                    }
                }
            }
        }
    }

    @Override
    void elementwiseRows(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        // One loop per operation: a switch inside the inner loop would keep C2 from vectorising it.
        switch (op) {
            case ADD -> add(out, a, b, rowStart, rowEnd);
            case SUBTRACT -> subtract(out, a, b, rowStart, rowEnd);
            case MULTIPLY -> multiply(out, a, b, rowStart, rowEnd);
            case DIVIDE -> divide(out, a, b, rowStart, rowEnd);
        }
    }

    private static void add(MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment();
        long n = out.cols();
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
            for (long j = 0; j < n; j++) {
                os.set(F64, oo + j * 8, as.get(F64, ao + j * 8) + bs.get(F64, bo + j * 8));
            }
        }
    }

    private static void subtract(MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment();
        long n = out.cols();
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
            for (long j = 0; j < n; j++) {
                os.set(F64, oo + j * 8, as.get(F64, ao + j * 8) - bs.get(F64, bo + j * 8));
            }
        }
    }

    private static void multiply(MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment();
        long n = out.cols();
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
            for (long j = 0; j < n; j++) {
                os.set(F64, oo + j * 8, as.get(F64, ao + j * 8) * bs.get(F64, bo + j * 8));
            }
        }
    }

    private static void divide(MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment();
        long n = out.cols();
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
            for (long j = 0; j < n; j++) {
                os.set(F64, oo + j * 8, as.get(F64, ao + j * 8) / bs.get(F64, bo + j * 8));
            }
        }
    }

    @Override
    void fmaRows(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment(), cs = c.segment();
        long n = out.cols();
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i), co = c.rowOffset(i);
            for (long j = 0; j < n; j++) {
                os.set(F64, oo + j * 8, Math.fma(as.get(F64, ao + j * 8), bs.get(F64, bo + j * 8), cs.get(F64, co + j * 8)));
            }
        }
    }

    @Override
    void accumulateRowsChecked(Reduction op, MatrixSpan in, VectorSpan acc) {
        // One loop per operation, as for elementwise: a switch inside would keep C2 from vectorising.
        MemorySegment is = in.segment(), as = acc.segment();
        long ao = acc.offset(), n = in.cols();
        for (long i = 0; i < in.rows(); i++) {
            long io = in.rowOffset(i);
            switch (op) {
                case SUM -> {
                    for (long k = 0; k < n; k++) {
                        as.set(F64, ao + k * 8, as.get(F64, ao + k * 8) + is.get(F64, io + k * 8));
                    }
                }
                case MIN -> {
                    for (long k = 0; k < n; k++) {
                        as.set(F64, ao + k * 8, Math.min(as.get(F64, ao + k * 8), is.get(F64, io + k * 8)));
                    }
                }
                case MAX -> {
                    for (long k = 0; k < n; k++) {
                        as.set(F64, ao + k * 8, Math.max(as.get(F64, ao + k * 8), is.get(F64, io + k * 8)));
                    }
                }
            }
        }
    }

    @Override
    double sum(MemorySegment s, long offset, long n) {
        return pairwise(s, offset, n);
    }

    static double pairwise(MemorySegment s, long offset, long n) {
        if (n < 8) {
            return sequentialSum(-0.0, s, offset, n);
        } else if (n <= 128) {
            // Eight independent accumulators: the same additions as eight vector lanes.
            double r0 = s.get(F64, offset), r1 = s.get(F64, offset + 8), r2 = s.get(F64, offset + 16),
                    r3 = s.get(F64, offset + 24), r4 = s.get(F64, offset + 32), r5 = s.get(F64, offset + 40),
                    r6 = s.get(F64, offset + 48), r7 = s.get(F64, offset + 56);
            long end = n - (n % 8);
            for (long i = 8; i < end; i += 8) {
                long o = offset + i * 8;
                r0 += s.get(F64, o);
                r1 += s.get(F64, o + 8);
                r2 += s.get(F64, o + 16);
                r3 += s.get(F64, o + 24);
                r4 += s.get(F64, o + 32);
                r5 += s.get(F64, o + 40);
                r6 += s.get(F64, o + 48);
                r7 += s.get(F64, o + 56);
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            return sequentialSum(res, s, offset + end * 8, n - end);
        } else {
            long n2 = n / 2;
            n2 -= n2 % 8;
            return pairwise(s, offset, n2) + pairwise(s, offset + n2 * 8, n - n2);
        }
    }

    static double sequentialSum(double start, MemorySegment s, long offset, long n) {
        double res = start;
        for (long i = 0; i < n; i++) {
            res += s.get(F64, offset + i * 8);
        }
        return res;
    }

    @Override
    double min(MemorySegment s, long offset, long n) {
        return minFrom(s.get(F64, offset), s, offset + 8, n - 1);
    }

    @Override
    double max(MemorySegment s, long offset, long n) {
        return maxFrom(s.get(F64, offset), s, offset + 8, n - 1);
    }

    static double minFrom(double start, MemorySegment s, long offset, long n) {
        double res = start;
        for (long i = 0; i < n; i++) {
            res = Math.min(res, s.get(F64, offset + i * 8));
        }
        return res;
    }

    static double maxFrom(double start, MemorySegment s, long offset, long n) {
        double res = start;
        for (long i = 0; i < n; i++) {
            res = Math.max(res, s.get(F64, offset + i * 8));
        }
        return res;
    }
}

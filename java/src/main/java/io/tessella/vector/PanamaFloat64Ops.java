package io.tessella.vector;

import static io.tessella.vector.Spans.F64;
import static io.tessella.vector.Spans.ORDER;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation. Only {@link VectorOps} creates it, by name, after checking that
 * {@code jdk.incubator.vector} is in the boot layer: no class that always loads may refer to it.
 * Tails shorter than a vector take at most one half-width vector and then the scalar twin's loops,
 * which perform the same IEEE operations.
 */
final class PanamaFloat64Ops extends CheckedFloat64Ops {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    // Half-width vectors for the tail: a row of 4 (a 4 x 4 tile of recipe 4) would otherwise be all
    // scalar tail on 8-lane hardware. Unmasked, because masked memory access is only fast on AVX-512
    // and its fallback elsewhere is far slower than scalar code. Null when half a vector is 1 lane.
    private static final int H_LANES = L / 2;
    private static final VectorSpecies<Double> H = H_LANES >= 2
            ? VectorSpecies.of(double.class, VectorShape.forBitSize(H_LANES * Double.SIZE)) : null;

    // The sum's eight accumulators (Reduction.SUM) as one 512-bit vector, two 256-bit or four 128-bit
    // ones: a species wider than the hardware's would not be intrinsified and would run ~100x slower.
    private static final int SUM_LANES = Math.min(L, 8);
    private static final VectorSpecies<Double> SUM = VectorSpecies.of(double.class,
            VectorShape.forBitSize(Math.max(SUM_LANES, 2) * Double.SIZE));

    PanamaFloat64Ops() {
        if (L < 2) {
            throw new UnsupportedOperationException("the preferred vector species holds " + L
                    + " double(s); at least 2 are needed for the Vector API to beat scalar code");
        }
        if (8 % SUM_LANES != 0) {
            throw new UnsupportedOperationException("the preferred vector species holds " + L
                    + " doubles, which does not divide the 8 accumulators of the pairwise sum");
        }
    }

    @Override
    public String name() {
        return "vector (DoubleVector " + S.vectorBitSize() + "-bit, " + L + " lanes)";
    }

    @Override
    void outerProductRows(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd) {
        MemorySegment rs = r.segment();
        MemorySegment xs = x.segment();
        long xo = x.offset();
        long cols = r.cols();
        long bound = S.loopBound(cols);
        for (long i = rowStart; i < rowEnd; i++) {
            double yi = NaiveFloat64Ops.yValue(y, i);
            DoubleVector yv = DoubleVector.broadcast(S, yi);
            long ro = r.rowOffset(i);
            long j = 0;
            for (; j < bound; j += L) {
                DoubleVector.fromMemorySegment(S, xs, xo + j * 8, ORDER).mul(yv).intoMemorySegment(rs, ro + j * 8, ORDER);
            }
            if (H != null && cols - j >= H_LANES) {
                DoubleVector.fromMemorySegment(H, xs, xo + j * 8, ORDER).mul(yi).intoMemorySegment(rs, ro + j * 8, ORDER);
                j += H_LANES;
            }
            for (; j < cols; j++) {
                rs.set(F64, ro + j * 8, yi * xs.get(F64, xo + j * 8));
            }
        }
    }

    @Override
    void elementwiseRows(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        // One loop per operation: lanewise(op) with an op the JIT cannot prove constant is not intrinsified.
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
        long bound = S.loopBound(n);
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
            long j = 0;
            for (; j < bound; j += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, bs, bo + j * 8, ORDER);
                va.add(vb).intoMemorySegment(os, oo + j * 8, ORDER);
            }
            if (H != null && n - j >= H_LANES) {
                DoubleVector va = DoubleVector.fromMemorySegment(H, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(H, bs, bo + j * 8, ORDER);
                va.add(vb).intoMemorySegment(os, oo + j * 8, ORDER);
                j += H_LANES;
            }
            for (; j < n; j++) {
                os.set(F64, oo + j * 8, as.get(F64, ao + j * 8) + bs.get(F64, bo + j * 8));
            }
        }
    }

    private static void subtract(MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment();
        long n = out.cols();
        long bound = S.loopBound(n);
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
            long j = 0;
            for (; j < bound; j += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, bs, bo + j * 8, ORDER);
                va.sub(vb).intoMemorySegment(os, oo + j * 8, ORDER);
            }
            if (H != null && n - j >= H_LANES) {
                DoubleVector va = DoubleVector.fromMemorySegment(H, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(H, bs, bo + j * 8, ORDER);
                va.sub(vb).intoMemorySegment(os, oo + j * 8, ORDER);
                j += H_LANES;
            }
            for (; j < n; j++) {
                os.set(F64, oo + j * 8, as.get(F64, ao + j * 8) - bs.get(F64, bo + j * 8));
            }
        }
    }

    private static void multiply(MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment();
        long n = out.cols();
        long bound = S.loopBound(n);
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
            long j = 0;
            for (; j < bound; j += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, bs, bo + j * 8, ORDER);
                va.mul(vb).intoMemorySegment(os, oo + j * 8, ORDER);
            }
            if (H != null && n - j >= H_LANES) {
                DoubleVector va = DoubleVector.fromMemorySegment(H, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(H, bs, bo + j * 8, ORDER);
                va.mul(vb).intoMemorySegment(os, oo + j * 8, ORDER);
                j += H_LANES;
            }
            for (; j < n; j++) {
                os.set(F64, oo + j * 8, as.get(F64, ao + j * 8) * bs.get(F64, bo + j * 8));
            }
        }
    }

    private static void divide(MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment();
        long n = out.cols();
        long bound = S.loopBound(n);
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
            long j = 0;
            for (; j < bound; j += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, bs, bo + j * 8, ORDER);
                va.div(vb).intoMemorySegment(os, oo + j * 8, ORDER);
            }
            if (H != null && n - j >= H_LANES) {
                DoubleVector va = DoubleVector.fromMemorySegment(H, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(H, bs, bo + j * 8, ORDER);
                va.div(vb).intoMemorySegment(os, oo + j * 8, ORDER);
                j += H_LANES;
            }
            for (; j < n; j++) {
                os.set(F64, oo + j * 8, as.get(F64, ao + j * 8) / bs.get(F64, bo + j * 8));
            }
        }
    }

    @Override
    void fmaRows(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd) {
        MemorySegment os = out.segment(), as = a.segment(), bs = b.segment(), cs = c.segment();
        long n = out.cols();
        long bound = S.loopBound(n);
        for (long i = rowStart; i < rowEnd; i++) {
            long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i), co = c.rowOffset(i);
            long j = 0;
            for (; j < bound; j += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, bs, bo + j * 8, ORDER);
                DoubleVector vc = DoubleVector.fromMemorySegment(S, cs, co + j * 8, ORDER);
                // A true fused multiply-add (one rounding), the same as Math.fma in the tail.
                va.fma(vb, vc).intoMemorySegment(os, oo + j * 8, ORDER);
            }
            if (H != null && n - j >= H_LANES) {
                DoubleVector va = DoubleVector.fromMemorySegment(H, as, ao + j * 8, ORDER);
                DoubleVector vb = DoubleVector.fromMemorySegment(H, bs, bo + j * 8, ORDER);
                DoubleVector vc = DoubleVector.fromMemorySegment(H, cs, co + j * 8, ORDER);
                va.fma(vb, vc).intoMemorySegment(os, oo + j * 8, ORDER);
                j += H_LANES;
            }
            for (; j < n; j++) {
                os.set(F64, oo + j * 8, Math.fma(as.get(F64, ao + j * 8), bs.get(F64, bo + j * 8), cs.get(F64, co + j * 8)));
            }
        }
    }

    @Override
    double sum(MemorySegment s, long offset, long n) {
        if (n < 8) {
            return ScalarFloat64Ops.sequentialSum(-0.0, s, offset, n);
        } else if (n <= 128) {
            long end = n - (n % 8);
            double res = switch (SUM_LANES) {
                case 8 -> block8(s, offset, end);
                case 4 -> block4(s, offset, end);
                default -> block2(s, offset, end);
            };
            return ScalarFloat64Ops.sequentialSum(res, s, offset + end * 8, n - end);
        } else {
            long n2 = n / 2;
            n2 -= n2 % 8;
            return sum(s, offset, n2) + sum(s, offset + n2 * 8, n - n2);
        }
    }

    // Accumulator r[k] of Reduction.SUM is lane k of the vectors below, in order.

    private static double block8(MemorySegment s, long offset, long end) {
        DoubleVector r = DoubleVector.fromMemorySegment(SUM, s, offset, ORDER);
        for (long i = 8; i < end; i += 8) {
            r = r.add(DoubleVector.fromMemorySegment(SUM, s, offset + i * 8, ORDER));
        }
        return ((r.lane(0) + r.lane(1)) + (r.lane(2) + r.lane(3))) + ((r.lane(4) + r.lane(5)) + (r.lane(6) + r.lane(7)));
    }

    private static double block4(MemorySegment s, long offset, long end) {
        DoubleVector lo = DoubleVector.fromMemorySegment(SUM, s, offset, ORDER);
        DoubleVector hi = DoubleVector.fromMemorySegment(SUM, s, offset + 32, ORDER);
        for (long i = 8; i < end; i += 8) {
            long o = offset + i * 8;
            lo = lo.add(DoubleVector.fromMemorySegment(SUM, s, o, ORDER));
            hi = hi.add(DoubleVector.fromMemorySegment(SUM, s, o + 32, ORDER));
        }
        return ((lo.lane(0) + lo.lane(1)) + (lo.lane(2) + lo.lane(3))) + ((hi.lane(0) + hi.lane(1)) + (hi.lane(2) + hi.lane(3)));
    }

    private static double block2(MemorySegment s, long offset, long end) {
        DoubleVector v0 = DoubleVector.fromMemorySegment(SUM, s, offset, ORDER);
        DoubleVector v1 = DoubleVector.fromMemorySegment(SUM, s, offset + 16, ORDER);
        DoubleVector v2 = DoubleVector.fromMemorySegment(SUM, s, offset + 32, ORDER);
        DoubleVector v3 = DoubleVector.fromMemorySegment(SUM, s, offset + 48, ORDER);
        for (long i = 8; i < end; i += 8) {
            long o = offset + i * 8;
            v0 = v0.add(DoubleVector.fromMemorySegment(SUM, s, o, ORDER));
            v1 = v1.add(DoubleVector.fromMemorySegment(SUM, s, o + 16, ORDER));
            v2 = v2.add(DoubleVector.fromMemorySegment(SUM, s, o + 32, ORDER));
            v3 = v3.add(DoubleVector.fromMemorySegment(SUM, s, o + 48, ORDER));
        }
        return ((v0.lane(0) + v0.lane(1)) + (v1.lane(0) + v1.lane(1))) + ((v2.lane(0) + v2.lane(1)) + (v3.lane(0) + v3.lane(1)));
    }

    @Override
    double min(MemorySegment s, long offset, long n) {
        if (n < L) {
            return ScalarFloat64Ops.minFrom(s.get(F64, offset), s, offset + 8, n - 1);
        }
        // Four independent accumulators: one chain of Math.min-semantics vector mins (a blend
        // sequence, several cycles of latency) would leave the CPU idle. min is exact, so the
        // grouping cannot change the value; NaN wins and -0.0 < +0.0 in every lane (DoubleVector.min
        // is Math.min per lane).
        DoubleVector a0 = DoubleVector.fromMemorySegment(S, s, offset, ORDER);
        DoubleVector a1 = a0, a2 = a0, a3 = a0;
        long i = L;
        for (long bound4 = L + (n - L) / (4L * L) * (4L * L); i < bound4; i += 4L * L) {
            long o = offset + i * 8;
            a0 = a0.min(DoubleVector.fromMemorySegment(S, s, o, ORDER));
            a1 = a1.min(DoubleVector.fromMemorySegment(S, s, o + 8L * L, ORDER));
            a2 = a2.min(DoubleVector.fromMemorySegment(S, s, o + 16L * L, ORDER));
            a3 = a3.min(DoubleVector.fromMemorySegment(S, s, o + 24L * L, ORDER));
        }
        long bound = S.loopBound(n);
        for (; i < bound; i += L) {
            a0 = a0.min(DoubleVector.fromMemorySegment(S, s, offset + i * 8, ORDER));
        }
        double res = a0.min(a1).min(a2.min(a3)).reduceLanes(VectorOperators.MIN);
        return ScalarFloat64Ops.minFrom(res, s, offset + bound * 8, n - bound);
    }

    @Override
    double max(MemorySegment s, long offset, long n) {
        if (n < L) {
            return ScalarFloat64Ops.maxFrom(s.get(F64, offset), s, offset + 8, n - 1);
        }
        DoubleVector a0 = DoubleVector.fromMemorySegment(S, s, offset, ORDER);
        DoubleVector a1 = a0, a2 = a0, a3 = a0;
        long i = L;
        for (long bound4 = L + (n - L) / (4L * L) * (4L * L); i < bound4; i += 4L * L) {
            long o = offset + i * 8;
            a0 = a0.max(DoubleVector.fromMemorySegment(S, s, o, ORDER));
            a1 = a1.max(DoubleVector.fromMemorySegment(S, s, o + 8L * L, ORDER));
            a2 = a2.max(DoubleVector.fromMemorySegment(S, s, o + 16L * L, ORDER));
            a3 = a3.max(DoubleVector.fromMemorySegment(S, s, o + 24L * L, ORDER));
        }
        long bound = S.loopBound(n);
        for (; i < bound; i += L) {
            a0 = a0.max(DoubleVector.fromMemorySegment(S, s, offset + i * 8, ORDER));
        }
        double res = a0.max(a1).max(a2.max(a3)).reduceLanes(VectorOperators.MAX);
        return ScalarFloat64Ops.maxFrom(res, s, offset + bound * 8, n - bound);
    }
}

package io.tessella.vector;

import io.tessella.memory.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * NumPy's bool arithmetic, for the scalar and the vector kernel sets alike (masks are rare enough in
 * arithmetic that a vector path would not pay for itself): add and maximum are a logical or, multiply
 * and minimum a logical and; a sum counts the true values (int64), min is all and max is any. Any
 * non-zero byte reads as true, and results are 0 or 1, as NumPy stores bools.
 */
final class BoolKernels {
    private static final ValueLayout.OfByte L = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(Spans.ORDER);

    static final Elementwise ELEMENTWISE = new Elementwise();
    static final Outer OUTER = new Outer();
    static final Reductions REDUCTION = new Reductions();

    private BoolKernels() {
    }

    static final class Elementwise extends CheckedElementwise {
        private Elementwise() {
            super(DType.BOOL);
        }

        @Override
        public String name() {
            return "bool";
        }

        @Override
        void applyRows(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
            boolean or = op == BinaryOp.ADD || op == BinaryOp.MAXIMUM;
            MemorySegment os = out.segment(), as = a.segment(), bs = b.segment();
            long n = out.cols();
            for (long i = rowStart; i < rowEnd; i++) {
                long oo = out.rowOffset(i), ao = a.rowOffset(i), bo = b.rowOffset(i);
                if (or) {
                    for (long j = 0; j < n; j++) {
                        os.set(L, oo + j, (byte) ((as.get(L, ao + j) | bs.get(L, bo + j)) != 0 ? 1 : 0));
                    }
                } else {
                    for (long j = 0; j < n; j++) {
                        os.set(L, oo + j, (byte) (as.get(L, ao + j) != 0 & bs.get(L, bo + j) != 0 ? 1 : 0));
                    }
                }
            }
        }

        @Override
        void fmaRows(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd) {
            throw new AssertionError("checked: fma of bool");
        }
    }

    static final class Outer extends CheckedOuter {
        private Outer() {
            super(DType.BOOL);
        }

        @Override
        public String name() {
            return "bool";
        }

        @Override
        void outerRows(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd) {
            MemorySegment rs = r.segment(), xs = x.segment(), ys = y.segment();
            long cols = r.cols();
            for (long i = rowStart; i < rowEnd; i++) {
                long ro = r.rowOffset(i);
                if (ys.get(L, y.offset() + i * y.stride()) == 0) {
                    rs.asSlice(ro, cols).fill((byte) 0);
                    continue;
                }
                for (long j = 0; j < cols; j++) {
                    rs.set(L, ro + j, (byte) (xs.get(L, x.offset() + j) != 0 ? 1 : 0));
                }
            }
        }
    }

    static final class Reductions extends CheckedReduction {
        private Reductions() {
            super(DType.BOOL);
        }

        @Override
        public String name() {
            return "bool";
        }

        @Override
        void reduceRowsChecked(Reduction op, MatrixSpan in, VectorSpan out, long rowStart, long rowEnd) {
            MemorySegment s = in.segment(), d = out.segment();
            long n = in.cols();
            for (long i = rowStart; i < rowEnd; i++) {
                long o = in.rowOffset(i), at = out.offset() + i * out.stride();
                long count = 0;
                for (long j = 0; j < n; j++) {
                    count += s.get(L, o + j) != 0 ? 1 : 0;
                }
                switch (op) {
                    case SUM -> d.set(I64, at, count);
                    case MIN -> d.set(L, at, (byte) (count == n ? 1 : 0));
                    case MAX -> d.set(L, at, (byte) (count > 0 ? 1 : 0));
                }
            }
        }

        @Override
        void accumulateRowsChecked(Reduction op, MatrixSpan in, VectorSpan acc) {
            MemorySegment s = in.segment(), a = acc.segment();
            long n = in.cols(), ao = acc.offset();
            for (long i = 0; i < in.rows(); i++) {
                long o = in.rowOffset(i);
                for (long k = 0; k < n; k++) {
                    boolean v = s.get(L, o + k) != 0;
                    switch (op) {
                        case SUM -> a.set(I64, ao + k * 8, a.get(I64, ao + k * 8) + (v ? 1 : 0));
                        case MIN -> a.set(L, ao + k, (byte) (v && a.get(L, ao + k) != 0 ? 1 : 0));
                        case MAX -> a.set(L, ao + k, (byte) (v || a.get(L, ao + k) != 0 ? 1 : 0));
                    }
                }
            }
        }
    }
}

package io.tessella.vector;

import io.tessella.memory.Cast;
import io.tessella.memory.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The reference implementation: each operation written as plainly as its definition, one element at
 * a time and for every dtype alike (each value read into a {@code long} or a {@code double}), the outer
 * product as the recipe's per-row loop {@code for i: r[i] = y[i] * x}. Tests hold the generated scalar
 * and vector kernels to it; benchmarks use it as the baseline. Slow on purpose: nothing here is shared
 * with the code it checks but {@link Cast}'s one-value conversions.
 */
final class NaiveKernels implements Kernels {

    static final NaiveKernels INSTANCE = new NaiveKernels();

    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(Spans.ORDER);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(Spans.ORDER);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(Spans.ORDER);

    private final NaiveElementwise[] elementwise = new NaiveElementwise[DType.values().length];
    private final NaiveOuter[] outer = new NaiveOuter[DType.values().length];
    private final NaiveReduction[] reduction = new NaiveReduction[DType.values().length];

    private NaiveKernels() {
        for (DType t : DType.values()) {
            elementwise[t.ordinal()] = new NaiveElementwise(t);
            outer[t.ordinal()] = new NaiveOuter(t);
            reduction[t.ordinal()] = new NaiveReduction(t);
        }
    }

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public ElementwiseOps elementwise(DType dtype) {
        return elementwise[dtype.ordinal()];
    }

    @Override
    public OuterOps outer(DType dtype) {
        return outer[dtype.ordinal()];
    }

    @Override
    public ReductionOps reduction(DType dtype) {
        return reduction[dtype.ordinal()];
    }

    @Override
    public String toString() {
        return name();
    }

    // ---- one value: integers and bool as Cast holds them, floats as their bits (float32's sign-extended)

    static long read(MemorySegment s, long at, DType t) {
        long raw = switch ((int) t.byteSize()) {
            case 8 -> s.get(I64, at);
            case 4 -> s.get(I32, at);
            case 2 -> s.get(I16, at);
            default -> s.get(ValueLayout.JAVA_BYTE, at);
        };
        return t.isFloating() ? raw : Cast.toInteger(raw, t);
    }

    static void write(MemorySegment s, long at, DType t, long bits) {
        switch ((int) t.byteSize()) {
            case 8 -> s.set(I64, at, bits);
            case 4 -> s.set(I32, at, (int) bits);
            case 2 -> s.set(I16, at, (short) bits);
            default -> s.set(ValueLayout.JAVA_BYTE, at, (byte) bits);
        }
    }

    private static double d(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static float f(long bits) {
        return Float.intBitsToFloat((int) bits);
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static long bits(float v) {
        return Float.floatToRawIntBits(v);
    }

    /** {@code x op y} in dtype {@code t}, by the definitions of {@link BinaryOp}. */
    static long binary(BinaryOp op, DType t, long x, long y) {
        if (t == DType.BOOL) {
            return switch (op) {
                case ADD, MAXIMUM -> (x | y) != 0 ? 1 : 0;
                case MULTIPLY, MINIMUM -> x != 0 && y != 0 ? 1 : 0;
                default -> throw new IllegalArgumentException(op + " of bool");
            };
        }
        if (t == DType.FLOAT64) {
            return bits(op.apply(d(x), d(y)));
        }
        if (t == DType.FLOAT32) {
            float a = f(x), b = f(y);
            return bits(switch (op) {
                case ADD -> a + b;
                case SUBTRACT -> a - b;
                case MULTIPLY -> a * b;
                case DIVIDE -> a / b;
                case MINIMUM -> a < b || a != a ? a : b;
                case MAXIMUM -> a > b || a != a ? a : b;
            });
        }
        int c = t.isUnsigned() ? Long.compareUnsigned(x, y) : Long.compare(x, y);
        return switch (op) {
            case ADD -> Cast.toInteger(x + y, t);
            case SUBTRACT -> Cast.toInteger(x - y, t);
            case MULTIPLY -> Cast.toInteger(x * y, t);
            case MINIMUM -> c < 0 ? x : y;
            case MAXIMUM -> c > 0 ? x : y;
            case DIVIDE -> throw new IllegalArgumentException("DIVIDE of " + t);
        };
    }

    private static final class NaiveElementwise extends CheckedElementwise {
        private final DType t;
        private final long size;

        NaiveElementwise(DType t) {
            super(t);
            this.t = t;
            this.size = t.byteSize();
        }

        @Override
        public String name() {
            return "naive " + t.numpyName();
        }

        @Override
        void applyRows(BinaryOp op, MatrixSpan out, MatrixSpan a, MatrixSpan b, long rowStart, long rowEnd) {
            for (long i = rowStart; i < rowEnd; i++) {
                for (long j = 0; j < out.cols(); j++) {
                    long av = read(a.segment(), a.rowOffset(i) + j * size, t);
                    long bv = read(b.segment(), b.rowOffset(i) + j * size, t);
                    write(out.segment(), out.rowOffset(i) + j * size, t, binary(op, t, av, bv));
                }
            }
        }

        @Override
        void fmaRows(MatrixSpan out, MatrixSpan a, MatrixSpan b, MatrixSpan c, long rowStart, long rowEnd) {
            for (long i = rowStart; i < rowEnd; i++) {
                for (long j = 0; j < out.cols(); j++) {
                    long av = read(a.segment(), a.rowOffset(i) + j * size, t);
                    long bv = read(b.segment(), b.rowOffset(i) + j * size, t);
                    long cv = read(c.segment(), c.rowOffset(i) + j * size, t);
                    long r = t == DType.FLOAT64 ? bits(Math.fma(d(av), d(bv), d(cv))) : bits(Math.fma(f(av), f(bv), f(cv)));
                    write(out.segment(), out.rowOffset(i) + j * size, t, r);
                }
            }
        }
    }

    private static final class NaiveOuter extends CheckedOuter {
        private final DType t;
        private final long size;

        NaiveOuter(DType t) {
            super(t);
            this.t = t;
            this.size = t.byteSize();
        }

        @Override
        public String name() {
            return "naive " + t.numpyName();
        }

        @Override
        void outerRows(MatrixSpan r, VectorSpan y, VectorSpan x, long rowStart, long rowEnd) {
            for (long i = rowStart; i < rowEnd; i++) {
                long yi = read(y.segment(), y.offset() + i * y.stride(), t);
                for (long j = 0; j < r.cols(); j++) {
                    long xj = read(x.segment(), x.offset() + j * size, t);
                    write(r.segment(), r.rowOffset(i) + j * size, t, binary(BinaryOp.MULTIPLY, t, yi, xj));
                }
            }
        }
    }

    private static final class NaiveReduction extends CheckedReduction {
        private final DType t;
        private final long size;

        NaiveReduction(DType t) {
            super(t);
            this.t = t;
            this.size = t.byteSize();
        }

        @Override
        public String name() {
            return "naive " + t.numpyName();
        }

        @Override
        void reduceRowsChecked(Reduction op, MatrixSpan in, VectorSpan out, long rowStart, long rowEnd) {
            DType rt = resultType(op);
            for (long i = rowStart; i < rowEnd; i++) {
                long o = in.rowOffset(i);
                long v;
                if (op == Reduction.SUM) {
                    v = switch (t) {
                        case FLOAT64 -> bits(0.0 + sum64(in.segment(), o, in.cols()));
                        case FLOAT32 -> bits(0.0f + sum32(in.segment(), o, in.cols()));
                        default -> {
                            long s = 0;
                            for (long j = 0; j < in.cols(); j++) {
                                s += read(in.segment(), o + j * size, t);
                            }
                            yield s;
                        }
                    };
                } else {
                    v = read(in.segment(), o, t);
                    for (long j = 1; j < in.cols(); j++) {
                        v = step(op, v, read(in.segment(), o + j * size, t));
                    }
                }
                write(out.segment(), out.offset() + i * out.stride(), rt, v);
            }
        }

        @Override
        void accumulateRowsChecked(Reduction op, MatrixSpan in, VectorSpan acc) {
            DType at = resultType(op);
            for (long i = 0; i < in.rows(); i++) {
                for (long k = 0; k < in.cols(); k++) {
                    long where = acc.offset() + k * at.byteSize();
                    long a = read(acc.segment(), where, at);
                    long v = read(in.segment(), in.rowOffset(i) + k * size, t);
                    long r = op != Reduction.SUM ? step(op, a, v) : switch (t) {
                        case FLOAT64 -> bits(d(a) + d(v));
                        case FLOAT32 -> bits(f(a) + f(v));
                        default -> a + v;
                    };
                    write(acc.segment(), where, at, r);
                }
            }
        }

        /** One step of MIN or MAX: floats with Math.min/max (NaN wins, -0.0 < +0.0), integers exactly, bool all/any. */
        private long step(Reduction op, long a, long v) {
            boolean min = op == Reduction.MIN;
            return switch (t) {
                case FLOAT64 -> bits(min ? Math.min(d(a), d(v)) : Math.max(d(a), d(v)));
                case FLOAT32 -> bits(min ? Math.min(f(a), f(v)) : Math.max(f(a), f(v)));
                case BOOL -> min ? (a != 0 && v != 0 ? 1 : 0) : (a != 0 || v != 0 ? 1 : 0);
                default -> {
                    int c = t.isUnsigned() ? Long.compareUnsigned(a, v) : Long.compare(a, v);
                    yield min ? (c <= 0 ? a : v) : (c >= 0 ? a : v);
                }
            };
        }

        /** A line-by-line transcription of NumPy's {@code pairwise_sum} (numpy/_core/src/umath/loops_utils.h.src), float64. */
        private double sum64(MemorySegment s, long offset, long n) {
            if (n < 8) {
                double res = -0.0;
                for (long i = 0; i < n; i++) {
                    res += d(read(s, offset + i * 8, t));
                }
                return res;
            } else if (n <= 128) {
                double[] r = new double[8];
                for (int k = 0; k < 8; k++) {
                    r[k] = d(read(s, offset + k * 8L, t));
                }
                long i;
                for (i = 8; i < n - (n % 8); i += 8) {
                    for (int k = 0; k < 8; k++) {
                        r[k] += d(read(s, offset + (i + k) * 8, t));
                    }
                }
                double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
                for (; i < n; i++) {
                    res += d(read(s, offset + i * 8, t));
                }
                return res;
            } else {
                long n2 = n / 2;
                n2 -= n2 % 8;
                return sum64(s, offset, n2) + sum64(s, offset + n2 * 8, n - n2);
            }
        }

        /** The same transcription in float32 arithmetic, as NumPy's FLOAT_pairwise_sum. */
        private float sum32(MemorySegment s, long offset, long n) {
            if (n < 8) {
                float res = -0.0f;
                for (long i = 0; i < n; i++) {
                    res += f(read(s, offset + i * 4, t));
                }
                return res;
            } else if (n <= 128) {
                float[] r = new float[8];
                for (int k = 0; k < 8; k++) {
                    r[k] = f(read(s, offset + k * 4L, t));
                }
                long i;
                for (i = 8; i < n - (n % 8); i += 8) {
                    for (int k = 0; k < 8; k++) {
                        r[k] += f(read(s, offset + (i + k) * 4, t));
                    }
                }
                float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
                for (; i < n; i++) {
                    res += f(read(s, offset + i * 4, t));
                }
                return res;
            } else {
                long n2 = n / 2;
                n2 -= n2 % 8;
                return sum32(s, offset, n2) + sum32(s, offset + n2 * 4, n - n2);
            }
        }
    }
}

package io.tessella.bench.vector;

import io.tessella.vector.Reduction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fastest way to read a row with nothing kept of NumPy's order: four independent accumulators of
 * the widest vector, so neither add latency nor a reduction tree limits it. Only the Vector API fork
 * may load this class (it names {@code jdk.incubator.vector}).
 */
final class ReadBandwidth {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ReadBandwidth() {
    }

    /** {@code op} over {@code n} doubles at {@code offset}, in no fixed order. */
    static double reduce(Reduction op, MemorySegment s, long offset, long n) {
        return switch (op) {
            case SUM -> sum(s, offset, n);
            case MIN -> min(s, offset, n);
            case MAX -> max(s, offset, n);
        };
    }

    // Three copies on purpose: one method taking the operator as a VectorOperators argument measured
    // 8 to 50 times slower here (the lanewise operator was not a constant, so not intrinsified).
    private static double sum(MemorySegment s, long offset, long n) {
        int l = S.length();
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - n % (4L * l); i < bound; i += 4L * l) {
            long o = offset + i * 8;
            a0 = a0.add(DoubleVector.fromMemorySegment(S, s, o, ORDER));
            a1 = a1.add(DoubleVector.fromMemorySegment(S, s, o + 8L * l, ORDER));
            a2 = a2.add(DoubleVector.fromMemorySegment(S, s, o + 16L * l, ORDER));
            a3 = a3.add(DoubleVector.fromMemorySegment(S, s, o + 24L * l, ORDER));
        }
        double res = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            res += s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset + i * 8);
        }
        return res;
    }

    private static double max(MemorySegment s, long offset, long n) {
        int l = S.length();
        DoubleVector a0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - n % (4L * l); i < bound; i += 4L * l) {
            long o = offset + i * 8;
            a0 = a0.max(DoubleVector.fromMemorySegment(S, s, o, ORDER));
            a1 = a1.max(DoubleVector.fromMemorySegment(S, s, o + 8L * l, ORDER));
            a2 = a2.max(DoubleVector.fromMemorySegment(S, s, o + 16L * l, ORDER));
            a3 = a3.max(DoubleVector.fromMemorySegment(S, s, o + 24L * l, ORDER));
        }
        double res = a0.max(a1).max(a2.max(a3)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            res = Math.max(res, s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset + i * 8));
        }
        return res;
    }

    private static double min(MemorySegment s, long offset, long n) {
        int l = S.length();
        DoubleVector a0 = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long bound = n - n % (4L * l); i < bound; i += 4L * l) {
            long o = offset + i * 8;
            a0 = a0.min(DoubleVector.fromMemorySegment(S, s, o, ORDER));
            a1 = a1.min(DoubleVector.fromMemorySegment(S, s, o + 8L * l, ORDER));
            a2 = a2.min(DoubleVector.fromMemorySegment(S, s, o + 16L * l, ORDER));
            a3 = a3.min(DoubleVector.fromMemorySegment(S, s, o + 24L * l, ORDER));
        }
        double res = a0.min(a1).min(a2.min(a3)).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            res = Math.min(res, s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset + i * 8));
        }
        return res;
    }
}

package io.tessella.vector;

import static io.tessella.vector.Spans.F64;
import static io.tessella.vector.Spans.ORDER;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
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
    void accumulateRowsChecked(Reduction op, MatrixSpan in, VectorSpan acc) {
        // One loop per operation: a vector chosen between add, min and max inside the loop is a phi
        // of vector boxes, which the JIT may not intrinsify.
        switch (op) {
            case SUM -> accumulateSum(in, acc);
            case MIN -> accumulateMin(in, acc);
            case MAX -> accumulateMax(in, acc);
        }
    }

    private static void accumulateSum(MatrixSpan in, VectorSpan acc) {
        MemorySegment is = in.segment(), as = acc.segment();
        long ao = acc.offset(), n = in.cols();
        long bound = S.loopBound(n);
        for (long i = 0; i < in.rows(); i++) {
            long io = in.rowOffset(i);
            long k = 0;
            for (; k < bound; k += L) {
                DoubleVector.fromMemorySegment(S, as, ao + k * 8, ORDER).add(DoubleVector.fromMemorySegment(S, is, io + k * 8, ORDER))
                        .intoMemorySegment(as, ao + k * 8, ORDER);
            }
            if (H != null && n - k >= H_LANES) {
                DoubleVector.fromMemorySegment(H, as, ao + k * 8, ORDER).add(DoubleVector.fromMemorySegment(H, is, io + k * 8, ORDER))
                        .intoMemorySegment(as, ao + k * 8, ORDER);
                k += H_LANES;
            }
            for (; k < n; k++) {
                as.set(F64, ao + k * 8, as.get(F64, ao + k * 8) + is.get(F64, io + k * 8));
            }
        }
    }

    // DoubleVector.min/max are Math.min/max per lane, as the scalar tails: NaN wins and -0.0 < +0.0.

    private static void accumulateMin(MatrixSpan in, VectorSpan acc) {
        MemorySegment is = in.segment(), as = acc.segment();
        long ao = acc.offset(), n = in.cols();
        long bound = S.loopBound(n);
        for (long i = 0; i < in.rows(); i++) {
            long io = in.rowOffset(i);
            long k = 0;
            for (; k < bound; k += L) {
                DoubleVector.fromMemorySegment(S, as, ao + k * 8, ORDER).min(DoubleVector.fromMemorySegment(S, is, io + k * 8, ORDER))
                        .intoMemorySegment(as, ao + k * 8, ORDER);
            }
            for (; k < n; k++) {
                as.set(F64, ao + k * 8, Math.min(as.get(F64, ao + k * 8), is.get(F64, io + k * 8)));
            }
        }
    }

    private static void accumulateMax(MatrixSpan in, VectorSpan acc) {
        MemorySegment is = in.segment(), as = acc.segment();
        long ao = acc.offset(), n = in.cols();
        long bound = S.loopBound(n);
        for (long i = 0; i < in.rows(); i++) {
            long io = in.rowOffset(i);
            long k = 0;
            for (; k < bound; k += L) {
                DoubleVector.fromMemorySegment(S, as, ao + k * 8, ORDER).max(DoubleVector.fromMemorySegment(S, is, io + k * 8, ORDER))
                        .intoMemorySegment(as, ao + k * 8, ORDER);
            }
            for (; k < n; k++) {
                as.set(F64, ao + k * 8, Math.max(as.get(F64, ao + k * 8), is.get(F64, io + k * 8)));
            }
        }
    }

    @Override
    double sum(MemorySegment s, long offset, long n) {
        if (n <= 128) {
            return leaf(s, offset, n);
        }
        return SUM_LANES >= 4 ? streamedSum(s, offset, n) : pairwise(s, offset, n);
    }

    /**
     * NumPy's recursion as written, kept for 128-bit vectors (SSE, NEON): emulated here with
     * -XX:MaxVectorSize=16, the walk below boxed its vectors (some 2-lane masks and shuffles were not
     * intrinsified), and no real 128-bit machine was at hand to measure it on.
     */
    private static double pairwise(MemorySegment s, long offset, long n) {
        if (n <= 128) {
            return leaf(s, offset, n);
        }
        long n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(s, offset, n2) + pairwise(s, offset + n2 * 8, n - n2);
    }

    /** NumPy's pw for n <= 128: eight accumulators, their tree, then the rest in index order. */
    private static double leaf(MemorySegment s, long offset, long n) {
        if (n < 8) {
            return ScalarFloat64Ops.sequentialSum(-0.0, s, offset, n);
        }
        long end = n - (n % 8);
        double res = switch (SUM_LANES) {
            case 8 -> block8(s, offset, end);
            case 4 -> block4(s, offset, end);
            default -> block2(s, offset, end);
        };
        return ScalarFloat64Ops.sequentialSum(res, s, offset + end * 8, n - end);
    }

    // ---- The pairwise sum as one stream ---------------------------------------------------------------
    //
    // NumPy's recursion run as written (split, recurse, leaf above) reads memory in order, yet from DRAM
    // (recipe 3's 80 MB) it ran at ~13 GB/s, below the scalar twin's ~24 GB/s, where a vector loop with
    // one accumulator reads ~35 GB/s (JMH, Zen 5, one run). At the end of every 64..128-value leaf it
    // extracted eight lanes (~25 dependent shuffles, moves and adds) and spilled the left half's sum
    // across the recursive call; both wait for the leaf's loads, and with a few of them per kilobyte
    // the core stops issuing loads far enough ahead to cover DRAM latency. From L3 the same code is
    // fast, so only the 80 MB recipe showed it.
    // Measured one change at a time: lane extraction cost 2.5x, a store per leaf 1.4x, a mispredicted
    // leaf end 1.2x. The walk below reads ~33 GB/s there, 0.93x the one-accumulator loop; keeping two
    // leaves' streams in flight at once measured 2x slower, not faster.
    //
    // So the additions stay NumPy's, bit for bit, but are scheduled differently:
    //  - NumPy's split m = n/2 - (n/2) % 8 keeps every left part a multiple of 8 values, so a row of n
    //    values is a "group tree" over G = n / 8 groups of 8 (node G -> floor(G/2), ceil(G/2); leaf
    //    when G <= 16) plus, when n % 8 != 0, a right spine that carries the tail (streamedSum).
    //  - Halving floor/ceil leaves every node at depth d with G >> d or (G >> d) + 1 groups, the larger
    //    exactly where the d-bit reversal of its index is >= 2^d - (G mod 2^d). So the leaves are known
    //    without recursion: all at one depth D ("complete"), or, when G >> (D-1) == 16, 16-group
    //    leaves mixed with 17-group nodes of two leaves (8 + 9) one level up ("mixed").
    //  - A leaf's eight accumulators are one vector (two of 4 lanes); its tree
    //    ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) is a butterfly (hsum, pair) that leaves the sum in every
    //    lane, so it is blended into lane j % L of a batch vector: no lane extraction, no store per
    //    leaf. L consecutive leaves are a complete subtree, so hsum of the batch is their node's sum,
    //    and so on one level up; only every L^2 leaves does a value reach memory, on a binary-counter
    //    stack (the same left-to-right adds). The same holds on 256-bit vectors, where the recursion
    //    was as slow from DRAM (0.54x the scalar twin, emulated here with -XX:MaxVectorSize=32).
    //  - A leaf is q or q+1 groups: the loop runs q - 1 times and the last group is a masked add
    //    (x + nothing) from a clamped address, so the branch that ends the loop is always predicted.
    //  - Exactness: an IEEE sum does not depend on operand order (only a NaN's payload may), so every
    //    lane of hsum holds the same value; -0.0 never enters as a start value, so signed zeros match.

    // Lanes per batch vector (L, 8 or 4 here) and log2 L; SWAPk exchanges lanes i and i ^ k.
    private static final int BATCH = SUM_LANES;
    private static final int BATCH_BITS = Integer.numberOfTrailingZeros(SUM_LANES);
    private static final VectorShuffle<Double> SWAP1 = VectorShuffle.fromOp(SUM, i -> i ^ 1);
    private static final VectorShuffle<Double> SWAP2 = SUM_LANES >= 4 ? VectorShuffle.fromOp(SUM, i -> i ^ 2) : null;
    private static final VectorShuffle<Double> SWAP4 = SUM_LANES >= 8 ? VectorShuffle.fromOp(SUM, i -> i ^ 4) : null;
    private static final DoubleVector LANE_INDEX = DoubleVector.fromArray(SUM, new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 0);

    /** Each lane: the pairwise tree of the lanes, ((v0+v1)+(v2+v3))+((v4+v5)+(v6+v7)) for eight. */
    private static DoubleVector hsum(DoubleVector v) {
        DoubleVector a = v.add(v.rearrange(SWAP1));
        a = a.add(a.rearrange(SWAP2));
        if (SUM_LANES >= 8) {
            a = a.add(a.rearrange(SWAP4));
        }
        return a;
    }

    /** Each lane: hsum(lo) + hsum(hi), the tree of the accumulators in lo followed by those in hi. */
    private static DoubleVector pair(DoubleVector lo, DoubleVector hi) {
        return hsum(lo).add(hsum(hi));
    }

    /** All-true in lane {@code k}: where the k-th of L consecutive values goes in its batch. */
    private static VectorMask<Double> lane(int k) {
        return LANE_INDEX.compare(VectorOperators.EQ, (double) k);
    }

    /** Pairwise sum of lanes [0, 2^k) for 2^k < L: the top of a tree with fewer than L nodes. */
    private static double firstLanes(DoubleVector v, int k) {
        return switch (k) {
            case 0 -> v.lane(0);
            case 1 -> v.lane(0) + v.lane(1);
            default -> (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3));
        };
    }

    /** NumPy's pw(s, n) for n > 128: group trees for the left parts of the tail-carrying right spine. */
    private static double streamedSum(MemorySegment s, long offset, long n) {
        long groups = n >>> 3;
        if ((n & 7) == 0) {
            return groupTree(s, offset, groups);
        }
        long left = groups >>> 1;
        double l = groupTree(s, offset, left);
        long rest = n - left * 8;
        return l + (rest > 128 ? streamedSum(s, offset + left * 64, rest) : leaf(s, offset + left * 64, rest));
    }

    /** NumPy's pw over {@code groups} whole groups of eight: the node of a group tree. */
    private static double groupTree(MemorySegment s, long offset, long groups) {
        if (groups <= 16) {
            return leaf(s, offset, groups * 8);
        }
        int depth = 1;                                  // the leaves' depth: first with ceil(G / 2^d) <= 16
        while (((groups + (1L << depth) - 1) >>> depth) > 16) {
            depth++;
        }
        if (depth > 30) {                               // > 2^30 leaves: the int counters below would overflow
            long half = groups >>> 1;
            double l = groupTree(s, offset, half);
            return l + groupTree(s, offset + half * 64, groups - half);
        }
        return (groups >>> (depth - 1)) >= 17
                ? completeTree(s, offset, groups, depth)
                : mixedTree(s, offset, groups, depth - 1);
    }

    /** All 2^depth leaves at one depth, of q or q + 1 groups (8 <= q, q + 1 <= 16). */
    private static double completeTree(MemorySegment s, long offset, long groups, int depth) {
        long q = groups >>> depth;
        long qBytes = q * 64;
        int count = 1 << depth;
        int mask = count - 1;
        int larger = count - (int) (groups & mask);     // leaf j has q + 1 groups iff reverse(j) >= larger
        double[] stack = depth >= 2 * BATCH_BITS ? new double[64] : null;
        int sp = 0;
        int reversed = 0;
        DoubleVector leaves = DoubleVector.zero(SUM), batches = leaves;
        long o = offset;
        for (int j = 0; j < count; j++) {
            boolean extra = reversed >= larger;
            reversed ^= (-1 << (depth - 1 - Integer.numberOfTrailingZeros(~j))) & mask;
            VectorMask<Double> more = SUM.maskAll(extra);
            long last = extra ? o + qBytes : o;         // the optional group, or any valid address
            DoubleVector node;
            if (SUM_LANES == 8) {
                DoubleVector r = load(s, o);
                for (long i = 64; i < qBytes; i += 64) {
                    r = r.add(load(s, o + i));
                }
                node = hsum(r.lanewise(VectorOperators.ADD, load(s, last), more));
            } else {
                DoubleVector lo = load(s, o), hi = load(s, o + 32);
                for (long i = 64; i < qBytes; i += 64) {
                    lo = lo.add(load(s, o + i));
                    hi = hi.add(load(s, o + i + 32));
                }
                node = pair(lo.lanewise(VectorOperators.ADD, load(s, last), more),
                        hi.lanewise(VectorOperators.ADD, load(s, last + 32), more));
            }
            o += extra ? qBytes + 64 : qBytes;
            leaves = leaves.blend(node, lane(j & (BATCH - 1)));
            if ((j & (BATCH - 1)) == BATCH - 1) {
                batches = batches.blend(hsum(leaves), lane((j >>> BATCH_BITS) & (BATCH - 1)));
                if ((j & (BATCH * BATCH - 1)) == BATCH * BATCH - 1) {
                    sp = push(stack, sp, hsum(batches).lane(0), j >>> (2 * BATCH_BITS));
                }
            }
        }
        return top(stack, leaves, batches, depth);
    }

    /** Nodes at {@code depth} of 16 groups (a leaf) or 17 (two leaves, 8 + 9). */
    private static double mixedTree(MemorySegment s, long offset, long groups, int depth) {
        int count = 1 << depth;
        int mask = count - 1;
        int larger = count - (int) (groups & mask);     // node j has 17 groups iff reverse(j) >= larger
        double[] stack = depth >= 2 * BATCH_BITS ? new double[64] : null;
        int sp = 0;
        int reversed = 0;
        DoubleVector minusZero = DoubleVector.broadcast(SUM, -0.0);
        DoubleVector leaves = DoubleVector.zero(SUM), batches = leaves;
        long o = offset;
        for (int j = 0; j < count; j++) {
            boolean split = reversed >= larger;
            reversed ^= (-1 << (depth - 1 - Integer.numberOfTrailingZeros(~j))) & mask;
            VectorMask<Double> two = SUM.maskAll(split);
            long last = split ? o + 1024 : o;           // group 16, or any valid address
            // Groups 0-7 start both shapes; groups 8-15 continue the 16-group leaf or start the 9-group
            // one from -0.0 (x + -0.0 == x exactly, zeros included); group 16 exists only when split.
            DoubleVector first, second;
            if (SUM_LANES == 8) {
                DoubleVector a = load(s, o);
                for (long i = 64; i < 512; i += 64) {
                    a = a.add(load(s, o + i));
                }
                DoubleVector b = split ? minusZero : a;
                for (long i = 512; i < 1024; i += 64) {
                    b = b.add(load(s, o + i));
                }
                first = hsum(a);
                second = hsum(b.lanewise(VectorOperators.ADD, load(s, last), two));
            } else {
                DoubleVector aLo = load(s, o), aHi = load(s, o + 32);
                for (long i = 64; i < 512; i += 64) {
                    aLo = aLo.add(load(s, o + i));
                    aHi = aHi.add(load(s, o + i + 32));
                }
                DoubleVector bLo = split ? minusZero : aLo, bHi = split ? minusZero : aHi;
                for (long i = 512; i < 1024; i += 64) {
                    bLo = bLo.add(load(s, o + i));
                    bHi = bHi.add(load(s, o + i + 32));
                }
                first = pair(aLo, aHi);
                second = pair(bLo.lanewise(VectorOperators.ADD, load(s, last), two),
                        bHi.lanewise(VectorOperators.ADD, load(s, last + 32), two));
            }
            o += split ? 1088 : 1024;
            DoubleVector node = second.blend(first.add(second), two);
            leaves = leaves.blend(node, lane(j & (BATCH - 1)));
            if ((j & (BATCH - 1)) == BATCH - 1) {
                batches = batches.blend(hsum(leaves), lane((j >>> BATCH_BITS) & (BATCH - 1)));
                if ((j & (BATCH * BATCH - 1)) == BATCH * BATCH - 1) {
                    sp = push(stack, sp, hsum(batches).lane(0), j >>> (2 * BATCH_BITS));
                }
            }
        }
        return top(stack, leaves, batches, depth);
    }

    private static DoubleVector load(MemorySegment s, long offset) {
        return DoubleVector.fromMemorySegment(SUM, s, offset, ORDER);
    }

    /**
     * Pushes the sum of the {@code index}-th block of L^2 nodes, first adding it to each finished left
     * sibling (one per trailing 1 bit of the index): post-order, as the recursion adds them.
     */
    private static int push(double[] stack, int sp, double v, int index) {
        for (int bits = index; (bits & 1) != 0; bits >>>= 1) {
            v = stack[--sp] + v;
        }
        stack[sp] = v;
        return sp + 1;
    }

    /** The root of a complete tree of 2^depth nodes whose sums went into the batches above. */
    private static double top(double[] stack, DoubleVector leaves, DoubleVector batches, int depth) {
        if (depth >= 2 * BATCH_BITS) {
            return stack[0];
        }
        return depth >= BATCH_BITS ? firstLanes(batches, depth - BATCH_BITS) : firstLanes(leaves, depth);
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

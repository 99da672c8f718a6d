package io.tessella.cli;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.Kernels;
import io.tessella.vector.Reduction;
import io.tessella.vector.VectorOps;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Recipe 3's row sums in the demo: {@code s = m.sum(axis=-1)} over a float64 matrix, by the scalar
 * loops on one thread (the baseline), then the active (vector) path on one thread and on all. Every
 * result is checked bit for bit against the demo's own implementation of NumPy's pairwise summation,
 * written here from {@link Reduction#SUM}'s definition rather than taken from the library.
 *
 * <pre>{@code new RowsumDemo(10, 1_000_000).run(runner);}</pre>
 */
final class RowsumDemo implements DemoStep {
    /** One pass over 10 x 10^6 values takes milliseconds, below the VM's noise, so a row times this many passes. */
    static final int PASSES = 10;

    private final long rows;
    private final long cols;

    RowsumDemo(long rows, long cols) {
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public String name() {
        return "row sums";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "row sums: s = m.sum(axis=-1) over a (%d, %d) float64 matrix, in NumPy's pairwise order; "
                + "time per pass, the mean of %d passes", rows, cols, PASSES);
    }

    @Override
    public List<DemoRow> run(DemoRunner runner) throws Exception {
        List<DemoRow> out = new ArrayList<>();
        try (NdArray m = DemoRunner.allocate(DType.FLOAT64, rows, cols)) {
            SplittableRandom random = new SplittableRandom(3);
            MemorySegment ms = m.contiguousSegment();
            for (long i = 0; i < m.size(); i++) {
                ms.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextDouble(-1.0, 1.0));
            }
            runner.save("rowsum/m.npy", m);
            double[] expected = new double[(int) rows];
            for (int r = 0; r < rows; r++) {
                expected[r] = 0.0 + pairwise(ms, r * cols, cols);
            }
            String active = VectorOps.implementation().name().toLowerCase(Locale.ROOT);
            out.add(runOne(runner, m, expected, "scalar", VectorOps.scalar(), 1, true));
            out.add(runOne(runner, m, expected, active, VectorOps.active(), 1, false));
            if (runner.threads() > 1) {
                out.add(runOne(runner, m, expected, active, VectorOps.active(), runner.threads(), false));
            }
        }
        return out;
    }

    private DemoRow runOne(DemoRunner runner, NdArray m, double[] expected, String label, Kernels impl, int threads, boolean baseline)
            throws Exception {
        ArrayOps ops = ArrayOps.create().parallelism(threads).using(impl);
        // Groups of `threads` rows, so the bar moves and every thread still has a row to sum.
        long group = Math.max(threads, Math.ceilDiv(rows, 10));
        long warmCols = Math.min(cols, DemoRunner.WARM_UP_ELEMENTS);
        try (NdArray w = DemoRunner.allocate(DType.FLOAT64, 1)) {
            runner.warmUp(() -> ops.reduceLastAxis(Reduction.SUM, m.view(new long[] {0, 0}, new long[] {1, warmCols}), w));
        }
        try (NdArray s = DemoRunner.allocateTouched(DType.FLOAT64, rows)) {
            DemoRunner.Measured<Void> run = runner.measure("rowsum " + label + " x" + threads, PASSES * m.size(), bar -> {
                for (int pass = 0; pass < PASSES; pass++) {
                    for (long r0 = 0; r0 < rows; r0 += group) {
                        long r1 = Math.min(rows, r0 + group);
                        ops.reduceLastAxis(Reduction.SUM, m.view(new long[] {r0, 0}, new long[] {r1, cols}), s.view(new long[] {r0}, new long[] {r1}));
                        bar.stepTo(pass * m.size() + r1 * cols);
                    }
                }
                return null;
            });
            runner.tamper(DemoRunner.key("rowsum", label, threads), s);
            String mismatch = null;
            MemorySegment ss = s.contiguousSegment();
            for (int r = 0; r < rows && mismatch == null; r++) {
                double got = ss.getAtIndex(ValueLayout.JAVA_DOUBLE, r);
                if (!DemoChecks.sameBits(got, expected[r])) {
                    mismatch = DemoChecks.differs(r, s.shape(), got, expected[r]);
                }
            }
            if (baseline) {
                runner.save("rowsum/sums.npy", s);
            }
            return new DemoRow(name(), label, threads, run.seconds() / PASSES, m.size() * 8.0, "GB/s read", baseline, false, Double.NaN, run.peakBytes(),
                    mismatch);
        }
    }

    /** NumPy's {@code pairwise_sum} of {@code n} doubles from element {@code off}, as {@link Reduction#SUM} defines it. */
    static double pairwise(MemorySegment a, long off, long n) {
        if (n < 8) {
            double s = -0.0;
            for (long i = 0; i < n; i++) {
                s += a.getAtIndex(ValueLayout.JAVA_DOUBLE, off + i);
            }
            return s;
        }
        if (n <= 128) {
            double[] r = new double[8];
            for (int k = 0; k < 8; k++) {
                r[k] = a.getAtIndex(ValueLayout.JAVA_DOUBLE, off + k);
            }
            long i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int k = 0; k < 8; k++) {
                    r[k] += a.getAtIndex(ValueLayout.JAVA_DOUBLE, off + i + k);
                }
            }
            double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                s += a.getAtIndex(ValueLayout.JAVA_DOUBLE, off + i);
            }
            return s;
        }
        long half = n / 2;
        half -= half % 8;
        return pairwise(a, off, half) + pairwise(a, off + half, n - half);
    }
}

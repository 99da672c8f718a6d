package io.tessella.cli;

import io.tessella.kernel.NativeOuter;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.jobs.OuterImpl;
import io.tessella.vector.VectorOps;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Recipe 1 in the demo: {@code r[i, j] = y[i] * x[j]} with {@code y = arange(M)} (int64) and
 * {@code x = rand(N)}, by the naive per-row loop (one thread, the baseline), the tiled scalar loops,
 * the Vector API and the native C library. Each result is checked element by element against
 * {@code (double) y[i] * x[j]} computed afresh, the value NumPy gives; no second M × N array is
 * allocated, so the full 8 GB size needs 8 GB, not 16.
 *
 * <pre>{@code new OuterDemo(100_000, 10_000).run(runner);}</pre>
 */
final class OuterDemo implements DemoStep {
    /** Bars advance once per row block; about this many blocks per run. */
    private static final long BLOCKS = 64;

    private final long m;
    private final long n;

    OuterDemo(long m, long n) {
        this.m = m;
        this.n = n;
    }

    @Override
    public String name() {
        return "outer product";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "outer product: r = y[:, None] * x[None, :], y = arange(%d) int64, x = rand(%d); %s float64 result",
                m, n, DemoTable.bytes(m * n * 8));
    }

    @Override
    public List<DemoRow> run(DemoRunner runner) throws Exception {
        List<DemoRow> rows = new ArrayList<>();
        try (NdArray y = DemoRunner.allocate(DType.INT64, m); NdArray x = DemoRunner.allocate(DType.FLOAT64, n)) {
            MemorySegment ys = y.contiguousSegment();
            for (long i = 0; i < m; i++) {
                ys.setAtIndex(ValueLayout.JAVA_LONG, i, i);
            }
            SplittableRandom random = new SplittableRandom(1);
            MemorySegment xs = x.contiguousSegment();
            for (long j = 0; j < n; j++) {
                xs.setAtIndex(ValueLayout.JAVA_DOUBLE, j, random.nextDouble());
            }
            runner.save("outer_y.npy", y);
            runner.save("outer_x.npy", x);
            int t = runner.threads();
            rows.add(runOne(runner, y, x, OuterImpl.NAIVE, 1, true));
            rows.add(runOne(runner, y, x, OuterImpl.TILED, t, false));
            if (VectorOps.vector().isPresent()) {
                rows.add(runOne(runner, y, x, OuterImpl.VECTOR, t, false));
            }
            if (NativeOuter.isAvailable()) {
                rows.add(runOne(runner, y, x, OuterImpl.NATIVE, t, false));
            }
        }
        return rows;
    }

    /** Why rows are missing, if any are; null when all four implementations ran. */
    static String missingImplementations() {
        List<String> missing = new ArrayList<>();
        VectorOps.vectorUnavailableReason().ifPresent(r -> missing.add("vector (" + r + ")"));
        if (!NativeOuter.isAvailable()) {
            missing.add("native (" + NativeOuter.unavailabilityCause().getMessage() + ")");
        }
        return missing.isEmpty() ? null : "outer product rows not run: " + String.join("; ", missing);
    }

    private DemoRow runOne(DemoRunner runner, NdArray y, NdArray x, OuterImpl impl, int threads, boolean baseline) throws Exception {
        String label = impl.name().toLowerCase(Locale.ROOT);
        ArrayOps ops = ArrayOps.create().parallelism(threads);
        // The native path picks streaming stores per call by the output's size; blocks at least that
        // large keep the choice it makes for the whole array.
        long minRows = m * n * 8 >= ArrayOps.STREAMING_BYTES ? Math.ceilDiv(ArrayOps.STREAMING_BYTES, n * 8) : 1;
        long blockRows = Math.min(m, Math.max(minRows, Math.ceilDiv(m, BLOCKS)));
        long warmRows = Math.clamp(DemoRunner.WARM_UP_ELEMENTS / n, 1, m);
        try (NdArray w = DemoRunner.allocate(DType.FLOAT64, warmRows, n)) {
            runner.warmUp(() -> ops.outer(w, y.view(new long[] {0}, new long[] {warmRows}), x, impl));
        }
        try (NdArray r = DemoRunner.allocateTouched(DType.FLOAT64, m, n)) {
            DemoRunner.Measured<Void> run = runner.measure("outer " + label, m * n, bar -> {
                // Row blocks only so the bar moves; each block is still cut into tiles for all threads.
                for (long r0 = 0; r0 < m; r0 += blockRows) {
                    long r1 = Math.min(m, r0 + blockRows);
                    ops.outer(r.view(new long[] {r0, 0}, new long[] {r1, n}), y.view(new long[] {r0}, new long[] {r1}), x, impl);
                    bar.stepTo(r1 * n);
                }
                return null;
            });
            runner.tamper(DemoRunner.key("outer", label, threads), r);
            String mismatch = verify(r, y, x);
            if (baseline) {
                runner.save("outer.npy", r);
            }
            return new DemoRow(name(), label, threads, run.seconds(), m * n * 8.0, "GB/s written", baseline, false, Double.NaN, run.peakBytes(),
                    mismatch);
        }
    }

    /** The reference: NumPy converts int64 y to float64 and rounds one product per element. */
    private String verify(NdArray r, NdArray y, NdArray x) {
        MemorySegment rs = r.contiguousSegment();
        MemorySegment ys = y.contiguousSegment();
        MemorySegment xs = x.contiguousSegment();
        for (long i = 0; i < m; i++) {
            double yi = (double) ys.getAtIndex(ValueLayout.JAVA_LONG, i);
            long base = i * n;
            for (long j = 0; j < n; j++) {
                double expected = yi * xs.getAtIndex(ValueLayout.JAVA_DOUBLE, j);
                double got = rs.getAtIndex(ValueLayout.JAVA_DOUBLE, base + j);
                if (!DemoChecks.sameBits(got, expected)) {
                    return DemoChecks.differs(base + j, r.shape(), got, expected);
                }
            }
        }
        return null;
    }
}

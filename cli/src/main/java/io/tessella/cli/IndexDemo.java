package io.tessella.cli;

import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.Kernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Recipe 2 in the demo: over 2-D {@code a1}, {@code a2}, skip {@code a1 <= -1e10}, call
 * {@code slow_computation(a2, a1, &idx)} and emit {@code (x, y, idx)} where it returns 0. The baseline
 * and the reference is the demo's own serial loop, written here as the recipe writes it (one kernel
 * call per element, row-major, one thread); the {@link IndexBuilder} then runs per element and in
 * batches, on one thread and on all, and each of its outputs must equal the loop's exactly: same
 * counts, same coordinates, same indices, same order.
 *
 * <pre>{@code new IndexDemo(10_000, 10_000, Kernel.best()).run(runner);}</pre>
 */
final class IndexDemo implements DemoStep {
    private static final double SENTINEL = IndexBuilder.DEFAULT_SENTINEL;

    private final long rows;
    private final long cols;
    private final Kernel kernel;

    IndexDemo(long rows, long cols, Kernel kernel) {
        this.rows = rows;
        this.cols = cols;
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "index builder";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "index builder: %d x %d float64 a1, a2 (%,d elements; ~10%% below the sentinel, ~1%% outside "
                + "the kernel's domain)", rows, cols, rows * cols);
    }

    /**
     * The serial loop's outputs (off-heap, sized by an untimed count of the sentinel's survivors, so
     * the reference neither grows arrays while timed nor fills the Java heap) and counts.
     */
    private record Reference(NdArray xs, NdArray ys, NdArray idxs, long emitted, long skipped, long failed) implements AutoCloseable {
        @Override
        public void close() {
            xs.close();
            ys.close();
            idxs.close();
        }
    }

    @Override
    public List<DemoRow> run(DemoRunner runner) throws Exception {
        List<DemoRow> rows = new ArrayList<>();
        try (NdArray a1 = DemoRunner.allocate(DType.FLOAT64, this.rows, cols); NdArray a2 = DemoRunner.allocate(DType.FLOAT64, this.rows, cols)) {
            generate(a1, a2);
            runner.save("index/a1.npy", a1);
            runner.save("index/a2.npy", a2);
            long size = a1.size();
            NdArray w1 = warmUpRows(a1);
            NdArray w2 = warmUpRows(a2);
            runner.warmUp(() -> serialLoop(w1, w2, survivors(w1), ProgressBars.hidden()).close());
            long capacity = survivors(a1);
            DemoRunner.Measured<Reference> ref = runner.measure("index serial loop", size, bar -> serialLoop(a1, a2, capacity, bar));
            try (Reference reference = ref.value()) {
                rows.add(new DemoRow(name(), "serial loop", 1, ref.seconds(), size, "elements/s", true, true, Double.NaN, ref.peakBytes(), null));
                int t = runner.threads();
                for (IndexMode mode : new IndexMode[] {IndexMode.ELEMENT, IndexMode.BATCH}) {
                    rows.add(runOne(runner, a1, a2, reference, mode, 1, t == 1 && mode == IndexMode.BATCH));
                    if (t > 1) {
                        rows.add(runOne(runner, a1, a2, reference, mode, t, mode == IndexMode.BATCH));
                    }
                }
            }
        }
        return rows;
    }

    /** Inputs with every branch of the loop taken: sentinel skips, domain failures, successes. */
    private static void generate(NdArray a1, NdArray a2) {
        SplittableRandom random = new SplittableRandom(2);
        MemorySegment s1 = a1.contiguousSegment();
        MemorySegment s2 = a2.contiguousSegment();
        for (long i = 0; i < a1.size(); i++) {
            double u = random.nextDouble();
            s1.setAtIndex(ValueLayout.JAVA_DOUBLE, i, u < 0.1 ? -1.0e11 : random.nextDouble(-100.0, 100.0));
            s2.setAtIndex(ValueLayout.JAVA_DOUBLE, i, u > 0.99 ? 2.0e9 : random.nextDouble(-100.0, 100.0));
        }
    }

    /** Elements that pass the sentinel test: at least as many as the loop can emit. */
    private static long survivors(NdArray a1) {
        MemorySegment s1 = a1.contiguousSegment();
        long n = 0;
        for (long i = 0; i < a1.size(); i++) {
            if (!(s1.getAtIndex(ValueLayout.JAVA_DOUBLE, i) <= SENTINEL)) {
                n++;
            }
        }
        return n;
    }

    /** The recipe's loop, as plainly as it is written, into outputs of {@code capacity} elements. */
    private Reference serialLoop(NdArray a1, NdArray a2, long capacity, ProgressBars bar) {
        long rows = a1.length(0);
        long cols = a1.length(1);
        MemorySegment s1 = a1.contiguousSegment();
        MemorySegment s2 = a2.contiguousSegment();
        NdArray xa = DemoRunner.allocate(DType.INT64, capacity);
        NdArray ya = DemoRunner.allocate(DType.INT64, capacity);
        NdArray ia = DemoRunner.allocate(DType.INT64, capacity);
        MemorySegment xs = capacity == 0 ? MemorySegment.NULL : xa.contiguousSegment();
        MemorySegment ys = capacity == 0 ? MemorySegment.NULL : ya.contiguousSegment();
        MemorySegment idxs = capacity == 0 ? MemorySegment.NULL : ia.contiguousSegment();
        long emitted = 0;
        long skipped = 0;
        long failed = 0;
        try (Arena arena = Arena.ofConfined(); Kernel.Leased k = kernel.lease()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            for (long x = 0; x < rows; x++) {
                for (long y = 0; y < cols; y++) {
                    long flat = x * cols + y;
                    double v1 = s1.getAtIndex(ValueLayout.JAVA_DOUBLE, flat);
                    if (v1 <= SENTINEL) {
                        skipped++;
                        continue;
                    }
                    int status = k.slowComputation(s2.getAtIndex(ValueLayout.JAVA_DOUBLE, flat), v1, out);
                    if (status != 0) {
                        failed++;
                        continue;
                    }
                    xs.setAtIndex(ValueLayout.JAVA_LONG, emitted, x);
                    ys.setAtIndex(ValueLayout.JAVA_LONG, emitted, y);
                    idxs.setAtIndex(ValueLayout.JAVA_LONG, emitted, out.get(ValueLayout.JAVA_LONG, 0));
                    emitted++;
                }
                bar.stepTo((x + 1) * cols);
            }
        }
        return new Reference(xa, ya, ia, emitted, skipped, failed);
    }

    private DemoRow runOne(DemoRunner runner, NdArray a1, NdArray a2, Reference reference, IndexMode mode, int threads, boolean keep)
            throws Exception {
        String label = mode == IndexMode.ELEMENT ? "per element" : "batch";
        IndexBuilder builder = IndexBuilder.create().kernel(kernel).sentinel(SENTINEL).mode(mode).parallelism(threads);
        runner.warmUp(() -> builder.run(warmUpRows(a1), warmUpRows(a2)).close());
        DemoRunner.Measured<IndexResult> run = runner.measure("index " + label + " x" + threads, a1.size(),
                bar -> builder.progress(bar.listener(), bar.interval()).run(a1, a2));
        try (IndexResult r = run.value()) {
            NdArray xs = r.coordinates().get(0);
            NdArray ys = r.coordinates().get(1);
            NdArray idxs = r.idxs();
            runner.tamper(DemoRunner.key("index", label, threads), idxs);
            String mismatch = verify(r, reference);
            if (keep) {
                runner.save("index/xs.npy", xs);
                runner.save("index/ys.npy", ys);
                runner.save("index/idxs.npy", idxs);
            }
            return new DemoRow(name(), label, threads, run.seconds(), a1.size(), "elements/s", false, false, Double.NaN, run.peakBytes(), mismatch);
        }
    }

    /** The first rows, about {@link DemoRunner#WARM_UP_ELEMENTS} elements, for warming up the JIT untimed. */
    private static NdArray warmUpRows(NdArray a) {
        long r = Math.clamp(DemoRunner.WARM_UP_ELEMENTS / Math.max(1, a.length(1)), 1, a.length(0));
        return a.view(new long[] {0, 0}, new long[] {r, a.length(1)});
    }

    private static String verify(IndexResult r, Reference ref) {
        var c = r.counts();
        if (c.emitted() != ref.emitted() || c.skipped() != ref.skipped() || c.failed() != ref.failed()) {
            return String.format(Locale.ROOT, "counts differ: emitted/skipped/failed %d/%d/%d, expected %d/%d/%d", c.emitted(), c.skipped(),
                    c.failed(), ref.emitted(), ref.skipped(), ref.failed());
        }
        String[] names = {"xs", "ys", "idxs"};
        NdArray[] got = {r.coordinates().get(0), r.coordinates().get(1), r.idxs()};
        NdArray[] expected = {ref.xs(), ref.ys(), ref.idxs()};
        for (int a = 0; a < 3; a++) {
            if (ref.emitted() == 0) {
                break;
            }
            MemorySegment s = got[a].contiguousSegment();
            MemorySegment e = expected[a].contiguousSegment();
            for (long i = 0; i < ref.emitted(); i++) {
                long g = s.getAtIndex(ValueLayout.JAVA_LONG, i);
                long want = e.getAtIndex(ValueLayout.JAVA_LONG, i);
                if (g != want) {
                    return names[a] + " " + DemoChecks.differs(i, got[a].shape(), g, want);
                }
            }
        }
        return null;
    }
}

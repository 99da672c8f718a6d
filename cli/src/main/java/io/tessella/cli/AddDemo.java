package io.tessella.cli;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.tiling.Cut;
import io.tessella.tiling.Tiling;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.Kernels;
import io.tessella.vector.VectorOps;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Recipe 4 in the demo: {@code out[:, i:i+4, j:j+4] = a[:, i:i+4, j:j+4] + b[:, i:i+4, j:j+4]} over a
 * (days, height, width) float64 cube, by the naive loops in 4 × 4 tiles on one thread (the baseline),
 * the active (vector) path in the same 4 × 4 tiles on all threads, and, for contrast, the same path
 * tiled by whole rows. Every result is checked element by element against {@code a + b}.
 *
 * <pre>{@code new AddDemo(365, 256, 256).run(runner);}</pre>
 */
final class AddDemo implements DemoStep {
    private static final long TILE = 4;

    private final long days;
    private final long height;
    private final long width;

    AddDemo(long days, long height, long width) {
        this.days = days;
        this.height = height;
        this.width = width;
    }

    @Override
    public String name() {
        return "4x4 tile add";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "4x4 tile add: out = a + b over a (%d, %d, %d) float64 cube in 4 x 4 tiles over the last two axes%s",
                days, height, width, height == 16 && width == 16 ? "" : " (recipe 4's cube is (365, 16, 16); scaled up so the times mean something)");
    }

    @Override
    public List<DemoRow> run(DemoRunner runner) throws Exception {
        List<DemoRow> rows = new ArrayList<>();
        try (NdArray a = DemoRunner.allocate(DType.FLOAT64, days, height, width); NdArray b = DemoRunner.allocate(DType.FLOAT64, days, height, width)) {
            SplittableRandom random = new SplittableRandom(4);
            MemorySegment as = a.contiguousSegment();
            MemorySegment bs = b.contiguousSegment();
            for (long i = 0; i < a.size(); i++) {
                as.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextDouble(-1.0, 1.0));
                bs.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextDouble(-1.0, 1.0));
            }
            runner.save("add/a.npy", a);
            runner.save("add/b.npy", b);
            int t = runner.threads();
            rows.add(runOne(runner, a, b, "naive 4x4 tiles", VectorOps.naive(), 1, true, true));
            rows.add(runOne(runner, a, b, VectorOps.implementation().name().toLowerCase(Locale.ROOT) + " 4x4 tiles", VectorOps.active(), t, true,
                    false));
            rows.add(runOne(runner, a, b, VectorOps.implementation().name().toLowerCase(Locale.ROOT) + " row tiles", VectorOps.active(), t, false,
                    false));
        }
        return rows;
    }

    private DemoRow runOne(DemoRunner runner, NdArray a, NdArray b, String label, Kernels impl, int threads, boolean fourByFour,
            boolean baseline) throws Exception {
        ArrayOps ops = ArrayOps.create().parallelism(threads).using(impl);
        // Bands of whole 4-row tile rows, only so the bar moves: every band is cut into the recipe's own
        // [:, i:i+4, j:j+4] tiles, or into row tiles for the contrast row.
        long warmDays = Math.clamp(DemoRunner.WARM_UP_ELEMENTS / (height * width), 1, days);
        try (NdArray w = DemoRunner.allocate(DType.FLOAT64, warmDays, height, width)) {
            long[] start = {0, 0, 0};
            long[] stop = {warmDays, height, width};
            Tiling tiling = fourByFour ? Tiling.of(w.shape(), Cut.whole(), Cut.blocks(TILE), Cut.blocks(TILE)) : null;
            runner.warmUp(() -> ops.elementwise(BinaryOp.ADD, w, a.view(start, stop), b.view(start, stop), tiling));
        }
        long bandRows = Math.max(TILE, Math.ceilDiv(Math.ceilDiv(height, 16), TILE) * TILE);
        try (NdArray out = DemoRunner.allocateTouched(DType.FLOAT64, days, height, width)) {
            DemoRunner.Measured<Void> run = runner.measure("add " + label, a.size(), bar -> {
                for (long h0 = 0; h0 < height; h0 += bandRows) {
                    long h1 = Math.min(height, h0 + bandRows);
                    long[] start = {0, h0, 0};
                    long[] stop = {days, h1, width};
                    NdArray ov = out.view(start, stop);
                    Tiling tiling = fourByFour ? Tiling.of(ov.shape(), Cut.whole(), Cut.blocks(TILE), Cut.blocks(TILE)) : null;
                    ops.elementwise(BinaryOp.ADD, ov, a.view(start, stop), b.view(start, stop), tiling);
                    bar.stepTo(days * h1 * width);
                }
                return null;
            });
            runner.tamper(DemoRunner.key("add", label, threads), out);
            String mismatch = verify(out, a, b);
            if (baseline) {
                runner.save("add/out.npy", out);
            }
            return new DemoRow(name(), label, threads, run.seconds(), out.size() * 8.0, "GB/s written", baseline, false, Double.NaN,
                    run.peakBytes(), mismatch);
        }
    }

    private static String verify(NdArray out, NdArray a, NdArray b) {
        MemorySegment os = out.contiguousSegment();
        MemorySegment as = a.contiguousSegment();
        MemorySegment bs = b.contiguousSegment();
        for (long i = 0; i < out.size(); i++) {
            double expected = as.getAtIndex(ValueLayout.JAVA_DOUBLE, i) + bs.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            double got = os.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            if (!DemoChecks.sameBits(got, expected)) {
                return DemoChecks.differs(i, out.shape(), got, expected);
            }
        }
        return null;
    }
}

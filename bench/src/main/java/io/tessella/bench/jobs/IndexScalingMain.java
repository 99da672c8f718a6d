package io.tessella.bench.jobs;

import io.tessella.bench.BenchLibraries;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Parallel scaling of the index builder for kernels of at least 100 ns, at both ends of that range:
 * the bundled definition at 11 rounds (about 100 ns a call, the bench-only {@code tessella_kernel_100ns})
 * and the bundled heavy kernel (about 7 µs). For each, the kernel's own cost (one batch call over
 * the inputs, best of 6), then 1 and 2 threads in both call modes, best of 6 runs each. A main
 * rather than JMH because one run is a fraction of a second to seconds long and the figure asked for
 * is a ratio of two of them.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.tessella.bench.jobs.IndexScalingMain
 * }</pre>
 */
public final class IndexScalingMain {
    private static final int REPS = 6;

    public static void main(String[] args) throws Exception {
        try (NativeKernel k100 = BenchLibraries.openKernel("tessella_kernel_100ns", Linkage.CRITICAL)) {
            run("100 ns kernel", k100, 1024, 1024);
        }
        try (NativeKernel heavy = NativeKernel.openBundled("tessella_kernel_heavy", Linkage.CRITICAL)) {
            run("heavy kernel", heavy, 512, 512);
        }
    }

    private static void run(String name, NativeKernel kernel, int rows, int cols) throws InterruptedException {
        long n = (long) rows * cols;
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = NdArray.allocate(arena, DType.FLOAT64, rows, cols);
            NdArray a2 = NdArray.allocate(arena, DType.FLOAT64, rows, cols);
            SplittableRandom rnd = new SplittableRandom(7);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    a1.setDouble(rnd.nextInt(20) == 0 ? -1e10 : rnd.nextDouble(-1000, 1000), i, j);
                    a2.setDouble(rnd.nextDouble(-1000, 1000), i, j);
                }
            }
            // The kernel alone, as a C loop runs it: every element, sentinels included, one thread.
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, n), status = arena.allocate(ValueLayout.JAVA_INT, n);
            double call = Double.MAX_VALUE;
            for (int rep = 0; rep < REPS; rep++) {
                long t0 = System.nanoTime();
                kernel.slowComputationBatch(a2.contiguousSegment(), a1.contiguousSegment(), n, out, status);
                call = Math.min(call, (System.nanoTime() - t0) / (double) n);
            }
            System.out.printf("%s: %.0f ns per call (one batch call over all %d elements, 1 thread; the 1 in 20 that are sentinels"
                    + " fail its domain check at once)%n", name, call, n);
            for (IndexMode mode : new IndexMode[] {IndexMode.ELEMENT, IndexMode.BATCH}) {
                double[] best = {0, Double.MAX_VALUE, Double.MAX_VALUE};
                for (int threads = 1; threads <= 2; threads++) {
                    IndexBuilder b = IndexBuilder.create().kernel(kernel).mode(mode).parallelism(threads);
                    for (int rep = 0; rep < REPS; rep++) {
                        try (IndexResult r = b.run(a1, a2)) {
                            best[threads] = Math.min(best[threads], r.elapsed().toNanos() / (double) n);
                        }
                    }
                }
                System.out.printf("%s, %s: 1 thread %.0f ns/element, 2 threads %.0f ns/element, speed-up %.2fx%n",
                        name, mode, best[1], best[2], best[1] / best[2]);
            }
        }
    }
}

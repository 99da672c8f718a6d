package io.tessella.bench.jobs;

import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.util.SplittableRandom;

/**
 * Parallel scaling of the index builder for a kernel of at least 100 ns: the bundled heavy kernel
 * (about 7 µs a call) on 1 and on 2 threads, both call modes, best of 6 runs each. A main rather
 * than JMH because one run is seconds long and the figure asked for is a ratio of two of them.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.tessella.bench.jobs.IndexScalingMain
 * }</pre>
 */
public final class IndexScalingMain {
    public static void main(String[] args) throws Exception {
        int rows = 512, cols = 512;
        try (Arena arena = Arena.ofShared(); NativeKernel heavy = NativeKernel.openBundled("tessella_kernel_heavy", Linkage.CRITICAL)) {
            NdArray a1 = NdArray.allocate(arena, DType.FLOAT64, rows, cols);
            NdArray a2 = NdArray.allocate(arena, DType.FLOAT64, rows, cols);
            SplittableRandom rnd = new SplittableRandom(7);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    a1.setDouble(rnd.nextInt(20) == 0 ? -1e10 : rnd.nextDouble(-1000, 1000), i, j);
                    a2.setDouble(rnd.nextDouble(-1000, 1000), i, j);
                }
            }
            for (IndexMode mode : new IndexMode[] {IndexMode.ELEMENT, IndexMode.BATCH}) {
                double[] best = {0, Double.MAX_VALUE, Double.MAX_VALUE};
                for (int threads = 1; threads <= 2; threads++) {
                    IndexBuilder b = IndexBuilder.create().kernel(heavy).mode(mode).parallelism(threads);
                    for (int rep = 0; rep < 6; rep++) {
                        try (IndexResult r = b.run(a1, a2)) {
                            best[threads] = Math.min(best[threads], r.elapsed().toNanos() / (double) (rows * cols));
                        }
                    }
                }
                System.out.printf("heavy kernel, %s: 1 thread %.0f ns/element, 2 threads %.0f ns/element, speed-up %.2fx%n",
                        mode, best[1], best[2], best[1] / best[2]);
            }
        }
    }
}

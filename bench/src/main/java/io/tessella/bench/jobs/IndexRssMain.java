package io.tessella.bench.jobs;

import io.tessella.io.NpyFile;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A long index build on {@code .npy} files, for the figures JMH cannot give: peak resident memory
 * (total, and anonymous: the outputs stream to their files and must not show there), and whether the rate holds from the first 10% of tiles to the
 * last (wall-clock, tiles in the order they were done). Run it in a JVM of its own, with the memory
 * flags {@code bin/tessella} uses:
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -Xmx256m -XX:+UseSerialGC -Xmn16m -XX:TrimNativeHeapInterval=1000 \
 *      -cp bench/target/benchmarks.jar io.tessella.bench.jobs.IndexRssMain /tmp/rss 100000000 2 [runs] [sentinel share, 0.05] [files|memory]
 * }</pre>
 *
 * <p>{@code files} (the default) streams the results into {@code DIR/out}; {@code memory} keeps them in
 * memory as the builder does without an output directory when they fit, for comparing the two paths'
 * time per element on the same inputs.
 */
public final class IndexRssMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/tessella-rss");
        long n = args.length > 1 ? Long.parseLong(args[1]) : 100_000_000L;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        // The share of elements at the sentinel: a larger one keeps a 10^9-scale run's outputs inside a small disk.
        double sentinelShare = args.length > 4 ? Double.parseDouble(args[4]) : 0.05;
        boolean toFiles = args.length <= 5 || switch (args[5]) {
            case "files" -> true;
            case "memory" -> false;
            default -> throw new IllegalArgumentException("results = " + args[5] + " is not files or memory");
        };
        long cols = 10_000, rows = n / cols;
        Files.createDirectories(dir);
        Path p1 = dir.resolve("a1.npy"), p2 = dir.resolve("a2.npy");
        if (!Files.exists(p1) || NpyFile.readHeader(p1).shape()[0] != rows) {
            write(p1, rows, cols, 1, sentinelShare);
            write(p2, rows, cols, 2, 0);
        }
        long before = peakRssKb();
        for (int run = 1; run <= runs; run++) {
            // Measured (session 5): a later run reads its inputs from the page cache, but its outputs are fresh
            // mappings again, first on pages the previous run freed and then on pages the hypervisor must
            // back anew, so its last decile can be slower than its first (clear_page_erms in perf -a).
            System.out.println("run " + run + (run > 1 ? " (inputs already in the page cache; outputs are fresh mappings again)" : ""));
            runOnce(dir, p1, p2, threads, before, toFiles);
        }
    }

    private static void runOnce(Path dir, Path p1, Path p2, int threads, long before, boolean toFiles) throws Exception {
        long[] peakAnon = {status("RssAnon:")}, peakFile = {status("RssFile:")};
        long anonBefore = peakAnon[0];
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) {
                try {
                    peakAnon[0] = Math.max(peakAnon[0], status("RssAnon:"));
                    peakFile[0] = Math.max(peakFile[0], status("RssFile:"));
                    Thread.sleep(10);
                } catch (Exception e) {
                    return;
                }
            }
        });
        try (NdArray a1 = NpyFile.open(p1, NpyFile.Mode.READ_ONLY); NdArray a2 = NpyFile.open(p2, NpyFile.Mode.READ_ONLY);
             IndexResult r = (toFiles ? IndexBuilder.create().outputDirectory(dir.resolve("out"), io.tessella.io.WriteOption.OVERWRITE)
                     : IndexBuilder.create()).kernel(NativeKernel.bundled()).parallelism(threads).run(a1, a2)) {
            done.set(true);
            sampler.join();
            long inputs = Files.size(p1) + Files.size(p2);
            long outputs = 3 * 8 * r.counts().emitted();
            long peak = peakRssKb() * 1024;
            System.out.printf("results %s: ", toFiles ? "streamed to files" : "in memory");
            System.out.printf("elements %d, threads %d, mode %s, kernel pass %.2f s, %.1f ns/element%n", r.counts().visited(), threads,
                    r.mode(), r.elapsed().toNanos() / 1e9, r.elapsed().toNanos() / (double) r.counts().visited());
            System.out.printf("wall-clock rate over the first 10%% of tiles done %.3g el/s, over the last 10%% %.3g el/s (last/first = %.3f)%n",
                    r.rateFirstDecile(), r.rateLastDecile(), r.rateLastDecile() / r.rateFirstDecile());
            System.out.printf("peak RSS %.1f MB; inputs %.1f MB + outputs %.1f MB = %.1f MB; peak - (inputs + outputs) = %.1f MB"
                    + " (JVM before the job: %.1f MB)%n", peak / 1e6, inputs / 1e6, outputs / 1e6, (inputs + outputs) / 1e6,
                    (peak - inputs - outputs) / 1e6, before * 1024 / 1e6);
            System.out.printf("peak RssAnon %.1f MB (%.1f MB before the job), peak RssFile %.1f MB%s%n",
                    peakAnon[0] / 1e6, anonBefore / 1e6, peakFile[0] / 1e6, toFiles ? ": the outputs stream to their files" : "");
        } finally {
            done.set(true);
            sampler.join();
        }
    }

    /** A {@code /proc/self/status} field in bytes. */
    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static void write(Path p, long rows, long cols, long seed, double sentinelShare) {
        try (io.tessella.io.NpyOutput out = NpyFile.create(p, DType.FLOAT64, rows, cols)) {
            SplittableRandom rnd = new SplittableRandom(seed);
            var seg = out.array().contiguousSegment();
            for (long i = 0; i < rows * cols; i++) {
                double v = rnd.nextDouble() < sentinelShare ? -1.0e10 : rnd.nextDouble(-1000, 1000);
                seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, v);
            }
            out.commit();
        }
    }

    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

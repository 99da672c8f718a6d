package io.tessella.jobs;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyOutput;
import io.tessella.kernel.JavaKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For {@code IndexStreamingTest}: builds the index of two 2^23-element inputs (no sentinels: every
 * element emitted) and prints the peak growth of its {@code RssAnon}, sampled every millisecond, over
 * what it was before the build. {@code stream}: into an output directory; {@code memory}: in memory.
 */
public final class IndexRssChild {
    private IndexRssChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean stream = args[1].equals("stream");
        Path in1 = dir.resolve("a1.npy"), in2 = dir.resolve("a2.npy");
        if (!Files.exists(in2)) {
            write(in1, 1);
            write(in2, 2);
        }
        try (NdArray a1 = NpyFile.open(in1, NpyFile.Mode.READ_ONLY); NdArray a2 = NpyFile.open(in2, NpyFile.Mode.READ_ONLY)) {
            IndexBuilder b = IndexBuilder.create().kernel(JavaKernel.STANDARD).parallelism(2);
            b = stream ? b.outputDirectory(dir.resolve("out-" + System.nanoTime())) : b.inMemoryLimit(Long.MAX_VALUE);
            long before = rssAnon();
            AtomicLong peak = new AtomicLong(before);
            AtomicBoolean done = new AtomicBoolean();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!done.get()) {
                    peak.accumulateAndGet(rssAnon(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (IndexResult r = b.run(a1, a2)) {
                // Touch what memory holds, so a lazily faulted result counts as it would for a user.
                long sum = 0;
                for (long i = 0; i < r.idxs().size(); i += 512) {
                    sum += r.idxs().getLong(i);
                }
                peak.accumulateAndGet(rssAnon(), Math::max);
                System.out.println("emitted " + r.counts().emitted() + " checksum " + sum);
            } finally {
                done.set(true);
                sampler.join();
            }
            System.out.println("peak RssAnon growth " + (peak.get() - before));
        }
    }

    private static void write(Path p, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, 1 << 23)) {
            var s = out.array().contiguousSegment();
            for (long i = 0; i < 1 << 23; i++) {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble(-400, 400));
            }
            out.commit();
        }
    }

    private static long rssAnon() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no RssAnon in /proc/self/status");
    }
}

package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.io.NpyFile;
import io.tessella.io.OutputDirectory;
import io.tessella.kernel.JavaKernel;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the results go does not change them: in memory, streamed into an output directory, spilled to
 * files when they would not fit in memory, or grown in a checkpoint, every way gives the serial loop's
 * arrays. And streamed results are not held in the process's anonymous memory.
 */
class IndexStreamingTest {

    private static List<long[]> contents(IndexResult r) {
        List<long[]> all = new ArrayList<>();
        for (NdArray a : r.coordinates()) {
            all.add(a.contiguousSegment().toArray(java.lang.foreign.ValueLayout.JAVA_LONG));
        }
        all.add(r.idxs().contiguousSegment().toArray(java.lang.foreign.ValueLayout.JAVA_LONG));
        return all;
    }

    @Property(tries = 25)
    void everyPlaceForTheResultsGivesTheSerialLoopsArrays(@ForAll @IntRange(min = 0, max = 70) int rows, @ForAll @IntRange(min = 1, max = 90) int cols,
            @ForAll @IntRange(min = 1, max = 700) int tile, @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll long seed) throws Exception {
        Path dir = Files.createTempDirectory("index-streaming-");
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, seed, true, rows, cols);
            NdArray a2 = IndexInputs.fill(arena, seed + 1, false, rows, cols);
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            IndexBuilder b = IndexBuilder.create().kernel(JavaKernel.STANDARD).tileElements(tile).parallelism(threads);
            List<IndexBuilder> ways = List.of(b.inMemoryLimit(Long.MAX_VALUE), b.inMemoryLimit(0).spillDirectory(dir),
                    b.outputDirectory(dir.resolve("out")), b.checkpoint(dir.resolve("ckpt")),
                    b.checkpoint(dir.resolve("ckpt2")).outputDirectory(dir.resolve("out2")));
            List<String> names = List.of("memory", "spill", "output directory", "checkpoint", "checkpoint and output directory");
            for (int w = 0; w < ways.size(); w++) {
                try (IndexResult r = ways.get(w).run(a1, a2)) {
                    IndexAssertions.assertMatches(expected, r, names.get(w));
                }
            }
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of("out", "out2"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                        "the spill files and the checkpoints are gone; the outputs stay");
            }
            try (NdArray idxs = NpyFile.open(dir.resolve("out2/idxs.npy"), NpyFile.Mode.READ_ONLY)) {
                assertEquals(-1, Files.mismatch(dir.resolve("out/idxs.npy"), dir.resolve("out2/idxs.npy")));
                assertEquals(expected.idxs.size(), idxs.size());
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aCallerOwnedOutputHoldsStreamedFilesThatTheResultStillReadsAfterTheCommit(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofShared(); OutputDirectory od = OutputDirectory.create(dir.resolve("out"))) {
            NdArray a1 = IndexInputs.fill(arena, 5, true, 30, 40);
            NdArray a2 = IndexInputs.fill(arena, 6, false, 30, 40);
            try (IndexResult r = IndexBuilder.create().kernel(JavaKernel.STANDARD).tileElements(64).output(od).run(a1, a2)) {
                od.commit();
                IndexAssertions.assertMatches(SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2), r, "after the commit");
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve("out/idxs.npy")));
    }

    /**
     * A child JVM builds the index of 2^23 elements twice and reports its peak anonymous resident memory
     * ({@code RssAnon}) over its own start: streamed into an output directory it stays far below the
     * 200 MB of outputs; held in memory it grows by about them (which shows the probe can see it).
     */
    @Test
    void streamedOutputsAreNotHeldInAnonymousMemory(@TempDir Path dir) throws Exception {
        long streamed = childPeak(dir, "stream");
        long held = childPeak(dir, "memory");
        long outputs = 3L * 8 * (1 << 23);
        assertTrue(held > outputs / 2, "held in memory the outputs show in RssAnon: grew by " + held + " bytes of " + outputs);
        assertTrue(streamed < 64L << 20, "streamed, RssAnon grew by " + streamed + " bytes for " + outputs + " bytes of outputs");
    }

    private static long childPeak(Path dir, String mode) throws Exception {
        Path log = dir.resolve(mode + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx96m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), IndexRssChild.class.getName(), dir.toString(), mode)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child ended");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        String line = out.lines().filter(l -> l.startsWith("peak RssAnon growth ")).findFirst().orElseThrow(() -> new AssertionError(out));
        return Long.parseLong(line.substring("peak RssAnon growth ".length()).strip());
    }
}

package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.exec.JobFailedException;
import io.tessella.io.NpyFile;
import io.tessella.kernel.JavaKernel;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming: only unfinished tiles are recomputed and the outputs are byte-identical to an uninterrupted run. */
class IndexCheckpointTest {

    private static void assertSameFiles(Path expectedDir, Path actualDir) throws IOException {
        for (String name : new String[] {"xs.npy", "ys.npy", "idxs.npy"}) {
            assertEquals(-1, Files.mismatch(expectedDir.resolve(name), actualDir.resolve(name)), name + " differs");
        }
    }

    @Test
    void aFailedRunResumesFromItsCheckpointWithIdenticalOutputs(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 11, true, 60, 70);
            NdArray a2 = IndexInputs.fill(arena, 12, false, 60, 70);
            IndexBuilder base = IndexBuilder.create().kernel(JavaKernel.STANDARD).tileElements(100).mode(IndexMode.ELEMENT);
            try (IndexResult clean = base.parallelism(2).outputDirectory(dir.resolve("clean")).run(a1, a2)) {
                assertEquals(0, clean.resumedTiles());
            }
            Path ckpt = dir.resolve("ckpt");
            IndexBuilder crashing = base.parallelism(1).kernel(new SlowKernel(JavaKernel.STANDARD, 0, 2500))
                    .checkpoint(ckpt).outputDirectory(dir.resolve("resumed"));
            JobFailedException failure = assertThrows(JobFailedException.class, () -> crashing.run(a1, a2));
            assertTrue(failure.getCause().getMessage().contains("injected failure"), String.valueOf(failure.getCause()));
            assertTrue(Files.exists(ckpt.resolve("journal.bin")) && Files.size(ckpt.resolve("journal.bin")) > 0);
            assertFalse(Files.exists(dir.resolve("resumed").resolve("idxs.npy")), "no output appears from a failed run");

            try (IndexResult resumed = base.parallelism(2).checkpoint(ckpt).outputDirectory(dir.resolve("resumed")).run(a1, a2)) {
                assertTrue(resumed.resumedTiles() > 0 && resumed.resumedTiles() < resumed.tiles(),
                        "resumed " + resumed.resumedTiles() + " of " + resumed.tiles());
            }
            assertSameFiles(dir.resolve("clean"), dir.resolve("resumed"));
            assertFalse(Files.exists(ckpt), "the checkpoint is removed once the outputs are complete");
        }
    }

    @Test
    void aCheckpointOfOtherSettingsOrInputsIsRefused(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 13, true, 30, 30);
            NdArray a2 = IndexInputs.fill(arena, 14, false, 30, 30);
            Path ckpt = dir.resolve("ckpt");
            IndexBuilder b = IndexBuilder.create().kernel(new SlowKernel(JavaKernel.STANDARD, 0, 400)).parallelism(1).tileElements(50)
                    .checkpoint(ckpt);
            assertThrows(JobFailedException.class, () -> b.run(a1, a2));

            CheckpointException sentinel = assertThrows(CheckpointException.class,
                    () -> b.kernel(JavaKernel.STANDARD).sentinel(0.0).run(a1, a2));
            assertTrue(sentinel.getMessage().contains("belongs to another job: sentinel was -1.0E10"), sentinel.getMessage());

            CheckpointException inputs = assertThrows(CheckpointException.class,
                    () -> b.kernel(JavaKernel.STANDARD).run(a2, a2));
            assertTrue(inputs.getMessage().contains("a1.crc32c"), inputs.getMessage());

            CheckpointException kernel = assertThrows(CheckpointException.class,
                    () -> b.kernel(JavaKernel.HEAVY).run(a1, a2));
            assertTrue(kernel.getMessage().contains("kernel.fingerprint"), kernel.getMessage());

            // Threads and call mode do not change results, so they may differ on resume.
            try (IndexResult r = b.kernel(JavaKernel.STANDARD).parallelism(2).run(a1, a2)) {
                assertTrue(r.resumedTiles() > 0);
                assertMatchesSerial(a1, a2, r);
            }
        }
    }

    @Test
    void aTornJournalRecordIsCutOffAndItsTileRecomputed(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 15, true, 40, 40);
            NdArray a2 = IndexInputs.fill(arena, 16, false, 40, 40);
            Path ckpt = dir.resolve("ckpt");
            IndexBuilder b = IndexBuilder.create().kernel(JavaKernel.STANDARD).parallelism(1).tileElements(100).checkpoint(ckpt);
            assertThrows(JobFailedException.class, () -> b.kernel(new SlowKernel(JavaKernel.STANDARD, 0, 900)).run(a1, a2));
            long good = Files.size(ckpt.resolve("journal.bin"));
            Files.write(ckpt.resolve("journal.bin"), new byte[] {60, 0, 0, 0, 1, 2, 3}, StandardOpenOption.APPEND);
            try (IndexResult r = b.run(a1, a2)) {
                assertTrue(r.resumedTiles() > 0);
                assertMatchesSerial(a1, a2, r);
            }
            assertTrue(good > 0);
        }
    }

    @Test
    void aRunKilledWithSigkillResumesWithByteIdenticalOutputs(@TempDir Path dir) throws Exception {
        Path in1 = dir.resolve("a1.npy"), in2 = dir.resolve("a2.npy");
        try (Arena arena = Arena.ofShared()) {
            NpyFile.save(in1, IndexInputs.fill(arena, 21, true, 300, 400));
            NpyFile.save(in2, IndexInputs.fill(arena, 22, false, 300, 400));
        }
        Path ckpt = dir.resolve("ckpt"), out = dir.resolve("out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                IndexCrashChild.class.getName(), in1.toString(), in2.toString(), ckpt.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Path journal = ckpt.resolve("journal.bin");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(journal) && Files.size(journal) > 0) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(child.isAlive(), "the child must still be running when killed: " + Files.readString(dir.resolve("child.log")));
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertEquals(137, child.waitFor(), "killed by SIGKILL");
        } finally {
            child.destroyForcibly();
        }
        assertFalse(Files.exists(out.resolve("idxs.npy")));
        try (NdArray a1 = NpyFile.open(in1, NpyFile.Mode.READ_ONLY); NdArray a2 = NpyFile.open(in2, NpyFile.Mode.READ_ONLY)) {
            IndexBuilder b = IndexBuilder.create().kernel(JavaKernel.STANDARD).tileElements(500).parallelism(2);
            try (IndexResult r = b.checkpoint(ckpt).outputDirectory(out).run(a1, a2)) {
                assertTrue(r.resumedTiles() > 0 && r.resumedTiles() < r.tiles(), "resumed " + r.resumedTiles() + " of " + r.tiles());
            }
            try (IndexResult r = b.outputDirectory(dir.resolve("clean")).run(a1, a2)) {
                assertEquals(0, r.resumedTiles());
            }
        }
        assertSameFiles(dir.resolve("clean"), out);
    }

    private static void assertMatchesSerial(NdArray a1, NdArray a2, IndexResult r) {
        IndexAssertions.assertMatches(SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2), r, "resumed");
    }
}

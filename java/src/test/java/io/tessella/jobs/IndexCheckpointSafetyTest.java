package io.tessella.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.exec.JobFailedException;
import io.tessella.io.OutputDirectory;
import io.tessella.io.WriteOption;
import io.tessella.kernel.JavaKernel;
import io.tessella.memory.NdArray;
import io.tessella.os.NativeFile;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint and an output directory are places others can reach: links planted in them are never
 * followed, two runs never share them, and a result directory appears whole or not at all.
 */
class IndexCheckpointSafetyTest {

    @TempDir
    Path dir;

    private static IndexBuilder builder() {
        return IndexBuilder.create().kernel(JavaKernel.STANDARD).tileElements(100).parallelism(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lock"})
    void aLinkPlantedInTheCheckpointIsRefusedAndItsTargetUntouched(String name) throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectory(ckpt);
        Files.createSymbolicLink(ckpt.resolve(name), victim);
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 20, 30);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 20, 30);
            var e = assertThrows(CheckpointException.class, () -> builder().checkpoint(ckpt).run(a1, a2));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        }
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void aLinkPlantedInAResumedCheckpointIsRefused() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path ckpt = dir.resolve("ckpt");
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 40, 40);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 40, 40);
            assertThrows(JobFailedException.class,
                    () -> builder().parallelism(1).kernel(new SlowKernel(JavaKernel.STANDARD, 0, 700)).checkpoint(ckpt).run(a1, a2));
            for (String name : new String[] {"journal.bin", "idxs.npy.part", "xs.npy.part"}) {
                Path real = ckpt.resolve(name + ".real");
                Files.move(ckpt.resolve(name), real);
                Files.createSymbolicLink(ckpt.resolve(name), victim);
                var e = assertThrows(CheckpointException.class, () -> builder().checkpoint(ckpt).run(a1, a2), name);
                assertTrue(e.getMessage().contains("symbolic link"), name + ": " + e.getMessage());
                Files.delete(ckpt.resolve(name));
                Files.move(real, ckpt.resolve(name));
            }
            try (IndexResult r = builder().checkpoint(ckpt).run(a1, a2)) {
                assertTrue(r.resumedTiles() > 0, "with its real files back, the checkpoint resumes");
            }
        }
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void aCheckpointWhoseFilesAreGoneOrShortStartsOverInsteadOfTrustingThem() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 40, 40);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 40, 40);
            SerialIndexLoop expected = SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2);
            for (String damage : new String[] {"removed", "short"}) {
                assertThrows(JobFailedException.class,
                        () -> builder().parallelism(1).kernel(new SlowKernel(JavaKernel.STANDARD, 0, 900)).checkpoint(ckpt).run(a1, a2));
                Path ys = ckpt.resolve("ys.npy.part");
                if (damage.equals("removed")) {
                    Files.delete(ys);
                } else {
                    try (var ch = java.nio.channels.FileChannel.open(ys, java.nio.file.StandardOpenOption.WRITE)) {
                        ch.truncate(200);
                    }
                }
                try (IndexResult r = builder().checkpoint(ckpt).run(a1, a2)) {
                    assertEquals(0, r.resumedTiles(), damage + ": nothing is taken from a checkpoint whose files do not hold it");
                    IndexAssertions.assertMatches(expected, r, damage);
                }
            }
        }
    }

    @Test
    void staleEntriesOfAFreshCheckpointAreReplacedNotFollowed() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectory(ckpt);
        Files.createSymbolicLink(ckpt.resolve("journal.bin"), victim);
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 20, 30);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 20, 30);
            try (IndexResult r = builder().checkpoint(ckpt).run(a1, a2)) {
                IndexAssertions.assertMatches(SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2), r, "run");
            }
        }
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void aLinkPlantedAsTheManifestsTemporaryFileIsReplacedNotFollowed() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectory(ckpt);
        Files.createSymbolicLink(ckpt.resolve("manifest.properties.tmp"), victim);
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 20, 30);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 20, 30);
            try (IndexResult r = builder().checkpoint(ckpt).run(a1, a2)) {
                IndexAssertions.assertMatches(SerialIndexLoop.run(JavaKernel.STANDARD, IndexBuilder.DEFAULT_SENTINEL, a1, a2), r, "run");
            }
        }
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void aSecondRunOnTheSameCheckpointIsRefusedWhileTheFirstHoldsIt() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectory(ckpt);
        try (NativeFile first = NativeFile.openOrCreate(ckpt.resolve("lock")); Arena arena = Arena.ofShared()) {
            assertTrue(first.tryLock());
            NdArray a1 = IndexInputs.fill(arena, 1, true, 20, 30);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 20, 30);
            var e = assertThrows(CheckpointException.class, () -> builder().checkpoint(ckpt).run(a1, a2));
            assertTrue(e.getMessage().startsWith("checkpoint " + ckpt + ": in use by another run"), e.getMessage());
            assertEquals(ckpt, e.directory());
        }
    }

    @Test
    void aFailedRunLeavesNoOutputDirectoryAndNoPartial() throws Exception {
        Path out = dir.resolve("out");
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 40, 40);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 40, 40);
            assertThrows(JobFailedException.class,
                    () -> builder().kernel(new SlowKernel(JavaKernel.STANDARD, 0, 700)).outputDirectory(out).run(a1, a2));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void anExistingResultIsRefusedBeforeAnyWorkUnlessOverwriting() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectory(out);
        Files.writeString(out.resolve("idxs.npy"), "an earlier result");
        try (Arena arena = Arena.ofShared()) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 20, 30);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 20, 30);
            SlowKernel counting = new SlowKernel(JavaKernel.STANDARD, 0, Long.MAX_VALUE);
            var e = assertThrows(IllegalArgumentException.class, () -> builder().kernel(counting).outputDirectory(out).run(a1, a2));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            assertEquals(0, counting.calls(), "refused before the kernel ran");
            assertEquals("an earlier result", Files.readString(out.resolve("idxs.npy")));
            try (IndexResult r = builder().outputDirectory(out, WriteOption.OVERWRITE).run(a1, a2)) {
                assertEquals(r.counts().emitted(), io.tessella.io.NpyFile.readHeader(out.resolve("idxs.npy")).shape()[0]);
            }
        }
    }

    @Test
    void aCallerOwnedOutputIsLeftForTheCallerToCommit() throws Exception {
        Path out = dir.resolve("out");
        try (Arena arena = Arena.ofShared(); OutputDirectory od = OutputDirectory.create(out)) {
            NdArray a1 = IndexInputs.fill(arena, 1, true, 20, 30);
            NdArray a2 = IndexInputs.fill(arena, 2, false, 20, 30);
            try (IndexResult r = builder().output(od).run(a1, a2)) {
                assertEquals(out.toAbsolutePath(), r.outputDirectory().orElseThrow());
            }
            assertFalse(Files.exists(out), "not committed yet");
            od.writeString("summary.json", "{}");
            od.commit();
        }
        assertTrue(Files.isRegularFile(out.resolve("xs.npy")) && Files.isRegularFile(out.resolve("summary.json")));
    }
}

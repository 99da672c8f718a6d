package io.tessella.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.os.NativeFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule every writer follows: a result exists under its name only if it is complete. Partial
 * files, commits, refusals of existing and busy outputs, sweeping what dead runs left, and never
 * following a link someone else planted.
 */
class AtomicOutputTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void fill(NdArray a, double base) {
        for (long i = 0; i < a.length(0); i++) {
            for (long j = 0; j < a.length(1); j++) {
                a.setDouble(base + i * 10 + j, i, j);
            }
        }
    }

    @Test
    void anOutputClosedWithoutACommitLeavesNothing() throws IOException {
        Path p = dir.resolve("r.npy");
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, 3, 4)) {
            fill(out.array(), 0);
            assertEquals(1, names().size(), "only the partial file exists while writing: " + names());
            assertTrue(names().getFirst().startsWith(".r.npy.tessella-partial-"), names().toString());
        }
        assertEquals(List.of(), names());
    }

    @Test
    void anExceptionInsideTheTryPublishesNothing() throws IOException {
        Path p = dir.resolve("r.npy");
        assertThrows(IllegalStateException.class, () -> {
            try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, 3, 4)) {
                fill(out.array(), 0);
                throw new IllegalStateException("the computation failed");
            }
        });
        assertEquals(List.of(), names());
    }

    @Test
    void aCommitPublishesTheCompleteFileAndEndsTheArray() throws IOException {
        Path p = dir.resolve("r.npy");
        NdArray a;
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, 3, 4)) {
            a = out.array();
            fill(a, 0.5);
            out.commit();
            out.commit();
            assertTrue(out.isCommitted());
            assertThrows(IllegalStateException.class, out::array);
        }
        assertThrows(IllegalStateException.class, () -> a.getDouble(0, 0), "the mapping is gone after the commit");
        assertEquals(List.of("r.npy"), names());
        try (NdArray r = NpyFile.open(p, NpyFile.Mode.READ_ONLY)) {
            assertEquals(23.5, r.getDouble(2, 3));
        }
    }

    @Test
    void anExistingFileIsRefusedBeforeAnyWorkAndKept() throws IOException {
        Path p = dir.resolve("r.npy");
        Files.writeString(p, "an earlier result");
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.create(p, DType.FLOAT64, 3, 4));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        try (NdArray small = NdArray.allocate(io.tessella.memory.Allocation.ZEROED, DType.INT32, 2)) {
            assertThrows(IllegalArgumentException.class, () -> NpyFile.save(p, small));
        }
        assertEquals("an earlier result", Files.readString(p));
        assertEquals(List.of("r.npy"), names());
    }

    @Test
    void overwriteReplacesOnlyOnCommit() throws IOException {
        Path p = dir.resolve("r.npy");
        Files.writeString(p, "an earlier result");
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, new long[] {3, 4}, WriteOption.OVERWRITE)) {
            fill(out.array(), 1);
            assertEquals("an earlier result", Files.readString(p), "the old result stays until the commit");
        }
        assertEquals("an earlier result", Files.readString(p), "closed without a commit: the old result stays");
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, new long[] {3, 4}, WriteOption.OVERWRITE)) {
            fill(out.array(), 1);
            out.commit();
        }
        try (NdArray r = NpyFile.open(p, NpyFile.Mode.READ_ONLY)) {
            assertEquals(24.0, r.getDouble(2, 3));
        }
    }

    @Test
    void aFileThatAppearsDuringTheRunIsNotReplaced() throws IOException {
        Path p = dir.resolve("r.npy");
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, 3, 4)) {
            fill(out.array(), 0);
            Files.writeString(p, "someone else's result");
            var e = assertThrows(IllegalArgumentException.class, out::commit);
            assertTrue(e.getMessage().contains("appeared while the result was computed"), e.getMessage());
        }
        assertEquals("someone else's result", Files.readString(p));
        assertEquals(List.of("r.npy"), names());
    }

    @Test
    void aSecondWriterOfTheSameFileIsRefusedWhileTheFirstRuns() throws IOException {
        Path p = dir.resolve("r.npy");
        try (NpyOutput first = NpyFile.create(p, DType.FLOAT64, 3, 4)) {
            var e = assertThrows(OutputBusyException.class, () -> NpyFile.create(p, DType.FLOAT64, 3, 4));
            assertTrue(e.getMessage().contains("is being written by another run (pid " + ProcessHandle.current().pid()), e.getMessage());
            try (NpyOutput other = NpyFile.create(dir.resolve("s.npy"), DType.FLOAT64, 1)) {
                other.commit();
            }
            first.commit();
        }
        try (NpyOutput again = NpyFile.create(p, DType.FLOAT64, new long[] {1}, WriteOption.OVERWRITE)) {
            again.commit();
        }
        assertEquals(List.of("r.npy", "s.npy"), names());
    }

    @Test
    void partialsOfRunsThatAreGoneAreSweptAndLiveOnesKept() throws IOException {
        // A killed run leaves an unlocked partial; a live one holds its lock.
        Path dead = dir.resolve(".r.npy.tessella-partial-999999-abc");
        Files.write(dead, new byte[100]);
        Path deadDir = dir.resolve(".out.tessella-partial-999998-def");
        Files.createDirectories(deadDir.resolve("sub"));
        Files.writeString(deadDir.resolve("sub/xs.npy"), "x");
        Path live = dir.resolve(".other.npy.tessella-partial-1-fed");
        Files.write(live, new byte[10]);
        try (NativeFile liveLock = NativeFile.openForLock(live)) {
            assertTrue(liveLock.tryLock());
            try (NpyOutput out = NpyFile.create(dir.resolve("t.npy"), DType.INT32, 2)) {
                out.commit();
            }
            assertFalse(Files.exists(dead), "a dead run's partial file is swept");
            assertFalse(Files.exists(deadDir), "a dead run's partial directory is swept");
            assertTrue(Files.exists(live), "a live run's partial stays");
        }
    }

    @Test
    void theSweepNeverFollowsOrRemovesALinkItDidNotCreate() throws IOException {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path link = dir.resolve(".r.npy.tessella-partial-999999-abc");
        Files.createSymbolicLink(link, victim);
        try (NpyOutput out = NpyFile.create(dir.resolve("r.npy"), DType.INT32, 2)) {
            out.commit();
        }
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void aLinkAtTheTargetIsReplacedNotWrittenThrough() throws IOException {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path p = dir.resolve("r.npy");
        Files.createSymbolicLink(p, victim);
        try (NpyOutput out = NpyFile.create(p, DType.INT32, new long[] {2}, WriteOption.OVERWRITE)) {
            out.commit();
        }
        assertFalse(Files.isSymbolicLink(p));
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void saveWritesAnyViewAtomically() throws IOException {
        try (NdArray a = NdArray.allocate(io.tessella.memory.Allocation.ZEROED, DType.FLOAT64, 4, 5)) {
            fill(a, 0);
            NpyFile.save(dir.resolve("c.npy"), a);
            NpyFile.save(dir.resolve("v.npy"), a.slice("::-2, 1:4"));
            try (NdArray c = NpyFile.open(dir.resolve("c.npy"), NpyFile.Mode.READ_ONLY);
                 NdArray v = NpyFile.open(dir.resolve("v.npy"), NpyFile.Mode.READ_ONLY)) {
                assertEquals(34.0, c.getDouble(3, 4));
                assertArrayEquals(new long[] {2, 3}, v.shape());
                assertEquals(31.0, v.getDouble(0, 0));
                assertEquals(13.0, v.getDouble(1, 2));
            }
        }
        assertEquals(List.of("c.npy", "v.npy"), names());
    }

    @Test
    void fortranOrderFilesSayTheirOrderAndHoldTheSameValues() throws IOException {
        Path p = dir.resolve("f.npy");
        try (NpyOutput out = NpyFile.create(p, DType.FLOAT64, new long[] {3, 4}, WriteOption.FORTRAN_ORDER)) {
            assertTrue(out.array().isFContiguous());
            fill(out.array(), 0);
            out.commit();
        }
        assertTrue(NpyFile.readHeader(p).fortranOrder());
        try (NdArray f = NpyFile.open(p, NpyFile.Mode.READ_ONLY)) {
            assertEquals(12.0, f.getDouble(1, 2));
        }
    }

    @Test
    void aDirectoryResultAppearsWholeOnCommit() throws IOException {
        Path target = dir.resolve("out");
        try (OutputDirectory out = OutputDirectory.create(target)) {
            try (NdArray a = NdArray.allocate(io.tessella.memory.Allocation.ZEROED, DType.INT64, 3)) {
                out.save("xs.npy", a);
                out.save("sub/ys.npy", a);
            }
            try (NpyOutput idxs = out.createNpy("idxs.npy", DType.INT64, 3)) {
                idxs.array().setLong(7, 2);
                var e = assertThrows(IllegalStateException.class, out::commit);
                assertTrue(e.getMessage().contains("idxs.npy was not committed"), e.getMessage());
                idxs.commit();
            }
            out.writeString("summary.json", "{}\n");
            assertFalse(Files.exists(target), "nothing at the target before the commit");
            out.commit();
        }
        assertTrue(Files.isRegularFile(target.resolve("sub/ys.npy")));
        assertEquals("{}\n", Files.readString(target.resolve("summary.json")));
        try (NdArray idxs = NpyFile.open(target.resolve("idxs.npy"), NpyFile.Mode.READ_ONLY)) {
            assertEquals(7, idxs.getLong(2));
        }
        assertEquals(List.of("out"), names());
    }

    @Test
    void aDirectoryResultClosedWithoutACommitLeavesNothing() throws IOException {
        Path target = dir.resolve("out");
        try (OutputDirectory out = OutputDirectory.create(target)) {
            out.writeString("summary.json", "{}");
            out.createNpy("idxs.npy", DType.INT64, 5);
        }
        assertEquals(List.of(), names());
    }

    @Test
    void anEmptyDirectoryIsReplacedANonEmptyOneOnlyWithOverwrite() throws IOException {
        Path target = dir.resolve("out");
        Files.createDirectory(target);
        try (OutputDirectory out = OutputDirectory.create(target)) {
            out.writeString("a.txt", "new");
            out.commit();
        }
        assertEquals("new", Files.readString(target.resolve("a.txt")));
        var e = assertThrows(IllegalArgumentException.class, () -> OutputDirectory.create(target));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        try (OutputDirectory out = OutputDirectory.create(target, WriteOption.OVERWRITE)) {
            out.writeString("b.txt", "newer");
            assertEquals("new", Files.readString(target.resolve("a.txt")), "the old result stays until the commit");
            out.commit();
        }
        assertFalse(Files.exists(target.resolve("a.txt")), "no mix of old and new files");
        assertEquals("newer", Files.readString(target.resolve("b.txt")));
        assertEquals(List.of("out"), names());
    }

    @Test
    void namesInsideAResultCannotLeaveIt() throws IOException {
        try (OutputDirectory out = OutputDirectory.create(dir.resolve("out"))) {
            for (String bad : new String[] {"../x", "/etc/passwd", "a//b", ".", ""}) {
                assertThrows(IllegalArgumentException.class, () -> out.writeString(bad, "x"), bad);
            }
        }
    }

    @Test
    void aFileWhereADirectoryShouldBeIsRefused() throws IOException {
        Path target = dir.resolve("out");
        Files.writeString(target, "a file");
        assertThrows(IllegalArgumentException.class, () -> OutputDirectory.create(target, WriteOption.OVERWRITE));
        assertThrows(IllegalArgumentException.class, () -> NpyFile.create(dir, DType.INT32, 1));
        assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> NpyFile.create(dir.resolve("no/such/r.npy"), DType.INT32, 1));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}

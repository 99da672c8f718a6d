package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedMemoryTest {

    private final List<String> names = new ArrayList<>();

    String freshName() {
        String n = "tsl_t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        names.add(n);
        return n;
    }

    @AfterEach
    void unlinkLeftovers() throws IOException {
        for (String n : names) {
            Files.deleteIfExists(Path.of("/dev/shm", n));
            Files.deleteIfExists(SharedMemory.registryDir(Path.of("/dev/shm")).resolve(n));
        }
    }

    @Test
    void attachedHandlesShareTheBytes() {
        String name = freshName();
        try (SharedMemory a = SharedMemory.create(name, DType.FLOAT64, new long[] {365, 16, 16}, false);
             SharedMemory b = SharedMemory.attach(name)) {
            assertEquals(365 * 16 * 16 * 8, b.size());
            NdArray x = a.array(DType.FLOAT64, 365, 16, 16);
            NdArray y = b.array(DType.FLOAT64, 365, 16, 16);
            x.setDouble(2.5, 364, 15, 15);
            assertEquals(2.5, y.getDouble(364, 15, 15));
            y.slice(":, 4:8, 4:8").setDouble(-1.0, 10, 0, 0);
            assertEquals(-1.0, x.getDouble(10, 4, 4));
            a.unlink();
        }
    }

    @Test
    void blocksAreOwnerOnly() throws IOException {
        String name = freshName();
        try (SharedMemory a = SharedMemory.create(name, 4096, false)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.path())));
            assertEquals(Path.of("/dev/shm", name), a.path());
            a.unlink();
        }
    }

    @Test
    void invalidNamesAreRejected() {
        for (String bad : new String[] {"", "a/b", "/abc", ".", "..", "x\0y", ".tessella-registry-0", "n".repeat(256)}) {
            var e = assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(bad, 16, false), bad);
            assertTrue(e.getMessage().startsWith("name"), e.getMessage());
        }
        SharedMemory.validateName("n".repeat(255));
        var slash = assertThrows(IllegalArgumentException.class, () -> SharedMemory.attach("a/b"));
        assertEquals("name = 'a/b' contains '/'; give the name without any slash", slash.getMessage());
    }

    @Test
    void creatingAnExistingNameFailsUnlessReplacing() {
        String name = freshName();
        try (SharedMemory first = SharedMemory.create(name, 64, false)) {
            first.segment().set(ValueLayout.JAVA_LONG, 0, 7L);
            var e = assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(name, 64, false));
            assertTrue(e.getMessage().contains("'" + name + "' already exists"), e.getMessage());
            try (SharedMemory second = SharedMemory.create(name, 128, true)) {
                assertEquals(128, second.size());
                assertEquals(0L, second.segment().get(ValueLayout.JAVA_LONG, 0));
                // the replaced block lives on for those who had it mapped
                assertEquals(7L, first.segment().get(ValueLayout.JAVA_LONG, 0));
                second.unlink();
            }
        }
    }

    @Test
    void attachingAMissingNameNamesIt() {
        String name = freshName();
        var e = assertThrows(IllegalArgumentException.class, () -> SharedMemory.attach(name));
        assertEquals("name = '" + name + "': no shared memory block of that name (/dev/shm/" + name
                + " does not exist)", e.getMessage());
    }

    @Test
    void nonPositiveSizesAreRejected() {
        String name = freshName();
        var e = assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(name, 0, false));
        assertEquals("size = 0 must be positive", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SharedMemory.create(name, DType.INT32, new long[] {0, 5}, false));
        assertThrows(IllegalArgumentException.class,
                () -> SharedMemory.create(name, DType.INT32, new long[] {-1, 5}, false));
    }

    @Test
    void closeIsIdempotentAndLaterUseIsIllegalState() {
        String name = freshName();
        SharedMemory a = SharedMemory.create(name, 64, false);
        NdArray arr = a.array(DType.INT64, 8);
        a.close();
        a.close();
        assertThrows(IllegalStateException.class, a::segment);
        assertThrows(IllegalStateException.class, () -> a.array(DType.INT64, 8));
        assertThrows(IllegalStateException.class, () -> arr.getLong(0));
        a.unlink();
        assertFalse(Files.exists(a.path()));
    }

    @Test
    void unlinkOnceRemovesTheName() {
        String name = freshName();
        try (SharedMemory a = SharedMemory.create(name, 64, false); SharedMemory b = SharedMemory.attach(name)) {
            a.unlink();
            a.unlink();
            assertThrows(IllegalArgumentException.class, () -> SharedMemory.attach(name));
            var e = assertThrows(IllegalStateException.class, b::unlink);
            assertTrue(e.getMessage().contains("already unlinked"), e.getMessage());
            // mappings outlive the name
            b.segment().set(ValueLayout.JAVA_INT, 0, 5);
            assertEquals(5, a.segment().get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Test
    void randomNamesFollowCPythonsPattern() {
        try (SharedMemory a = SharedMemory.create(100)) {
            names.add(a.name());
            assertTrue(a.name().matches("psm_[0-9a-f]{8}"), a.name());
            a.unlink();
        }
    }

    @Test
    void blocksOfAnExitedCreatorThatNobodyHoldsAreStale() throws Exception {
        String name = freshName();
        SharedMemory a = SharedMemory.create(name, 4096, false);
        Path marker = SharedMemory.registryDir(Path.of("/dev/shm")).resolve(name);
        assertTrue(Files.exists(marker));
        assertFalse(staleNames().contains(name), "the creator (this JVM) is alive");

        markCreatorDead(marker);
        assertFalse(staleNames().contains(name), "this JVM still maps it");

        a.close();
        List<SharedMemory.StaleBlock> stale = SharedMemory.listStale().stream().filter(s -> s.name().equals(name)).toList();
        assertEquals(1, stale.size());
        assertEquals(4096, stale.get(0).size());
        List<SharedMemory.StaleBlock> removed = SharedMemory.removeStale();
        assertTrue(removed.stream().anyMatch(s -> s.name().equals(name)));
        assertFalse(Files.exists(Path.of("/dev/shm", name)));
        assertFalse(Files.exists(marker));
    }

    @Test
    void aBlockHeldOpenByAnotherProcessIsNotStale() throws Exception {
        String name = freshName();
        try (SharedMemory a = SharedMemory.create(name, 4096, false)) {
            markCreatorDead(SharedMemory.registryDir(Path.of("/dev/shm")).resolve(name));
            a.close();
            Process holder = new ProcessBuilder("sh", "-c", "exec 3</dev/shm/" + name + "; echo ready; read x").start();
            try {
                assertEquals("ready", new String(holder.getInputStream().readNBytes(5)));
                assertFalse(staleNames().contains(name), "another process holds it open");
            } finally {
                holder.getOutputStream().close();
                holder.waitFor();
            }
            assertTrue(staleNames().contains(name));
            a.unlink();
        }
    }

    /** Rewrites a marker as if its creator had exited, keeping the block's identity. */
    static void markCreatorDead(Path marker) throws Exception {
        String text = Files.readString(marker);
        Files.writeString(marker, text.replaceFirst("pid=\\d+ start=-?\\d+", "pid=" + deadPid() + " start=1"));
    }

    @Test
    void aMarkerWhoseBlockWasReplacedNeverRemovesTheNewBlock() throws Exception {
        String name = freshName();
        SharedMemory a = SharedMemory.create(name, 4096, false);
        Path marker = SharedMemory.registryDir(Path.of("/dev/shm")).resolve(name);
        markCreatorDead(marker);
        a.close();
        // Someone else's file now has the name; the marker's recorded identity no longer matches it.
        Files.delete(Path.of("/dev/shm", name));
        Files.writeString(Path.of("/dev/shm", name), "another program's block");
        List<SharedMemory.StaleBlock> removed = SharedMemory.removeStale().stream().filter(s -> s.name().equals(name)).toList();
        assertEquals(List.of(new SharedMemory.StaleBlock(name, removed.getFirst().creatorPid(), -1)), removed);
        assertEquals("another program's block", Files.readString(Path.of("/dev/shm", name)), "only the marker went");
        assertFalse(Files.exists(marker));
    }

    @Test
    void aRegistryThatOthersCouldWriteIsRefused(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Path registry = SharedMemory.registryDir(root);
        Files.createDirectory(registry);
        Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("rwxrwxrwx"));
        var e = assertThrows(IllegalStateException.class, () -> SharedMemory.create(root, "tsl_reg", 4096, false));
        assertTrue(e.getMessage().contains("has mode rwxrwxrwx, not rwx------"), e.getMessage());
        assertFalse(Files.exists(root.resolve("tsl_reg")), "no block is left behind");
        assertThrows(IllegalStateException.class, () -> SharedMemory.listStale(root));
        assertThrows(IllegalStateException.class, () -> SharedMemory.removeStale(root));
    }

    @Test
    void aRegistryOwnedByAnotherUserIsRefused(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a directory to another user; run as root to cover this");
        Path registry = SharedMemory.registryDir(root);
        Files.createDirectory(registry, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(registry, "unix:uid", 4242);
        var e = assertThrows(IllegalStateException.class, () -> SharedMemory.create(root, "tsl_reg", 4096, false));
        assertTrue(e.getMessage().contains("is owned by uid 4242"), e.getMessage());
    }

    @Test
    void aLinkPlantedAsAMarkerIsReplacedNotWrittenThrough(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Path victim = root.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path registry = SharedMemory.registryDir(root);
        Files.createDirectory(registry, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(registry.resolve("tsl_link"), victim);
        try (SharedMemory shm = SharedMemory.create(root, "tsl_link", 4096, false)) {
            assertEquals("keep me", Files.readString(victim));
            assertFalse(Files.isSymbolicLink(registry.resolve("tsl_link")));
            shm.unlink();
        }
    }

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static List<String> staleNames() {
        return SharedMemory.listStale().stream().map(SharedMemory.StaleBlock::name).toList();
    }
}

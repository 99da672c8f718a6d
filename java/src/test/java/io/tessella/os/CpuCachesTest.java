package io.tessella.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last-level cache size: sysfs as Linux writes it, the override, and the fallback. */
class CpuCachesTest {

    private static void index(Path dir, int i, String level, String size) throws Exception {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }

    @Test
    void theHighestLevelsSizeWins(@TempDir Path dir) throws Exception {
        index(dir, 0, "1", "32K");
        index(dir, 1, "1", "32K");
        index(dir, 2, "2", "1024K");
        index(dir, 3, "3", "32768K");
        assertEquals(OptionalLong.of(32L << 20), CpuCaches.read(dir));
    }

    @Test
    void unreadableEntriesAreSkippedAndNoSysfsGivesNothing(@TempDir Path dir) throws Exception {
        assertEquals(OptionalLong.empty(), CpuCaches.read(dir.resolve("absent")));
        assertEquals(OptionalLong.empty(), CpuCaches.read(dir));
        index(dir, 0, "2", "2M");
        index(dir, 1, "three", "8M");
        Files.createDirectories(dir.resolve("index2"));
        assertEquals(OptionalLong.of(2L << 20), CpuCaches.read(dir));
    }

    @Test
    void sizesAsSysfsWritesThem() {
        assertEquals(512, CpuCaches.parseSize("512"));
        assertEquals(48L << 10, CpuCaches.parseSize("48K\n"));
        assertEquals(3L << 20, CpuCaches.parseSize("3M"));
        assertEquals(1L << 30, CpuCaches.parseSize("1G"));
        assertThrows(NumberFormatException.class, () -> CpuCaches.parseSize("big"));
    }

    @Test
    void thePropertyOverridesAndABadOneIsNamed() {
        try {
            System.setProperty(CpuCaches.PROPERTY, "4096");
            assertEquals(4096, CpuCaches.lastLevelBytes(1));
            System.setProperty(CpuCaches.PROPERTY, "-3");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuCaches.lastLevelBytes(1));
            assertEquals("-Dtessella.cacheBytes = -3 is not a positive number of bytes", e.getMessage());
        } finally {
            System.clearProperty(CpuCaches.PROPERTY);
        }
        assertTrue(CpuCaches.lastLevelBytes(12345) > 0);
    }
}

package io.tessella.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The size of the CPU's last-level cache, which decides when an output is too big to stay in cache
 * (so streaming stores, which bypass it, write it faster). Read once from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache/index*}{@code /size} at the highest {@code level}; the
 * system property {@value #PROPERTY} (bytes) overrides it, for containers whose {@code /sys} describes
 * another machine, and for tests.
 *
 * <p>Thread-safety: stateless apart from the value read once.
 */
public final class CpuCaches {
    /** The system property that overrides the cache size read from {@code /sys}, in bytes. */
    public static final String PROPERTY = "tessella.cacheBytes";

    private static final Path CPU0 = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private CpuCaches() {
    }

    /** Read once: the machine does not change its caches while Tessella runs. */
    private static final class Detected {
        static final OptionalLong SIZE = read(CPU0);
    }

    /**
     * The last-level cache size in bytes: {@value #PROPERTY} if set, else what {@code /sys} says,
     * else {@code fallback}.
     *
     * @throws IllegalArgumentException if {@value #PROPERTY} is set but not a positive number of bytes
     */
    public static long lastLevelBytes(long fallback) {
        String forced = System.getProperty(PROPERTY);
        if (forced != null) {
            try {
                long v = Long.parseLong(forced.strip());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("-D" + PROPERTY + " = " + forced + " is not a positive number of bytes");
        }
        return Detected.SIZE.orElse(fallback);
    }

    /** The size of the cache with the highest level under {@code dir} (Linux's {@code cpuN/cache}), if any can be read. */
    static OptionalLong read(Path dir) {
        int bestLevel = -1;
        long best = -1;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "index*")) {
            for (Path index : entries) {
                try {
                    int level = Integer.parseInt(Files.readString(index.resolve("level")).strip());
                    long size = parseSize(Files.readString(index.resolve("size")));
                    if (size > 0 && (level > bestLevel || level == bestLevel && size > best)) {
                        bestLevel = level;
                        best = size;
                    }
                } catch (IOException | IllegalArgumentException unreadable) {
                    // An index this kernel describes differently: the others still count.
                }
            }
        } catch (IOException | SecurityException noSysfs) {
            return OptionalLong.empty();
        }
        return best > 0 ? OptionalLong.of(best) : OptionalLong.empty();
    }

    /** {@code 32768K}, {@code 1M}, {@code 512} (bytes) as sysfs writes them. */
    static long parseSize(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("G")) {
            unit = 1L << 30;
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(t), unit);
    }
}

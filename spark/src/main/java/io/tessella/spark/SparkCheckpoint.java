package io.tessella.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * A resumable Spark index build on shared storage: a manifest naming the inputs and settings, and one
 * {@link IndexPart} per finished row block. A rerun after a driver crash (or any failure) with the same
 * inputs and settings schedules only the blocks without a part; a checkpoint of another job is
 * refused, naming the first setting that differs. The driver holds a lock on it while a job runs, so a
 * second driver is refused rather than interleaved. Removed once the outputs are published.
 */
final class SparkCheckpoint implements AutoCloseable {
    private static final String MANIFEST = "manifest.properties";
    private static final String LOCK = "lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private SparkCheckpoint(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * @throws IllegalArgumentException {@code "checkpoint DIR: reason"} when it belongs to another job, is
     *         busy, or cannot be used
     */
    static SparkCheckpoint open(Path dir, SequencedMap<String, String> manifest) {
        Path abs = dir.toAbsolutePath().normalize();
        FileChannel ch = null;
        try {
            if (Files.isSymbolicLink(abs)) {
                throw refused(abs, "is a symbolic link, which a checkpoint never follows", null);
            }
            Files.createDirectories(abs);
            ch = FileChannel.open(abs.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                throw refused(abs, "in use by another run; wait for it to finish, or give this run another checkpoint directory", null);
            }
            SparkCheckpoint cp = new SparkCheckpoint(abs, ch, l);
            try {
                cp.adopt(manifest);
            } catch (RuntimeException e) {
                cp.close();
                throw e;
            }
            return cp;
        } catch (IOException e) {
            closeQuietly(ch, e);
            throw refused(abs, "cannot be opened: " + e, e);
        } catch (RuntimeException e) {
            if (ch != null && ch.isOpen()) {
                closeQuietly(ch, e);
            }
            throw e;
        }
    }

    private static IllegalArgumentException refused(Path dir, String reason, Throwable cause) {
        return new IllegalArgumentException("checkpoint " + dir + ": " + reason, cause);
    }

    private static void closeQuietly(FileChannel ch, Throwable failure) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void adopt(SequencedMap<String, String> manifest) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Properties existing = new Properties();
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                existing.load(in);
            }
            for (var e : manifest.entrySet()) {
                String was = existing.getProperty(e.getKey());
                if (!e.getValue().equals(was)) {
                    throw refused(dir, "belongs to another job: " + e.getKey() + " was " + was + ", now " + e.getValue()
                            + " (use another checkpoint directory, or delete this one)", null);
                }
            }
        } else {
            try (var entries = Files.list(dir)) {
                if (entries.anyMatch(p -> IndexPart.partitionOf(p.getFileName().toString()) >= 0)) {
                    throw refused(dir, "holds index parts but no manifest; it is not a checkpoint this version can resume (delete it)", null);
                }
            }
            Path tmp = dir.resolve(MANIFEST + ".tmp");
            Files.deleteIfExists(tmp);
            Properties p = new Properties();
            p.putAll(manifest);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                p.store(out, "Tessella Spark index checkpoint; do not edit");
            }
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        // What killed attempts of an earlier run left; no task of this run has started yet.
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (IndexPart.isAttempt(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Where the parts go. */
    Path directory() {
        return dir;
    }

    /** The finished blocks' parts, checked; a part that does not check out is refused, naming it. */
    Map<Integer, IndexPart> done(int partitions, int axes) {
        Map<Integer, IndexPart> done = new TreeMap<>();
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                int partition = IndexPart.partitionOf(p.getFileName().toString());
                if (partition >= 0) {
                    if (partition >= partitions) {
                        throw refused(dir, "holds " + p.getFileName() + ", a block this job of " + partitions + " blocks does not have", null);
                    }
                    done.put(partition, IndexPart.read(p, partition, axes));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoint " + dir, e);
        }
        return done;
    }

    /** Removes the checkpoint once the outputs it fed are published; the lock is held until its files are gone. */
    void delete() {
        try {
            try (var entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    String name = p.getFileName().toString();
                    if (name.equals(MANIFEST) || IndexPart.partitionOf(name) >= 0 || IndexPart.isAttempt(name) || name.equals(MANIFEST + ".tmp")) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            Files.deleteIfExists(dir.resolve(LOCK));
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove checkpoint " + dir, e);
        } finally {
            close();
        }
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release checkpoint " + dir, e);
        }
    }
}

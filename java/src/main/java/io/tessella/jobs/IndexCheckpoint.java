package io.tessella.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import io.tessella.io.GrowingNpyFile;
import io.tessella.memory.DType;
import io.tessella.os.ErrnoException;
import io.tessella.os.NativeFile;
import io.tessella.os.ResourceLedger;
import io.tessella.os.VirtualMemory;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A resumable index build on disk: a manifest naming the inputs and settings, the outputs themselves
 * as they grow (one {@link GrowingNpyFile} per array, tiles appended in the serial order), and a
 * journal of the tiles, from the first, that are wholly in them.
 *
 * <p>Crash safety: a tile's journal record is written only after the output files are synced past its
 * data, and records carry a CRC, so whatever moment a run is killed (even {@code kill -9}, even
 * mid-record), the journal lists a prefix of tiles whose outputs are complete; a torn last record is
 * cut off, and the files are cut back to the journaled prefix, on the next start. Records are committed
 * in groups (at most every {@link #COMMIT_NANOS}) so that fsync does not throttle short tiles; what a
 * crash loses is at most that much recent work. Nothing is gathered at the end: the files are the
 * outputs, finished and moved into the result.
 */
final class IndexCheckpoint implements AutoCloseable {
    static final int FORMAT = 2;
    static final long COMMIT_NANOS = 200_000_000L;
    private static final String MANIFEST = "manifest.properties";
    private static final String JOURNAL = "journal.bin";
    private static final String LOCK = "lock";
    private static final String PART = ".part";

    private final Path dir;
    private final NativeFile lock;
    private final FileChannel journal;
    private final GrowingNpyFile[] files;
    private final List<TileOutcome> resumed;
    private final long resumedElements;
    private final Map<Long, TileOutcome> outcomes = new HashMap<>();
    private long journaled;
    private long lastCommit = System.nanoTime();
    private boolean closed;

    private IndexCheckpoint(Path dir, NativeFile lock, FileChannel journal, GrowingNpyFile[] files, List<TileOutcome> resumed,
            long resumedElements) {
        this.dir = dir;
        this.lock = lock;
        this.journal = journal;
        this.files = files;
        this.resumed = List.copyOf(resumed);
        this.resumedElements = resumedElements;
        this.journaled = resumed.size();
    }

    /**
     * Opens the checkpoint in {@code dir} for a job described by {@code manifest}, creating it when the
     * directory holds none, resuming it when its manifest matches. Keys are checked in the manifest's
     * order, so the message names the most fundamental difference (inputs before derived sizes).
     *
     * @param arrays the output files' names (coordinates per axis, then indices)
     * @throws CheckpointException naming the directory and what is wrong: another job's, busy, a
     *         planted link, no room
     */
    static IndexCheckpoint open(Path dir, SequencedMap<String, String> manifest, List<String> arrays) {
        NativeFile lock = null;
        FileChannel journal = null;
        List<GrowingNpyFile> files = new ArrayList<>();
        boolean createdDir = !Files.exists(dir);
        // Set once this run holds the lock of a checkpoint it is starting: what a failure then leaves is removed.
        boolean fresh = false;
        try {
            Files.createDirectories(dir);
            lock = NativeFile.openOrCreate(dir.resolve(LOCK));
            if (!lock.tryLock()) {
                NativeFile busy = lock;
                lock = null;
                busy.close();
                throw new CheckpointException(dir, "in use by another run; wait for it to finish, or give this run another "
                        + "checkpoint directory", null);
            }
            Path manifestFile = dir.resolve(MANIFEST);
            fresh = !Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS);
            if (!fresh) {
                Properties existing = new Properties();
                try (InputStream in = Files.newInputStream(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
                    existing.load(in);
                }
                for (var entry : manifest.entrySet()) {
                    String was = existing.getProperty(entry.getKey());
                    if (!entry.getValue().equals(was)) {
                        throw new CheckpointException(dir, "belongs to another job: " + entry.getKey() + " was " + was + ", now "
                                + entry.getValue() + " (use another checkpoint directory, or delete this one)", null);
                    }
                }
            } else {
                Path tmp = dir.resolve(MANIFEST + ".tmp");
                // A leftover (or planted) entry is removed, never written through: the new one is created afresh.
                Files.deleteIfExists(tmp);
                Properties p = new Properties();
                p.putAll(manifest);
                try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    p.store(out, "Tessella index-builder checkpoint; do not edit");
                }
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    ch.force(true);
                }
                // Outputs and journal from an older, unfinished manifest write are stale.
                Files.deleteIfExists(dir.resolve(JOURNAL));
                for (String name : arrays) {
                    Files.deleteIfExists(dir.resolve(name + PART));
                }
                Files.move(tmp, manifestFile, StandardCopyOption.ATOMIC_MOVE);
            }
            journal = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            List<TileOutcome> prefix = readJournal(journal);
            long elements = 0;
            for (TileOutcome o : prefix) {
                elements += o.emitted();
            }
            if (!holdsData(dir, arrays, elements)) {
                // A file the journal vouches for is gone or short (moved into a result whose publication then
                // failed, or removed by hand): nothing in it can be trusted, so the build starts over.
                journal.truncate(0);
                journal.force(false);
                prefix = List.of();
                elements = 0;
                for (String name : arrays) {
                    Files.deleteIfExists(dir.resolve(name + PART));
                }
            }
            for (String name : arrays) {
                files.add(GrowingNpyFile.resume(dir.resolve(name + PART), DType.INT64, elements));
            }
            return new IndexCheckpoint(dir, lock, journal, files.toArray(GrowingNpyFile[]::new), prefix, elements);
        } catch (IOException e) {
            release(lock, files, journal, e, fresh ? dir : null, createdDir);
            String why = refusedLink(e) ? "a file in it is a symbolic link, which a checkpoint never follows (" + e.getMessage() + ")"
                    : e.toString();
            throw new CheckpointException(dir, "cannot be opened: " + why, e);
        } catch (UncheckedIOException e) {
            release(lock, files, journal, e, fresh ? dir : null, createdDir);
            throw new CheckpointException(dir, e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            release(lock, files, journal, e, fresh ? dir : null, createdDir);
            throw e;
        }
    }

    /** Whether every output file is there (a regular file, not a link) and long enough for {@code elements} journaled elements. */
    private static boolean holdsData(Path dir, List<String> arrays, long elements) throws IOException {
        long header = io.tessella.io.NpyHeader.encode(DType.INT64, false, new long[] {0}).length;
        for (String name : arrays) {
            Path p = dir.resolve(name + PART);
            if (elements == 0 && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                return false;
            }
            // A link is left for GrowingNpyFile.resume to refuse by name.
            if (!Files.isSymbolicLink(p) && Files.size(p) < header + elements * Long.BYTES) {
                return false;
            }
        }
        return true;
    }

    /** Whether opening failed because {@code O_NOFOLLOW} met a symbolic link ({@code ELOOP}). */
    private static boolean refusedLink(IOException e) {
        return e instanceof ErrnoException en ? en.isSymbolicLink()
                : e instanceof java.nio.file.FileSystemException fs && "Too many levels of symbolic links".equals(fs.getReason());
    }

    /**
     * Releases what a failed open took; a checkpoint this run was starting ({@code fresh} non-null) holds
     * nothing to resume, so its files go too (and the directory, if this run created it).
     */
    private static void release(NativeFile lock, List<GrowingNpyFile> files, FileChannel journal, Throwable failure, Path fresh,
            boolean createdDir) {
        try {
            for (GrowingNpyFile f : files) {
                f.close();
            }
            if (journal != null) {
                journal.close();
            }
            if (fresh != null) {
                removeFiles(fresh, createdDir);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** The checkpoint's directory. */
    Path directory() {
        return dir;
    }

    /** The output files, growing: write each placed tile into them. */
    GrowingNpyFile[] files() {
        return files.clone();
    }

    /** The tiles, from the first, that an earlier run finished: they are in the files already. */
    List<TileOutcome> resumed() {
        return resumed;
    }

    /** The elements those tiles emitted: where this run's first tile goes. */
    long resumedElements() {
        return resumedElements;
    }

    /** Records a computed tile's counts, for its journal record once its data is in the files. */
    synchronized void outcome(TileOutcome o) {
        outcomes.put(o.tile(), o);
    }

    /**
     * Journals the tiles below {@code prefix} (wholly in the files) when the last commit is old enough;
     * {@code force} commits now.
     */
    synchronized void advance(long prefix, boolean force) {
        if (!force && System.nanoTime() - lastCommit < COMMIT_NANOS) {
            return;
        }
        long upTo = journaled;
        while (upTo < prefix && outcomes.containsKey(upTo)) {
            upTo++;
        }
        if (upTo == journaled) {
            return;
        }
        try {
            // The data first, then the records that promise it.
            for (GrowingNpyFile f : files) {
                f.sync();
            }
            int bytes = 0;
            for (long t = journaled; t < upTo; t++) {
                bytes += 4 + recordLength(outcomes.get(t)) + 4;
            }
            ByteBuffer records = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (long t = journaled; t < upTo; t++) {
                append(records, outcomes.remove(t));
            }
            records.flip();
            long pos = journal.size();
            while (records.hasRemaining()) {
                pos += journal.write(records, pos);
            }
            journal.force(false);
            journaled = upTo;
            lastCommit = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint journal in " + dir, e);
        }
    }

    private static int recordLength(TileOutcome o) {
        return 8 * 5 + 4 + o.failures().size() * 12;
    }

    /** One record: length, tile, counts, nanos, failures by code, then a CRC32C of all before it. */
    private static void append(ByteBuffer buf, TileOutcome o) {
        int len = recordLength(o);
        int start = buf.position();
        buf.putInt(len);
        buf.putLong(o.tile()).putLong(o.visited()).putLong(o.skipped()).putLong(o.emitted()).putLong(o.nanos());
        buf.putInt(o.failures().size());
        new TreeMap<>(o.failures()).forEach((code, n) -> buf.putInt(code).putLong(n));
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), start, 4 + len);
        buf.putInt((int) crc.getValue());
    }

    /**
     * Reads the good records, tiles 0, 1, 2, ... in order; cuts a torn or corrupt tail (a crash
     * mid-append), or anything out of order, off the file.
     */
    private static List<TileOutcome> readJournal(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 16)).order(ByteOrder.LITTLE_ENDIAN);
        while (all.hasRemaining() && ch.read(all, all.position()) > 0) {
            // read it all
        }
        all.flip();
        List<TileOutcome> done = new ArrayList<>();
        long good = 0;
        while (all.remaining() >= 4) {
            int start = all.position();
            int len = all.getInt();
            if (len < 44 || len > all.remaining() - 4) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(all.array(), start, 4 + len);
            all.position(start + 4 + len);
            if (all.getInt() != (int) crc.getValue()) {
                break;
            }
            all.position(start + 4);
            long tile = all.getLong(), visited = all.getLong(), skipped = all.getLong(), emitted = all.getLong(), nanos = all.getLong();
            int nf = all.getInt();
            Map<Integer, Long> failures = new HashMap<>();
            for (int i = 0; i < nf; i++) {
                failures.put(all.getInt(), all.getLong());
            }
            all.getInt();
            if (tile != done.size()) {
                break;
            }
            done.add(new TileOutcome(tile, visited, skipped, emitted, failures, nanos));
            good = all.position();
        }
        if (good != size) {
            ch.truncate(good);
            ch.force(false);
        }
        return done;
    }

    /** Removes the checkpoint once the outputs it fed are safely written. */
    void delete() {
        // The lock is held until the files are gone, so no other run can adopt a half-deleted checkpoint.
        closeKeepingLock();
        try {
            removeFiles(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove checkpoint " + dir, e);
        } finally {
            lock.close();
        }
    }

    /** Removes the checkpoint's own files, and the directory too when {@code directory} and nothing else is in it. */
    private static void removeFiles(Path dir, boolean directory) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.equals(MANIFEST) || name.equals(JOURNAL) || name.endsWith(PART) || name.equals(MANIFEST + ".tmp")
                        || name.equals(LOCK)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (directory) {
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(dir);
                }
            }
        }
    }

    /**
     * Releases the checkpoint (files, journal, the lock), leaving it on disk to resume; idempotent. Journal
     * what is done first ({@link #advance} with {@code force}).
     */
    @Override
    public synchronized void close() {
        try {
            closeKeepingLock();
        } finally {
            lock.close();
        }
    }

    private synchronized void closeKeepingLock() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (GrowingNpyFile f : files) {
                f.close();
            }
        } finally {
            try {
                journal.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

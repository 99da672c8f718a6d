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
import io.tessella.os.ErrnoException;
import io.tessella.os.NativeFile;
import io.tessella.os.ResourceLedger;
import io.tessella.os.VirtualMemory;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A resumable index build on disk: a manifest naming the inputs and settings, work files holding
 * every tile's outputs at its fixed capacity offset, and a journal of finished tiles.
 *
 * <p>Crash safety: a tile's journal record is written only after its output regions are forced to
 * the file, and records carry a CRC, so whatever moment a run is killed (even {@code kill -9}, even
 * mid-record), the journal lists only tiles whose outputs are complete; a torn last record is cut
 * off on the next start. Records are committed in groups (at most every {@link #COMMIT_NANOS}) so
 * that fsync does not throttle short tiles; what a crash loses is at most that much recent work.
 */
final class IndexCheckpoint implements AutoCloseable {
    static final int FORMAT = 1;
    static final long COMMIT_NANOS = 200_000_000L;
    private static final String MANIFEST = "manifest.properties";
    private static final String JOURNAL = "journal.bin";
    private static final String LOCK = "lock";

    private final Path dir;
    private final NativeFile lock;
    private final Arena arena;
    private final FileChannel journal;
    private final MemorySegment[] coords;
    private final MemorySegment idxs;
    private final Map<Long, TileOutcome> done;
    private final List<Pending> pending = new ArrayList<>();
    private long lastCommit = System.nanoTime();

    private record Pending(TileOutcome outcome, long outPos) {
    }

    private IndexCheckpoint(Path dir, NativeFile lock, Arena arena, FileChannel journal, MemorySegment[] coords, MemorySegment idxs,
            Map<Long, TileOutcome> done) {
        this.dir = dir;
        this.lock = lock;
        this.arena = arena;
        this.journal = journal;
        this.coords = coords;
        this.idxs = idxs;
        this.done = done;
    }

    /**
     * Opens the checkpoint in {@code dir} for a job described by {@code manifest}, creating it when the
     * directory holds none, resuming it when its manifest matches. Keys are checked in the manifest's
     * order, so the message names the most fundamental difference (inputs before derived sizes).
     *
     * @throws IllegalArgumentException naming the first setting that differs, when {@code dir} holds
     *         a checkpoint of another job
     */
    static IndexCheckpoint open(Path dir, SequencedMap<String, String> manifest, int axes, long capacity) {
        NativeFile lock = null;
        Arena arena = null;
        FileChannel journal = null;
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
            if (Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
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
                // Work files and journal from an older, unfinished manifest write are stale.
                Files.deleteIfExists(dir.resolve(JOURNAL));
                Files.move(tmp, manifestFile, StandardCopyOption.ATOMIC_MOVE);
            }
            journal = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Map<Long, TileOutcome> done = readJournal(journal);
            ResourceLedger.TrackedArena mappings = ResourceLedger.sharedArena("checkpoint " + dir + " work files");
            mappings.account(Math.multiplyExact(Math.multiplyExact(capacity, Long.BYTES), axes + 1));
            arena = mappings;
            MemorySegment[] coords = new MemorySegment[axes];
            for (int k = 0; k < axes; k++) {
                coords[k] = mapWork(dir, arena, "coord" + k + ".work", capacity);
            }
            return new IndexCheckpoint(dir, lock, arena, journal, coords, mapWork(dir, arena, "idxs.work", capacity), done);
        } catch (IOException e) {
            release(lock, arena, journal, e, fresh ? dir : null, createdDir);
            String why = refusedLink(e) ? "a file in it is a symbolic link, which a checkpoint never follows (" + e.getMessage() + ")"
                    : e.toString();
            throw new CheckpointException(dir, "cannot be opened: " + why, e);
        } catch (UncheckedIOException e) {
            release(lock, arena, journal, e, fresh ? dir : null, createdDir);
            throw new CheckpointException(dir, e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            release(lock, arena, journal, e, fresh ? dir : null, createdDir);
            throw e;
        }
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
    private static void release(NativeFile lock, Arena arena, FileChannel journal, Throwable failure, Path fresh, boolean createdDir) {
        try {
            if (arena != null) {
                arena.close();
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

    /**
     * Maps a work file, its whole capacity reserved on disk first: a full disk is an error here, before
     * any tile runs, and never a fault in a worker writing a mapped page.
     */
    private static MemorySegment mapWork(Path dir, Arena arena, String name, long capacity) throws IOException {
        long bytes = Math.multiplyExact(capacity, Long.BYTES);
        Path path = dir.resolve(name);
        try (NativeFile f = NativeFile.openOrCreate(path)) {
            long size = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
            if (size != bytes) {
                f.truncate(0);
            }
            try {
                f.reserve(bytes);
            } catch (ErrnoException e) {
                if (e.isNoSpace()) {
                    throw new UncheckedIOException("not enough space for its work file " + path.getFileName() + ": " + e.getMessage(), e);
                }
                throw e;
            }
            return bytes == 0 ? MemorySegment.NULL : f.map(bytes, arena);
        }
    }

    MemorySegment[] coords() {
        return coords.clone();
    }

    MemorySegment idxs() {
        return idxs;
    }

    /** The finished tile's outcome from an earlier run, or {@code null}. */
    TileOutcome done(long tile) {
        return done.get(tile);
    }

    int doneCount() {
        return done.size();
    }

    /** Records a finished tile; commits the group when the last commit is old enough. */
    synchronized void finished(TileOutcome outcome, long outPos) {
        pending.add(new Pending(outcome, outPos));
        if (System.nanoTime() - lastCommit >= COMMIT_NANOS) {
            commit();
        }
    }

    /** Forces the pending tiles' outputs, then appends and forces their journal records. */
    synchronized void commit() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            for (Pending p : pending) {
                long off = p.outPos() * Long.BYTES, len = p.outcome().emitted() * Long.BYTES;
                if (len > 0) {
                    for (MemorySegment c : coords) {
                        VirtualMemory.sync(c.asSlice(off, len));
                    }
                    VirtualMemory.sync(idxs.asSlice(off, len));
                }
            }
            int bytes = 0;
            for (Pending p : pending) {
                bytes += 4 + recordLength(p.outcome()) + 4;
            }
            ByteBuffer records = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (Pending p : pending) {
                append(records, p.outcome());
            }
            records.flip();
            long pos = journal.size();
            while (records.hasRemaining()) {
                pos += journal.write(records, pos);
            }
            journal.force(false);
            for (Pending p : pending) {
                done.put(p.outcome().tile(), p.outcome());
            }
            pending.clear();
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

    /** Reads the good records; cuts a torn or corrupt tail (a crash mid-append) off the file. */
    private static Map<Long, TileOutcome> readJournal(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 16)).order(ByteOrder.LITTLE_ENDIAN);
        while (all.hasRemaining() && ch.read(all, all.position()) > 0) {
            // read it all
        }
        all.flip();
        Map<Long, TileOutcome> done = new HashMap<>();
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
            done.put(tile, new TileOutcome(tile, visited, skipped, emitted, failures, nanos));
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
                if (name.equals(MANIFEST) || name.equals(JOURNAL) || name.endsWith(".work") || name.equals(MANIFEST + ".tmp")
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

    /** Commits what is pending and releases the checkpoint (the lock too); idempotent. */
    @Override
    public synchronized void close() {
        try {
            closeKeepingLock();
        } finally {
            lock.close();
        }
    }

    private synchronized void closeKeepingLock() {
        if (!arena.scope().isAlive()) {
            return;
        }
        try {
            commit();
        } finally {
            try {
                journal.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                arena.close();
            }
        }
    }
}

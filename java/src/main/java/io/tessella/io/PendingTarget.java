package io.tessella.io;

import io.tessella.os.ErrnoException;
import io.tessella.os.NativeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The one mechanism behind every result Tessella writes: a file or directory is built under a partial
 * name beside its target, {@code .NAME.tessella-partial-PID-HEX}, and renamed onto the target in one
 * step only when it is complete ({@link #publish()}); {@link #close()} before that removes it. So the
 * target holds the previous state or the complete result, whatever happens to the process.
 *
 * <p>The partial is locked ({@code flock}) for as long as its writer lives; the kernel drops the lock
 * when the process ends, however it ends. That one lock answers both questions a new run asks of the
 * partials it finds beside its target: one that is locked belongs to a run still writing that target
 * (the new run is refused, never interleaved), one that is not was left by a run that is gone and is
 * removed (the sweep). Nothing here follows a symbolic link: partials are created with
 * {@code O_EXCL}/{@code mkdir}, opened with {@code O_NOFOLLOW}, and the sweep skips links and entries
 * of other users.
 */
final class PendingTarget implements AutoCloseable {
    static final String PARTIAL = ".tessella-partial-";
    private static final Pattern PARTIAL_NAME = Pattern.compile("^\\.(.+)\\.tessella-partial-(\\d+)-([0-9a-f]+)$");
    private static final int ATTEMPTS = 8;

    enum Kind { FILE, DIRECTORY }

    private final Path target;
    private final Path partial;
    private final Kind kind;
    private final boolean overwrite;
    private final NativeFile handle;
    private boolean published;
    private boolean closed;

    private PendingTarget(Path target, Path partial, Kind kind, boolean overwrite, NativeFile handle) {
        this.target = target;
        this.partial = partial;
        this.kind = kind;
        this.overwrite = overwrite;
        this.handle = handle;
    }

    /**
     * Reserves {@code target}: refuses it if a result is there (unless {@code overwrite}) or another
     * run is writing it, sweeps partials of finished runs beside it, and creates this run's partial.
     *
     * @throws IllegalArgumentException if the directory is missing, a result exists, or the kind differs
     * @throws OutputBusyException if another live run is writing the same target
     * @throws UncheckedIOException if the partial cannot be created (permissions, read-only file system)
     */
    static PendingTarget reserve(Path target, Kind kind, boolean overwrite) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new IllegalArgumentException("path = " + target + " names no file");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("path = " + target + ": directory " + dir + " does not exist");
        }
        refuseExisting(abs, kind, overwrite);
        for (int attempt = 0; ; attempt++) {
            Path partial = dir.resolve("." + abs.getFileName() + PARTIAL + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
            NativeFile handle = null;
            try {
                if (kind == Kind.FILE) {
                    handle = NativeFile.createNew(partial);
                } else {
                    Files.createDirectory(partial);
                    handle = NativeFile.openDirectory(partial);
                }
                // A sweeper in another run may have taken this partial for stale in the instant between
                // its creation and this lock; then it is gone, or locked by the sweeper: start again.
                if (handle.tryLock() && handle.isAt(partial)) {
                    PendingTarget pending = new PendingTarget(abs, partial, kind, overwrite, handle);
                    try {
                        pending.sweep();
                    } catch (RuntimeException e) {
                        pending.close();
                        throw e;
                    }
                    return pending;
                }
                handle.close();
                if (attempt >= ATTEMPTS) {
                    throw new OutputBusyException("cannot reserve " + abs + ": its partial files keep disappearing (another process "
                            + "is removing files in " + dir + ")");
                }
            } catch (ErrnoException e) {
                closeQuietly(handle, e);
                throw new OutputException(abs, "cannot create its partial file " + partial.getFileName() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                closeQuietly(handle, e);
                String why = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.toString();
                throw new OutputException(abs, "cannot create its partial file " + partial.getFileName() + ": " + why, e);
            }
        }
    }

    private static void refuseExisting(Path target, Kind kind, boolean overwrite) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean isDir = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
        if (kind == Kind.FILE && isDir) {
            throw new IllegalArgumentException("path = " + target + " is a directory, not a file");
        }
        if (kind == Kind.DIRECTORY && !isDir) {
            throw new IllegalArgumentException("path = " + target + " exists and is not a directory");
        }
        if (kind == Kind.DIRECTORY && isEmptyDirectory(target)) {
            return;
        }
        if (!overwrite) {
            throw new IllegalArgumentException("path = " + target + " already exists (pass WriteOption.OVERWRITE to replace it)");
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Partials beside the target: a locked one of the same target means another run is writing it;
     * unlocked ones, of any target, belong to runs that are gone, and are removed.
     */
    private void sweep() {
        String mine = partial.getFileName().toString();
        String ownName = target.getFileName().toString();
        Object me;
        try {
            me = Files.getAttribute(partial, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(), p -> PARTIAL_NAME.matcher(p.getFileName().toString()).matches())) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.equals(mine) || Files.isSymbolicLink(p)) {
                    continue;
                }
                try {
                    if (!me.equals(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                        continue;
                    }
                } catch (NoSuchFileException e) {
                    continue;
                }
                var m = PARTIAL_NAME.matcher(name);
                boolean sameTarget = m.matches() && m.group(1).equals(ownName);
                try (NativeFile other = NativeFile.openForLock(p)) {
                    if (!other.tryLock()) {
                        if (sameTarget) {
                            throw new OutputBusyException(target + " is being written by another run (pid " + m.group(2)
                                    + ", partial " + p.getFileName() + "); wait for it to finish, or choose another output");
                        }
                        continue;
                    }
                    deleteTree(p);
                } catch (ErrnoException e) {
                    // Gone meanwhile, or not ours to open: nothing to sweep.
                }
            }
        } catch (IOException e) {
            // The sweep is housekeeping: a directory we cannot list will fail the real work with a clearer error.
        }
    }

    /** The partial file (for {@link Kind#FILE}): write and reserve through it. */
    NativeFile file() {
        if (kind != Kind.FILE) {
            throw new IllegalStateException(partial + " is a directory");
        }
        return handle;
    }

    /** Where the result is being built. */
    Path partial() {
        return partial;
    }

    /** Where the result appears. */
    Path target() {
        return target;
    }

    boolean isPublished() {
        return published;
    }

    /**
     * Makes the partial the target in one step, and makes that durable: the partial's own data must
     * already be on disk (its writer syncs it). Without overwrite, a target that appeared meanwhile is
     * not replaced.
     *
     * @throws IllegalArgumentException if a result appeared at the target and overwriting was not asked for
     * @throws UncheckedIOException if the rename or the sync fails
     */
    void publish() {
        if (closed || published) {
            throw new IllegalStateException(published ? target + " is already published" : "the output for " + target + " was closed");
        }
        try {
            if (kind == Kind.DIRECTORY) {
                handle.sync();
                publishDirectory();
            } else {
                publishFile();
            }
            published = true;
            try (NativeFile dir = NativeFile.openDirectory(target.getParent())) {
                dir.sync();
            }
        } catch (ErrnoException e) {
            if (e.isExists()) {
                throw new IllegalArgumentException("path = " + target + " appeared while the result was computed; it was not replaced"
                        + " (pass WriteOption.OVERWRITE to replace it)", e);
            }
            throw new OutputException(target, "cannot publish it: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OutputException(target, "cannot publish it: " + e, e);
        } finally {
            if (published) {
                closed = true;
                handle.close();
            }
        }
    }

    private void publishFile() throws IOException {
        if (overwrite) {
            NativeFile.rename(partial, target, true);
            return;
        }
        if (NativeFile.rename(partial, target, false)) {
            return;
        }
        // No RENAME_NOREPLACE here: a hard link is the other way to claim a name only if it is free.
        Files.createLink(target, partial);
        Files.delete(partial);
    }

    private void publishDirectory() throws IOException {
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (!exists && NativeFile.rename(partial, target, false)) {
            return;
        }
        if (!exists || isEmptyDirectory(target)) {
            // rename(2) replaces an empty directory, and fails if it is not empty (any more).
            NativeFile.rename(partial, target, true);
            return;
        }
        if (!overwrite) {
            throw new IllegalArgumentException("path = " + target + " appeared while the result was computed; it was not replaced"
                    + " (pass WriteOption.OVERWRITE to replace it)");
        }
        if (NativeFile.exchange(partial, target)) {
            deleteTree(partial);
            return;
        }
        // No RENAME_EXCHANGE here: move the old result aside under a partial name (so a crash leaves it to
        // the sweep), then the new one in. Readers may find no result in between, never a mix.
        Path old = target.getParent().resolve("." + target.getFileName() + PARTIAL + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        NativeFile.rename(target, old, false);
        NativeFile.rename(partial, target, false);
        deleteTree(old);
    }

    /** Removes the partial unless it was published; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            deleteTree(partial);
        } catch (IOException e) {
            throw new OutputException(target, "cannot remove its partial output " + partial.getFileName() + ": " + e, e);
        } finally {
            handle.close();
        }
    }

    /** Deletes a file or a directory tree, never following a symbolic link. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void closeQuietly(NativeFile handle, Throwable failure) {
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public String toString() {
        return "PendingTarget[" + target + " <- " + partial + (published ? ", published" : closed ? ", closed" : "") + "]";
    }
}

package io.tessella.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A file descriptor Tessella opened itself, for the files it creates: results, their partial
 * forms, checkpoint work files and lock files. What {@link java.nio.channels.FileChannel} cannot do is
 * why this exists: reserve a file's blocks in one step ({@code fallocate}), so a full disk fails
 * before any write instead of as a {@code SIGBUS} in a mapped page; lock with {@code flock}, whose
 * lock belongs to the open file and dies with the process (so a crashed run's lock is gone, and two
 * descriptors in one process exclude each other); and refuse symbolic links at open
 * ({@code O_NOFOLLOW}, {@code O_EXCL}).
 *
 * <p>Ownership: the caller closes it; {@link #close()} is idempotent and releases the lock.
 * Thread-safety: the calls are the kernel's and may be made from any thread; {@code close} must not
 * race with other calls on the same instance.
 *
 * <pre>{@code
 * try (NativeFile f = NativeFile.createNew(partial)) {
 *     f.allocate(bytes);                       // ENOSPC here, before any data is written
 *     MemorySegment data = f.map(bytes, arena);
 * }
 * }</pre>
 */
public final class NativeFile implements AutoCloseable {
    private static final int FILE_MODE = 0666;

    private final int fd;
    private final Path path;
    private final ResourceLedger.Entry ledger;
    private boolean closed;

    private NativeFile(int fd, Path path) {
        this.fd = fd;
        this.path = path;
        this.ledger = ResourceLedger.register("file", "descriptor " + fd + " of " + path, 0);
    }

    /**
     * Creates a new file that did not exist (no symbolic link, no existing file is ever opened), for
     * reading and writing, mode {@code 0666} less the umask.
     *
     * @throws ErrnoException {@code EEXIST} if anything is at the path, or any other failure
     */
    public static NativeFile createNew(Path path) throws ErrnoException {
        return open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
    }

    /**
     * Opens a regular file for reading and writing, creating it when absent; a symbolic link at the path
     * is refused ({@link ErrnoException#isSymbolicLink()}).
     */
    public static NativeFile openOrCreate(Path path) throws ErrnoException {
        return open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
    }

    /** Opens an existing file or directory read-only without following a symbolic link: enough to lock it. */
    public static NativeFile openForLock(Path path) throws ErrnoException {
        return open(path, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
    }

    /** Opens an existing directory read-only (not through a symbolic link): to lock it or to sync it. */
    public static NativeFile openDirectory(Path path) throws ErrnoException {
        return open(path, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
    }

    private static NativeFile open(Path path, int flags) throws ErrnoException {
        Libc.check();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int fd;
            do {
                fd = (int) Libc.Handles.OPEN.invokeExact(state, Libc.cString(scratch, path.toString()), flags, FILE_MODE);
            } while (fd < 0 && Libc.errno(state) == Libc.EINTR);
            if (fd < 0) {
                throw new ErrnoException("open(" + path + ")", Libc.errno(state));
            }
            return new NativeFile(fd, path);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("open", t);
        }
    }

    /** The path this file was opened by (it may have been renamed since). */
    public Path path() {
        return path;
    }

    /**
     * Takes an exclusive {@code flock} without waiting. The lock belongs to this open file: another
     * {@code NativeFile} on the same file, in this process or another, cannot take it until this one is
     * closed or its process ends, however it ends.
     *
     * @return true if taken, false if someone else holds it
     */
    public boolean tryLock() throws ErrnoException {
        ensureOpen();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc;
            do {
                rc = (int) Libc.Handles.FLOCK.invokeExact(state, fd, Libc.LOCK_EX | Libc.LOCK_NB);
            } while (rc != 0 && Libc.errno(state) == Libc.EINTR);
            if (rc == 0) {
                return true;
            }
            int err = Libc.errno(state);
            if (err == Libc.EAGAIN) {
                return false;
            }
            throw new ErrnoException("flock(" + path + ")", err);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("flock", t);
        }
    }

    /**
     * Reserves the file's first {@code length} bytes on disk ({@code fallocate}), growing the file to at
     * least that size; they read as zero. After this, writes into the range through a mapping cannot fail
     * for lack of space.
     *
     * @return true if reserved; false if this file system cannot reserve space ({@code EOPNOTSUPP}), in
     *         which case nothing changed
     * @throws ErrnoException {@link ErrnoException#isNoSpace()} when the disk is too full, or another failure
     */
    public boolean allocate(long length) throws ErrnoException {
        ensureOpen();
        if (length == 0) {
            return true;
        }
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc;
            do {
                rc = (int) Libc.Handles.FALLOCATE.invokeExact(state, fd, 0, 0L, length);
            } while (rc != 0 && Libc.errno(state) == Libc.EINTR);
            if (rc == 0) {
                return true;
            }
            int err = Libc.errno(state);
            if (err == Libc.EOPNOTSUPP || err == Libc.ENOSYS) {
                return false;
            }
            throw new ErrnoException("fallocate(" + path + ", " + length + " bytes)", err);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("fallocate", t);
        }
    }

    /**
     * Makes the file {@code length} bytes long with all of them reserved ({@link #allocate}), or, where the
     * file system cannot reserve space, as a sparse file ({@link #truncate}). A full disk is an
     * {@link ErrnoException} ({@link ErrnoException#isNoSpace()}) whose message says how many bytes the
     * file needs and how many are free.
     */
    public void reserve(long length) throws ErrnoException {
        try {
            if (!allocate(length)) {
                truncate(length);
            }
        } catch (ErrnoException e) {
            if (!e.isNoSpace()) {
                throw e;
            }
            String free;
            try {
                free = Long.toString(java.nio.file.Files.getFileStore(path.toAbsolutePath().getParent()).getUsableSpace());
            } catch (java.io.IOException unknown) {
                free = "an unknown number of";
            }
            throw new ErrnoException("it needs " + length + " bytes, " + free + " are free there", e);
        }
    }

    /**
     * Sets the file's size ({@code ftruncate}): growing it leaves a hole that reads as zero and takes no
     * disk until written, which is what a file system that cannot {@linkplain #allocate reserve} gets.
     */
    public void truncate(long length) throws ErrnoException {
        ensureOpen();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc;
            do {
                rc = (int) Libc.Handles.FTRUNCATE.invokeExact(state, fd, length);
            } while (rc != 0 && Libc.errno(state) == Libc.EINTR);
            if (rc != 0) {
                throw new ErrnoException("ftruncate(" + path + ", " + length + " bytes)", Libc.errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("ftruncate", t);
        }
    }

    /**
     * Whether {@code other} names this open file right now (same device and inode; a symbolic link at
     * {@code other} is not followed): false once the file was renamed away or unlinked.
     */
    public boolean isAt(Path other) {
        ensureOpen();
        try {
            var mine = java.nio.file.Files.readAttributes(Path.of("/proc/self/fd/" + fd), "unix:dev,ino");
            var theirs = java.nio.file.Files.readAttributes(other, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return mine.get("dev").equals(theirs.get("dev")) && mine.get("ino").equals(theirs.get("ino"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Writes all of {@code data} at byte {@code offset} of the file ({@code pwrite}, repeated until done). */
    public void write(long offset, MemorySegment data) throws ErrnoException {
        ensureOpen();
        if (!data.isNative()) {
            throw new IllegalArgumentException("data must be native memory, not " + data);
        }
        long done = 0;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            while (done < data.byteSize()) {
                long n = (long) Libc.Handles.PWRITE.invokeExact(state, fd, data.asSlice(done), data.byteSize() - done, offset + done);
                if (n < 0) {
                    int err = Libc.errno(state);
                    if (err == Libc.EINTR) {
                        continue;
                    }
                    throw new ErrnoException("pwrite(" + path + ", " + (data.byteSize() - done) + " bytes at " + (offset + done) + ")", err);
                }
                done += n;
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("pwrite", t);
        }
    }

    /**
     * Maps the file's first {@code length} bytes read-write and shared: writes reach the file. The
     * mapping belongs to {@code arena} and is unmapped when it closes; it outlives {@link #close()}.
     * Reserve the bytes first ({@link #allocate}) so that no write into the mapping can fault.
     */
    public MemorySegment map(long length, Arena arena) throws ErrnoException {
        ensureOpen();
        return VirtualMemory.mapFile(arena, fd, path.toString(), length);
    }

    /** Waits until the file's data and metadata are on disk ({@code fsync}). */
    public void sync() throws ErrnoException {
        ensureOpen();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc = (int) Libc.Handles.FSYNC.invokeExact(state, fd);
            if (rc != 0) {
                throw new ErrnoException("fsync(" + path + ")", Libc.errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("fsync", t);
        }
    }

    /**
     * Renames {@code from} to {@code to} in one step ({@code renameat2}): with {@code replace} false, fails
     * with {@link ErrnoException#isExists()} if anything is at {@code to}; with {@code replace} true,
     * replaces a file or an empty directory there.
     *
     * @return false if the file system cannot rename without replacing ({@code EINVAL}); nothing changed then
     */
    public static boolean rename(Path from, Path to, boolean replace) throws ErrnoException {
        return renameat2(from, to, replace ? 0 : Libc.RENAME_NOREPLACE);
    }

    /**
     * Swaps {@code a} and {@code b} in one step ({@code renameat2(RENAME_EXCHANGE)}): both must exist,
     * and may be directories.
     *
     * @return false if this file system cannot exchange ({@code EINVAL}); nothing changed then
     */
    public static boolean exchange(Path a, Path b) throws ErrnoException {
        return renameat2(a, b, Libc.RENAME_EXCHANGE);
    }

    private static boolean renameat2(Path from, Path to, int flags) throws ErrnoException {
        Libc.check();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc = (int) Libc.Handles.RENAMEAT2.invokeExact(state, Libc.AT_FDCWD, Libc.cString(scratch, from.toString()), Libc.AT_FDCWD,
                    Libc.cString(scratch, to.toString()), flags);
            if (rc == 0) {
                return true;
            }
            int err = Libc.errno(state);
            if (flags != 0 && (err == Libc.EINVAL || err == Libc.ENOSYS)) {
                return false;
            }
            throw new ErrnoException("rename(" + from + ", " + to + ")", err);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("renameat2", t);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("file " + path + " was closed");
        }
    }

    /** Closes the descriptor (releasing its lock); idempotent. Mappings made from it stay valid. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ledger.close();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(Libc.Handles.CAPTURE);
            int rc = (int) Libc.Handles.CLOSE.invokeExact(state, fd);
            if (rc != 0 && Libc.errno(state) != Libc.EINTR) {
                throw new java.io.UncheckedIOException(new ErrnoException("close(" + path + ")", Libc.errno(state)));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.downcallFailed("close", t);
        }
    }

    @Override
    public String toString() {
        return "NativeFile[" + path + (closed ? ", closed" : "") + "]";
    }
}

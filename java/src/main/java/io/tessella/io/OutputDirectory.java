package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.os.ErrnoException;
import io.tessella.os.NativeFile;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A result made of several files (the index build's {@code xs.npy}, {@code ys.npy}, {@code idxs.npy},
 * {@code summary.json}) that appears as a unit: the files are written into a partial directory beside
 * the target and {@link #commit()} renames the directory onto the target in one step (exchanging it
 * with an older result when overwriting). No reader can ever see a mix of an old and a new result, or
 * an incomplete set; {@link #close()} without a commit removes everything.
 *
 * <p>A target that is an empty directory counts as absent (it is replaced); a non-empty one is refused
 * unless {@link WriteOption#OVERWRITE} is given. While it is being written the partial directory is
 * locked, so a second run writing the same target is refused ({@link OutputBusyException}).
 *
 * <p>Ownership: the caller closes it. Thread-safety: files may be created and written from several
 * threads; {@code commit} and {@code close} are called once, by the owner, after the writers are done.
 *
 * <pre>{@code
 * try (OutputDirectory out = OutputDirectory.create(Path.of("result"))) {
 *     NpyFile.save ... out.save("idxs.npy", idxs);
 *     out.writeString("summary.json", json);     // last: a summary means the rest is there
 *     out.commit();                              // result/ appears with every file in it
 * }
 * }</pre>
 */
public final class OutputDirectory implements AutoCloseable {
    private final PendingTarget pending;
    private final List<NpyOutput> files = new ArrayList<>();
    private boolean committed;

    private OutputDirectory(PendingTarget pending) {
        this.pending = pending;
    }

    /**
     * Reserves {@code target} for a new result directory.
     *
     * @throws IllegalArgumentException if its parent does not exist, or a result is there and {@link WriteOption#OVERWRITE} is not given
     * @throws OutputBusyException if another run is writing the same target
     * @throws UncheckedIOException if the partial directory cannot be created
     */
    public static OutputDirectory create(Path target, WriteOption... options) {
        Objects.requireNonNull(target, "target");
        boolean overwrite = List.of(options).contains(WriteOption.OVERWRITE);
        return new OutputDirectory(PendingTarget.reserve(target, PendingTarget.Kind.DIRECTORY, overwrite));
    }

    /** Where the result appears on commit. */
    public Path path() {
        return pending.target();
    }

    /**
     * The partial directory being written, for writers in other processes (Spark's own file writers, an
     * executor's work files): what they leave in it is published with the result by {@link #commit()},
     * and removed with it by {@link #close()} without one. The owner removes its work files before
     * committing.
     */
    public Path partialPath() {
        return pending.partial();
    }

    /**
     * A new {@code .npy} file in the result, mapped for writing; commit it (its own {@link NpyOutput#commit()})
     * before committing the directory.
     *
     * @param name a relative path inside the result, e.g. {@code "xs.npy"} or {@code "index/xs.npy"}
     */
    public synchronized NpyOutput createNpy(String name, DType dtype, long... shape) {
        ensureOpen();
        try {
            NpyOutput out = NpyOutput.create(place(name), dtype, shape, false, false);
            files.add(out);
            return out;
        } catch (OutputException e) {
            throw inside(name, e);
        }
    }

    /**
     * A new one-dimensional {@code .npy} file in the result whose length is known only at the end
     * ({@link GrowingNpyFile}): {@link GrowingNpyFile#finish finish} it before committing the directory.
     *
     * @param name a relative path inside the result
     */
    public GrowingNpyFile createGrowing(String name, DType dtype) {
        ensureOpen();
        return GrowingNpyFile.createIn(place(name), dtype, pending.target(), name);
    }

    /**
     * Moves a finished file into the result as {@code name}: renamed when it is on the same file system,
     * else copied and synced, then removed from where it was.
     *
     * @param file a regular file this run wrote (a checkpoint's finished output)
     * @return where the file is now, inside the directory being written (until it is committed)
     */
    public Path adopt(String name, Path file) {
        ensureOpen();
        Path to = place(name);
        try {
            try {
                java.nio.file.Files.move(file, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException other) {
                java.nio.file.Files.copy(file, to, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                try (NativeFile copy = NativeFile.openForLock(to)) {
                    copy.sync();
                }
                java.nio.file.Files.delete(file);
            }
        } catch (java.io.IOException e) {
            throw new OutputException(pending.target(), name + ": cannot move " + file + " into it: " + e, e);
        }
        return to;
    }

    /** Writes {@code array} (any view) as {@code name} (a relative path) in the result; complete when this returns. */
    public void save(String name, NdArray array) {
        ensureOpen();
        try {
            NpyFile.save(place(name), array);
        } catch (OutputException e) {
            throw inside(name, e);
        }
    }

    /** A file's failure as the directory's: the partial directory's name means nothing to the caller. */
    private OutputException inside(String name, OutputException e) {
        return new OutputException(pending.target(), name + ": " + e.reason(), e.getCause());
    }

    /** Writes {@code text} as UTF-8 into a new file {@code name} (a relative path) of the result, synced to disk. */
    public void writeString(String name, String text) {
        ensureOpen();
        Path file = place(name);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (NativeFile f = NativeFile.createNew(file); Arena scratch = Arena.ofConfined()) {
            MemorySegment data = scratch.allocate(Math.max(1, bytes.length)).asSlice(0, bytes.length);
            data.copyFrom(MemorySegment.ofArray(bytes));
            f.write(0, data);
            f.sync();
        } catch (ErrnoException e) {
            throw new OutputException(pending.target(), name + ": cannot write it: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes the directory with every file in it.
     *
     * @throws IllegalStateException if a file from {@link #createNpy} was not committed
     * @throws IllegalArgumentException if a result appeared at the target meanwhile and overwriting was not asked for
     * @throws UncheckedIOException if the rename or the sync fails
     */
    public synchronized void commit() {
        if (committed) {
            return;
        }
        for (NpyOutput f : files) {
            if (!f.isCommitted()) {
                throw new IllegalStateException("cannot commit " + pending.target() + ": its file " + f.path().getFileName()
                        + " was not committed");
            }
        }
        pending.publish();
        committed = true;
    }

    /** Whether {@link #commit()} published the result. */
    public synchronized boolean isCommitted() {
        return committed;
    }

    /** Without a {@link #commit()}, removes the partial directory and everything in it; idempotent. */
    @Override
    public synchronized void close() {
        if (committed) {
            return;
        }
        RuntimeException failure = null;
        for (NpyOutput f : files) {
            try {
                f.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            pending.close();
        } catch (RuntimeException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void ensureOpen() {
        if (committed) {
            throw new IllegalStateException("the result " + pending.target() + " was already committed");
        }
    }

    /**
     * Where {@code name} goes inside the partial directory, its parent directories created: a relative
     * path of plain names, never leaving the result.
     */
    private Path place(String name) {
        Objects.requireNonNull(name, "name");
        String[] parts = name.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("name = " + Untrusted.quote(name) + " is not a relative path of plain names");
            }
        }
        Path file = pending.partial().resolve(name);
        if (parts.length > 1) {
            try {
                java.nio.file.Files.createDirectories(file.getParent());
            } catch (java.io.IOException e) {
                throw new OutputException(pending.target(), "cannot create its folder " + name.substring(0, name.lastIndexOf('/')) + ": " + e, e);
            }
        }
        return file;
    }

    @Override
    public String toString() {
        return "OutputDirectory[" + pending.target() + (committed ? ", committed" : "") + "]";
    }
}

package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.os.ErrnoException;
import io.tessella.os.NativeFile;
import io.tessella.os.ResourceLedger;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A {@code .npy} result being written: its data mapped read-write as an {@link NdArray}, under a
 * partial name beside the target, until {@link #commit()} makes it appear under its own name in one
 * step. Closing it without a commit removes it. So a file at the target's name is always a complete
 * result: a run that fails, is cancelled or is killed at any moment leaves the previous state.
 *
 * <p>The file's space is reserved when it is created ({@code fallocate}): a full disk is an exception
 * here, naming the path and the bytes needed, before anything is computed, and never a fault in a
 * mapped page later. (On a file system that cannot reserve space the file stays sparse, as before.)
 * Its array is {@link NdArray#isUntouched() untouched}: the first {@code ArrayOps} operation writing it
 * has each worker fault in the pages of its own tile just before computing it ({@code MADV_POPULATE_WRITE}),
 * so the page faults of a fresh file run on every core at once.
 *
 * <p>Ownership: the caller closes it, in a try-with-resources around the work. The array is valid until
 * {@link #commit()} or {@link #close()}; after that any access through it throws
 * {@link IllegalStateException}. Thread-safety: the array may be written from many threads (as any
 * {@code NdArray}); {@code commit} and {@code close} are called once, by the owner, after the writers
 * are done.
 *
 * <pre>{@code
 * try (NpyOutput out = NpyFile.create(Path.of("r.npy"), DType.FLOAT64, 100_000, 10_000)) {
 *     ops.outer(out.array(), y, x, OuterImpl.AUTO);
 *     out.commit();                       // r.npy appears, complete and on disk
 * }                                       // without commit (an exception above): nothing appears
 * }</pre>
 */
public final class NpyOutput implements AutoCloseable {
    private final PendingTarget pending;
    private final Arena arena;
    private final NdArray array;
    private boolean committed;
    private boolean closed;

    private NpyOutput(PendingTarget pending, Arena arena, NdArray array) {
        this.pending = pending;
        this.arena = arena;
        this.array = array;
    }

    static NpyOutput create(Path path, DType dtype, long[] shape, boolean fortranOrder, boolean overwrite) {
        long[] strides = fortranOrder ? NdArray.fStrides(dtype, shape) : NdArray.cStrides(dtype, shape);
        byte[] header = NpyHeader.encode(dtype, fortranOrder, shape);
        long total = fileBytes(header.length, dtype, shape);
        PendingTarget pending = PendingTarget.reserve(path, PendingTarget.Kind.FILE, overwrite);
        Arena arena = null;
        try {
            NativeFile f = pending.file();
            reserve(f, total, pending.target());
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment h = scratch.allocate(header.length);
                h.copyFrom(MemorySegment.ofArray(header));
                f.write(0, h);
            }
            ResourceLedger.TrackedArena mapping = ResourceLedger.sharedArena("the mapping of " + pending.partial() + ", to publish as "
                    + pending.target());
            arena = mapping;
            MemorySegment data = f.map(total, arena);
            mapping.account(total);
            // Just reserved and mapped, nothing written: the first job writing it pre-faults each tile in its worker.
            NdArray array = NdArray.wrap(data, header.length, dtype, shape, strides).asUntouched();
            return new NpyOutput(pending, arena, array);
        } catch (ErrnoException e) {
            discard(pending, arena, e);
            throw new OutputException(pending.target(), "cannot write it: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            discard(pending, arena, e);
            throw e;
        }
    }

    /** Header plus data bytes, refusing shapes whose file size overflows a long. */
    static long fileBytes(int headerBytes, DType dtype, long[] shape) {
        try {
            long data = dtype.byteSize();
            for (long d : shape) {
                data = Math.multiplyExact(data, d);
            }
            return Math.addExact(headerBytes, data);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " is too large for a file", e);
        }
    }

    /**
     * Reserves {@code bytes} for the file, or says exactly what is missing: the path, the bytes it needs
     * and what the file system has free.
     */
    static void reserve(NativeFile f, long bytes, Path target) throws ErrnoException {
        try {
            f.reserve(bytes);
        } catch (ErrnoException e) {
            if (e.isNoSpace()) {
                throw new OutputException(target, "not enough space: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static void discard(PendingTarget pending, Arena arena, Throwable failure) {
        try {
            if (arena != null) {
                arena.close();
            }
            pending.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The file's data, mapped read-write; valid until {@link #commit()} or {@link #close()}.
     *
     * @throws IllegalStateException after commit or close
     */
    public NdArray array() {
        if (committed || closed) {
            throw new IllegalStateException("the output " + pending.target() + " was already " + (committed ? "committed" : "closed"));
        }
        return array;
    }

    /** Where the result appears on commit. */
    public Path path() {
        return pending.target();
    }

    /**
     * The partial file being written, for writers in other processes (a Spark executor on a shared file
     * system): they open it without creating it, write element {@code k} (C order) at byte
     * {@link #dataOffset()} {@code + k * dtype.byteSize()} with positioned writes, and force their writes
     * to disk before they report done. The file is already its final size and its header is written; it
     * appears under {@link #path()} only through this output's {@link #commit()}, which the owner calls
     * once every writer has reported, and it is removed by {@link #close()} without one.
     */
    public Path partialPath() {
        return pending.partial();
    }

    /** The byte offset of the first element in the file: the header's length. */
    public long dataOffset() {
        return array.byteOffset();
    }

    /** Whether {@link #commit()} has published the result. */
    public boolean isCommitted() {
        return committed;
    }

    /**
     * Publishes the result: unmaps it, waits until its data is on disk, and renames it onto its path in
     * one step (refusing to replace a file that appeared meanwhile, unless overwriting was asked for).
     * Call it once every element is written and no thread writes any more. Idempotent once it succeeded.
     *
     * @throws IllegalArgumentException if a file appeared at the path meanwhile and overwriting was not asked for
     * @throws UncheckedIOException if the data cannot be written (an I/O error) or renamed
     * @throws IllegalStateException if the output was closed, or a native call still uses the array
     */
    public void commit() {
        if (committed) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("the output " + pending.target() + " was closed without a commit");
        }
        arena.close();
        try {
            pending.file().sync();
        } catch (ErrnoException e) {
            throw new OutputException(pending.target(), "cannot write it: " + e.getMessage(), e);
        }
        pending.publish();
        committed = true;
    }

    /** Without a {@link #commit()}, unmaps and removes the partial file; after one, does nothing. Idempotent. */
    @Override
    public void close() {
        if (committed || closed) {
            return;
        }
        closed = true;
        try {
            if (arena.scope().isAlive()) {
                arena.close();
            }
        } finally {
            pending.close();
        }
    }

    @Override
    public String toString() {
        return "NpyOutput[" + pending.target() + ", " + array.dtype() + " " + Arrays.toString(array.shape())
                + (committed ? ", committed" : closed ? ", closed" : "") + "]";
    }
}

package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.os.ErrnoException;
import io.tessella.os.NativeFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A one-dimensional {@code .npy} file whose length is known only at the end: elements are written
 * at their offsets as they come ({@code pwrite}, from any thread, in any order), and {@link #finish}
 * writes the header with the final length. For results that stream to disk (the index build's
 * coordinates and indices) without ever being held in memory: written data goes to the page cache, which
 * the kernel writes back and may evict, so the writer's resident memory does not grow with the result.
 *
 * <p>The header's length does not depend on the element count (NumPy pads the shape to 21 digits), so
 * the data's place is fixed from the start. Until {@link #finish} the file is not a valid result; it
 * always lives under a partial or checkpoint name, which the caller publishes or removes.
 *
 * <p>Ownership: the caller closes it (the descriptor; the file stays). Thread-safety: {@link #write} may
 * be called from many threads at once for disjoint ranges; the rest by one thread.
 *
 * <pre>{@code
 * try (GrowingNpyFile xs = out.createGrowing("xs.npy", DType.INT64)) {
 *     xs.write(offset, tileCoordinates);          // from any worker, any order
 *     xs.finish(total);                           // header with the final shape, synced
 * }
 * }</pre>
 */
public final class GrowingNpyFile implements AutoCloseable {
    private final Path path;
    private final DType dtype;
    private final NativeFile file;
    private final long dataOffset;
    /** What failures name: the result this file is part of, and the file's name in it. */
    private final Path reportAs;
    private final String label;

    private GrowingNpyFile(Path path, DType dtype, NativeFile file, Path reportAs, String label) {
        this.path = path;
        this.dtype = dtype;
        this.file = file;
        this.dataOffset = NpyHeader.encode(dtype, false, new long[] {0}).length;
        this.reportAs = reportAs;
        this.label = label;
    }

    /** A file of a directory result: its failures name the result and the file's name in it. */
    static GrowingNpyFile createIn(Path path, DType dtype, Path result, String name) {
        try {
            return new GrowingNpyFile(path, dtype, NativeFile.createNew(path), result, name + ": ");
        } catch (ErrnoException e) {
            throw new OutputException(result, name + ": cannot create it: " + e.getMessage(), e);
        }
    }

    private OutputException failed(String what, ErrnoException e) {
        return new OutputException(reportAs, label + (e.isNoSpace() ? "not enough space: " : what) + e.getMessage(), e);
    }

    /**
     * Creates a new file at {@code path}, which must not exist (it is never a link followed).
     *
     * @throws OutputException if it cannot be created
     */
    public static GrowingNpyFile create(Path path, DType dtype) {
        Objects.requireNonNull(dtype, "dtype");
        try {
            return new GrowingNpyFile(path, dtype, NativeFile.createNew(path), path, "");
        } catch (ErrnoException e) {
            throw new OutputException(path, "cannot create it: " + e.getMessage(), e);
        }
    }

    /**
     * Reopens a file this class wrote (a checkpoint's), keeping its first {@code elements} elements and
     * cutting anything after them: what a run killed after them may have written is not trusted.
     *
     * @throws OutputException if it cannot be opened (a symbolic link is refused) or cut
     */
    public static GrowingNpyFile resume(Path path, DType dtype, long elements) {
        Objects.requireNonNull(dtype, "dtype");
        NativeFile f = null;
        try {
            f = NativeFile.openOrCreate(path);
            GrowingNpyFile g = new GrowingNpyFile(path, dtype, f, path, "");
            f.truncate(Math.addExact(g.dataOffset, Math.multiplyExact(elements, dtype.byteSize())));
            return g;
        } catch (ErrnoException e) {
            if (f != null) {
                f.close();
            }
            throw new OutputException(path, "cannot reopen it: " + e.getMessage(), e);
        }
    }

    /** Where the file is. */
    public Path path() {
        return path;
    }

    /**
     * Writes {@code data} (a whole number of elements, native little-endian) as elements
     * {@code [elementOffset, elementOffset + data.byteSize() / itemsize)}.
     *
     * @throws OutputException when the disk is full or the write fails
     */
    public void write(long elementOffset, MemorySegment data) {
        try {
            file.write(dataOffset + elementOffset * dtype.byteSize(), data);
        } catch (ErrnoException e) {
            throw failed("cannot write it: ", e);
        }
    }

    /** Waits until what was written is on disk. */
    public void sync() {
        try {
            file.sync();
        } catch (ErrnoException e) {
            throw failed("cannot write it: ", e);
        }
    }

    /**
     * Makes the file the complete {@code .npy} of {@code elements} elements: writes the header NumPy
     * writes for that shape, cuts the file at the data's end, and syncs it.
     */
    public void finish(long elements) {
        byte[] header = NpyHeader.encode(dtype, false, new long[] {elements});
        if (header.length != dataOffset) {
            throw new IllegalStateException("header of " + elements + " elements is " + header.length + " bytes, not " + dataOffset);
        }
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment h = scratch.allocate(header.length);
            h.copyFrom(MemorySegment.ofArray(header));
            file.truncate(dataOffset + elements * dtype.byteSize());
            file.write(0, h);
            file.sync();
        } catch (ErrnoException e) {
            throw failed("cannot write it: ", e);
        }
    }

    /** Closes the descriptor; the file stays where it is. Idempotent. */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "GrowingNpyFile[" + path + ", " + dtype + "]";
    }
}

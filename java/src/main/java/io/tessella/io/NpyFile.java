package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * NumPy {@code .npy} files memory-mapped as {@link NdArray}s, NumPy's {@code mmap_mode} 'r', 'r+' and
 * 'w+' without copying data into the Java heap.
 *
 * <ul>
 *   <li>{@link #open(Path, Mode)} maps an existing file read-only ({@link Mode#READ_ONLY}, 'r') or
 *       read-write ({@link Mode#READ_WRITE}, 'r+'). Format versions 1.0, 2.0, 3.0; dtypes
 *       {@code f8 i8 f4 i4} in either byte order (a big-endian {@code >f8} file maps as a big-endian
 *       array, {@link NdArray#byteOrder()}, read and written in place without conversion); C order, and
 *       Fortran order as a strided view (its {@link NdArray#isFContiguous()} is true). Anything else is
 *       an {@link IllegalArgumentException} naming the file and what is wrong: an unsupported
 *       descriptor, a corrupt or truncated header, data shorter than the header claims.</li>
 *   <li>{@link #create(Path, DType, long...)} ('w+') makes a new C-order file of the given shape and
 *       maps it read-write. The data region is sparse (reads as zero) until written.</li>
 *   <li>{@link #save(Path, NdArray)} writes any array (any view) to a new file.</li>
 * </ul>
 *
 * <p><b>Ownership and durability.</b> Each returned array owns its mapping: {@link NdArray#close()}
 * flushes written pages to the file ({@code force}) and unmaps. A file being created is written under a
 * temporary name in the same directory, {@code .<name>.tessella-partial-<pid>-<random>}, and renamed
 * atomically to its real name only by {@code close()}, after the data is forced to disk. So the real
 * name never holds a header that claims data not yet written: after a crash only a file whose name says
 * it is partial remains. Headers are byte-identical to what NumPy 2.x writes.
 *
 * <p><b>Thread-safety.</b> The static methods are thread-safe. The arrays follow {@link NdArray}'s rules;
 * mappings live in shared arenas so any thread may use them. Another process (NumPy with
 * {@code mmap_mode='r+'}) may map the same file; coordination is the caller's.
 *
 * <pre>{@code
 * try (NdArray out = NpyFile.create(Path.of("r.npy"), DType.FLOAT64, 100_000, 10_000)) {
 *     // fill out; close() forces the data and publishes r.npy
 * }
 * try (NdArray r = NpyFile.open(Path.of("r.npy"), NpyFile.Mode.READ_ONLY)) {
 *     double v = r.getDouble(99_999, 9_999);
 * }
 * // Python: np.load("r.npy", mmap_mode="r")
 * }</pre>
 */
public final class NpyFile {

    private NpyFile() {
    }

    /**
     * How an existing file is mapped, named after NumPy's {@code mmap_mode}.
     *
     * <p>Thread-safety: an enum; immutable.
     *
     * <pre>{@code NpyFile.open(path, NpyFile.Mode.of("r+"));}</pre>
     */
    public enum Mode {
        /** 'r': read-only; writes through the array throw {@link IllegalArgumentException}. */
        READ_ONLY,
        /** 'r+': read-write; writes go to the file (forced on close). */
        READ_WRITE;

        /**
         * The mode for NumPy's {@code mmap_mode} string: "r" or "r+" (for "w+" use
         * {@link NpyFile#create(Path, DType, long...)}).
         *
         * <pre>{@code NpyFile.Mode.of("r"); // READ_ONLY}</pre>
         *
         * @param mmapMode "r" or "r+"
         * @return the mode
         * @throws IllegalArgumentException for any other string
         */
        public static Mode of(String mmapMode) {
            return switch (mmapMode) {
                case "r" -> READ_ONLY;
                case "r+" -> READ_WRITE;
                default -> throw new IllegalArgumentException("mmapMode = '" + mmapMode
                        + "' is not 'r' or 'r+' (use NpyFile.create for 'w+')");
            };
        }
    }

    /**
     * Reads and validates a file's header without mapping the data.
     *
     * <pre>{@code NpyHeader h = NpyFile.readHeader(Path.of("a.npy")); long[] shape = h.shape();}</pre>
     *
     * @param path the file
     * @return its header
     * @throws IllegalArgumentException if the file is missing, not a supported .npy file, or truncated
     * @throws UncheckedIOException on an I/O error
     */
    public static NpyHeader readHeader(Path path) {
        try (FileChannel ch = openChannel(path, EnumSet.of(StandardOpenOption.READ))) {
            return readHeader(path, ch);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the header of " + path + " failed", e);
        }
    }

    private static NpyHeader readHeader(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        byte[] prefix = readFully(ch, 0, (int) Math.min(size, 12));
        return NpyHeader.parse(path.toString(), prefix, size, (offset, length) -> {
            try {
                return readFully(ch, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Maps an existing {@code .npy} file as an owning array ('r' or 'r+'). Fortran-order files come back as
     * a strided view in Fortran layout; big-endian files as big-endian arrays.
     *
     * <pre>{@code
     * try (NdArray a = NpyFile.open(Path.of("a.npy"), NpyFile.Mode.READ_WRITE)) { a.setDouble(1.0, 0, 0); }
     * }</pre>
     *
     * @param path the file
     * @param mode read-only or read-write
     * @return an array owning the mapping: close() forces (if writable) and unmaps
     * @throws IllegalArgumentException if the file is missing, not a supported .npy file, or truncated
     * @throws UncheckedIOException on an I/O error
     */
    public static NdArray open(Path path, Mode mode) {
        Objects.requireNonNull(mode, "mode");
        boolean writable = mode == Mode.READ_WRITE;
        EnumSet<StandardOpenOption> opts = writable
                ? EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                : EnumSet.of(StandardOpenOption.READ);
        try (FileChannel ch = openChannel(path, opts)) {
            NpyHeader h = readHeader(path, ch);
            Arena arena = Arena.ofShared();
            try {
                MemorySegment seg = ch.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                        0, h.dataOffset() + h.dataBytes(), arena);
                long[] strides = h.fortranOrder() ? NdArray.fStrides(h.dtype(), h.shape())
                        : NdArray.cStrides(h.dtype(), h.shape());
                AutoCloseable release = () -> {
                    if (writable) {
                        seg.force();
                    }
                    arena.close();
                };
                return NdArray.adopt(seg, h.dataOffset(), h.dtype(), h.byteOrder(), h.shape(), strides, release);
            } catch (RuntimeException | Error e) {
                arena.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("mapping " + path + " failed", e);
        }
    }

    /**
     * Creates a new C-order {@code .npy} file for an array of this type and shape and maps it read-write
     * (NumPy's {@code open_memmap(mode='w+')}). The file appears under its name only when the returned
     * array is closed, complete and forced; an existing file of that name is then replaced. Until every
     * element is written, unwritten elements read as zero (the file is sparse).
     *
     * <pre>{@code
     * try (NdArray out = NpyFile.create(Path.of("out.npy"), DType.INT32, 365, 16, 16)) { ... }
     * }</pre>
     *
     * @param path  where the finished file goes
     * @param dtype element type
     * @param shape axis lengths
     * @return an array owning the mapping: close() forces, unmaps and renames the file into place
     * @throws IllegalArgumentException if the shape is invalid or the directory does not exist
     * @throws UncheckedIOException on an I/O error
     */
    public static NdArray create(Path path, DType dtype, long... shape) {
        Objects.requireNonNull(dtype, "dtype");
        long[] strides = NdArray.cStrides(dtype, shape);
        byte[] header = NpyHeader.encode(dtype, false, shape);
        long dataBytes = dtype.byteSize();
        for (long d : shape) {
            dataBytes = Math.multiplyExact(dataBytes, d);
        }
        long total;
        try {
            total = Math.addExact(header.length, dataBytes);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " is too large for a file", e);
        }
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("path = " + path + ": directory " + dir + " does not exist");
        }
        Path partial = partialFor(target);
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            writeFully(ch, ByteBuffer.wrap(header), 0);
            if (dataBytes > 0) {
                // Extends the file sparsely: no write pass over the data region.
                writeFully(ch, ByteBuffer.wrap(new byte[1]), total - 1);
            }
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
            // Each step is skipped once done, so a close that failed part-way can be retried.
            AutoCloseable publish = () -> {
                if (arena.scope().isAlive()) {
                    seg.force();
                    arena.close();
                }
                moveIntoPlace(partial, target);
            };
            return NdArray.adopt(seg, header.length, dtype, shape, strides, publish);
        } catch (IOException e) {
            discard(arena, partial, e);
            throw new UncheckedIOException("creating " + path + " failed", e);
        } catch (RuntimeException | Error e) {
            discard(arena, partial, e);
            throw e;
        }
    }

    private static void discard(Arena arena, Path partial, Throwable failure) {
        arena.close();
        deletePartial(partial, failure);
    }

    /**
     * Writes an array (any view, any strides) to a new C-order {@code .npy} file that NumPy loads
     * unchanged; the file appears complete or not at all, as with {@link #create}.
     *
     * <pre>{@code NpyFile.save(Path.of("tile.npy"), r.slice("0:333, 1000:"));}</pre>
     *
     * @param path   destination
     * @param source the array to write
     * @throws IllegalArgumentException if the directory does not exist
     * @throws IllegalStateException if the source's memory has been released
     * @throws UncheckedIOException on an I/O error
     */
    public static void save(Path path, NdArray source) {
        // Raw bytes only when they already are what the '<' header says; copyFrom converts the rest.
        if (source.isCContiguous() && source.byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
            writeContiguous(path, source);
            return;
        }
        try (NdArray out = create(path, source.dtype(), source.shape())) {
            out.copyFrom(source);
        }
    }

    /**
     * A C-contiguous source goes out with plain positional writes instead of through a mapping of
     * the destination, so saving a multi-gigabyte result adds nothing to the process's resident memory.
     */
    private static void writeContiguous(Path path, NdArray source) {
        byte[] header = NpyHeader.encode(source.dtype(), false, source.shape());
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("path = " + path + ": directory " + dir + " does not exist");
        }
        MemorySegment data = source.contiguousSegment();
        Path partial = partialFor(target);
        try {
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(ch, ByteBuffer.wrap(header), 0);
                long chunk = 1L << 26;
                for (long done = 0; done < data.byteSize(); done += chunk) {
                    writeFully(ch, data.asSlice(done, Math.min(chunk, data.byteSize() - done)).asByteBuffer(), header.length + done);
                }
                ch.force(true);
            }
            moveIntoPlace(partial, target);
        } catch (IOException e) {
            deletePartial(partial, e);
            throw new UncheckedIOException("saving " + path + " failed", e);
        } catch (RuntimeException | Error e) {
            deletePartial(partial, e);
            throw e;
        }
    }

    private static Path partialFor(Path target) {
        return target.getParent().resolve("." + target.getFileName() + ".tessella-partial-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    private static void deletePartial(Path partial, Throwable failure) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot publish " + target + " atomically from " + partial
                    + "; the complete data is left in " + partial, e);
        }
        // The rename itself must reach the disk for the file to survive a crash.
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static FileChannel openChannel(Path path, java.util.Set<StandardOpenOption> opts) throws IOException {
        try {
            return FileChannel.open(path, opts);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("path = " + path + " does not exist", e);
        }
    }

    private static byte[] readFully(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int n = ch.read(b, offset + b.position());
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + (offset + b.position()));
            }
        }
        return b.array();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long offset) throws IOException {
        long pos = offset;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}

package io.tessella.io;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.os.ErrnoException;
import io.tessella.os.NativeFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

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
 *   <li>{@link #create(Path, DType, long...)} ('w+') makes a new file of the given shape, mapped
 *       read-write, as an {@link NpyOutput} that appears under its name only on
 *       {@link NpyOutput#commit()}.</li>
 *   <li>{@link #save(Path, NdArray, WriteOption...)} writes any array (any view) to a new file, complete
 *       or not at all.</li>
 * </ul>
 *
 * <p><b>A result file exists only if it is complete.</b> Every file written here is built under a
 * partial name beside its target, {@code .<name>.tessella-partial-<pid>-<random>}, with its space
 * reserved up front (a full disk fails at once, naming the bytes needed), and renamed onto its name in
 * one step once its data is on disk. A failed, cancelled or killed run leaves the previous state; its
 * partial file is removed on failure or swept by the next run that writes into the directory. An
 * existing file is refused unless {@link WriteOption#OVERWRITE} is given, and two runs writing the same
 * path at once are refused ({@link OutputBusyException}). Headers are byte-identical to what NumPy 2.x
 * writes.
 *
 * <p><b>Ownership.</b> Arrays from {@link #open} own their mapping: {@link NdArray#close()} flushes
 * written pages ('r+') and unmaps.
 *
 * <p><b>Thread-safety.</b> The static methods are thread-safe. The arrays follow {@link NdArray}'s rules;
 * mappings live in shared arenas so any thread may use them. Another process (NumPy with
 * {@code mmap_mode='r+'}) may map the same file; coordination is the caller's.
 *
 * <pre>{@code
 * try (NpyOutput out = NpyFile.create(Path.of("r.npy"), DType.FLOAT64, 100_000, 10_000)) {
 *     fill(out.array());
 *     out.commit();                      // r.npy appears, complete; without it, nothing does
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
            if (h.dataOffset() % h.dtype().byteSize() != 0) {
                // NumPy pads headers to 64 bytes; only other writers misalign, and every kernel needs aligned elements.
                throw new IllegalArgumentException("file " + path + " has its data at byte " + h.dataOffset() + ", not a multiple of the "
                        + h.dtype().byteSize() + "-byte element size, so it cannot be mapped; rewrite it with NumPy: "
                        + "np.save(path, np.load(path))");
            }
            Arena arena = Arena.ofShared();
            try {
                MemorySegment seg = ch.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                        0, h.dataOffset() + h.dataBytes(), arena);
                long[] strides = h.fortranOrder() ? NdArray.fStrides(h.dtype(), h.shape())
                        : NdArray.cStrides(h.dtype(), h.shape());
                AutoCloseable release = new AutoCloseable() {
                    @Override
                    public void close() {
                        if (writable) {
                            seg.force();
                        }
                        arena.close();
                    }

                    @Override
                    public String toString() {
                        return "the mapping of " + path;
                    }
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
     * Creates a new C-order {@code .npy} file for an array of this type and shape, mapped read-write
     * (NumPy's {@code open_memmap(mode='w+')}), that appears under its name only on
     * {@link NpyOutput#commit()}. An existing file at the path is refused.
     *
     * <pre>{@code
     * try (NpyOutput out = NpyFile.create(Path.of("out.npy"), DType.INT32, 365, 16, 16)) {
     *     fill(out.array());
     *     out.commit();
     * }
     * }</pre>
     *
     * @param path  where the finished file goes
     * @param dtype element type
     * @param shape axis lengths
     * @return the output; close it (a commit first publishes it)
     * @throws IllegalArgumentException if the shape is invalid, the directory does not exist, or a file is at the path
     * @throws OutputBusyException if another run is writing the same path
     * @throws UncheckedIOException if the file cannot be created or its space reserved (the message names the bytes needed)
     */
    public static NpyOutput create(Path path, DType dtype, long... shape) {
        return create(path, dtype, shape, new WriteOption[0]);
    }

    /**
     * {@link #create(Path, DType, long...)} with options: {@link WriteOption#OVERWRITE} to replace an
     * existing file (atomically, on commit), {@link WriteOption#FORTRAN_ORDER} for a Fortran-order file.
     *
     * <pre>{@code NpyFile.create(path, DType.FLOAT64, new long[] {m, n}, WriteOption.OVERWRITE);}</pre>
     *
     * @param path    where the finished file goes
     * @param dtype   element type
     * @param shape   axis lengths
     * @param options how to write it
     * @return the output; close it (a commit first publishes it)
     * @throws IllegalArgumentException if the shape is invalid, the directory does not exist, or a file is at the path without OVERWRITE
     * @throws OutputBusyException if another run is writing the same path
     * @throws UncheckedIOException if the file cannot be created or its space reserved
     */
    public static NpyOutput create(Path path, DType dtype, long[] shape, WriteOption... options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(dtype, "dtype");
        List<WriteOption> opts = List.of(options);
        return NpyOutput.create(path, dtype, shape, opts.contains(WriteOption.FORTRAN_ORDER), opts.contains(WriteOption.OVERWRITE));
    }

    /**
     * Writes an array (any view, any strides) to a new C-order {@code .npy} file that NumPy loads
     * unchanged; the file appears complete or not at all. A C-contiguous array goes out with plain
     * writes (no mapping of the destination, so a multi-gigabyte result adds nothing to resident memory).
     *
     * <pre>{@code NpyFile.save(Path.of("tile.npy"), r.slice("0:333, 1000:"));}</pre>
     *
     * @param path    destination
     * @param source  the array to write
     * @param options {@link WriteOption#OVERWRITE} to replace an existing file
     * @throws IllegalArgumentException if the directory does not exist, or a file is at the path without OVERWRITE
     * @throws IllegalStateException if the source's memory has been released
     * @throws UncheckedIOException on an I/O error, or when the space cannot be reserved
     */
    public static void save(Path path, NdArray source, WriteOption... options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        boolean overwrite = List.of(options).contains(WriteOption.OVERWRITE);
        // Raw bytes only when they already are what the '<' header says; copyFrom converts the rest.
        if (!source.isCContiguous() || !source.segment().isNative() || source.byteOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
            try (NpyOutput out = create(path, source.dtype(), source.shape(), overwrite ? new WriteOption[] {WriteOption.OVERWRITE} : new WriteOption[0])) {
                out.array().copyFrom(source);
                out.commit();
            }
            return;
        }
        byte[] header = NpyHeader.encode(source.dtype(), false, source.shape());
        MemorySegment data = source.contiguousSegment();
        long total = NpyOutput.fileBytes(header.length, source.dtype(), source.shape());
        try (PendingTarget pending = PendingTarget.reserve(path, PendingTarget.Kind.FILE, overwrite)) {
            NativeFile f = pending.file();
            try (Arena scratch = Arena.ofConfined()) {
                NpyOutput.reserve(f, total, pending.target());
                MemorySegment h = scratch.allocate(header.length);
                h.copyFrom(MemorySegment.ofArray(header));
                f.write(0, h);
                long chunk = 1L << 30;
                for (long done = 0; done < data.byteSize(); done += chunk) {
                    f.write(header.length + done, data.asSlice(done, Math.min(chunk, data.byteSize() - done)));
                }
                f.sync();
            } catch (ErrnoException e) {
                throw new OutputException(pending.target(), "cannot write it: " + e.getMessage(), e);
            }
            pending.publish();
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

}

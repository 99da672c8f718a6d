package io.tessella.spark;

import io.tessella.io.NpyFile;
import io.tessella.io.NpyHeader;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.URI;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * A {@code .npy} input that every executor can read: a local or shared-filesystem path (mapped, as
 * {@link NpyFile#open} maps it), or a Hadoop {@code FileSystem} URI ({@code hdfs://}, {@code s3a://}
 * where its connector is on the classpath, {@code file://}) read row block by row block with positioned
 * reads into off-heap memory. The header is read and checked once, on the driver, with the words of
 * the local reader; executors read only their rows.
 *
 * <p>Immutable and serializable: it travels to the executors in the task closures.
 *
 * <pre>{@code
 * NpySource a1 = NpySource.of("/shared/a1.npy");                 // mapped on every executor
 * NpySource a2 = NpySource.of("hdfs://nn:8020/data/a2.npy", hadoopConf);
 * }</pre>
 */
public final class NpySource implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Positioned reads go through a heap buffer of this size where the stream cannot read into off-heap memory. */
    private static final int COPY_CHUNK = 1 << 20;

    private final String location;
    private final boolean hadoop;
    private final String descr;
    private final boolean fortranOrder;
    private final long[] shape;
    private final long dataOffset;
    private final long fileSize;
    private final long modified;
    private final HadoopConf conf;

    private NpySource(String location, boolean hadoop, NpyHeader h, long fileSize, long modified, HadoopConf conf) {
        this.location = location;
        this.hadoop = hadoop;
        this.descr = h.dtype().descr(h.byteOrder());
        this.fortranOrder = h.fortranOrder();
        this.shape = h.shape();
        this.dataOffset = h.dataOffset();
        this.fileSize = fileSize;
        this.modified = modified;
        this.conf = conf;
    }

    /**
     * A local or shared-filesystem path (no URI scheme): mapped on the executors.
     *
     * @throws IllegalArgumentException naming the path if it is missing, a directory, empty, or not a supported .npy file
     */
    public static NpySource of(Path path) {
        Objects.requireNonNull(path, "path");
        Path abs = path.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new IllegalArgumentException(path + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(path + " is a directory, not a .npy file");
        }
        try {
            ExecutorCache.FileVersion version = ExecutorCache.FileVersion.of(abs);
            if (version.size() == 0) {
                throw new IllegalArgumentException(path + " is empty (0 bytes), not a .npy file");
            }
            NpyHeader h = NpyFile.readHeader(abs);
            return new NpySource(abs.toString(), false, h, version.size(), version.modifiedMillis(), null);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " cannot be read: " + e, e);
        }
    }

    /**
     * A path or a URI: a string with a scheme ({@code hdfs://}, {@code s3a://}, {@code file://}) is read
     * through Hadoop's {@code FileSystem} with {@code conf}; anything else is a local path, mapped.
     */
    public static NpySource of(String location, Configuration conf) {
        Objects.requireNonNull(location, "location");
        URI uri = schemeOf(location);
        if (uri == null) {
            return of(Path.of(location));
        }
        Objects.requireNonNull(conf, "conf");
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = p.getFileSystem(conf);
            FileStatus st;
            try {
                st = fs.getFileStatus(p);
            } catch (java.io.FileNotFoundException e) {
                throw new IllegalArgumentException(location + " does not exist", e);
            }
            if (st.isDirectory()) {
                throw new IllegalArgumentException(location + " is a directory, not a .npy file");
            }
            if (st.getLen() == 0) {
                throw new IllegalArgumentException(location + " is empty (0 bytes), not a .npy file");
            }
            NpyHeader h;
            try (FSDataInputStream in = fs.open(p)) {
                h = NpyHeader.read(location, st.getLen(), (off, len) -> {
                    byte[] b = new byte[len];
                    try {
                        in.readFully(off, b);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return b;
                });
            } catch (UncheckedIOException e) {
                throw new IllegalArgumentException(location + " cannot be read: " + e.getCause(), e);
            }
            return new NpySource(location, true, h, st.getLen(), st.getModificationTime(), new HadoopConf(conf));
        } catch (IOException e) {
            throw new IllegalArgumentException(location + " cannot be read: " + e, e);
        }
    }

    /** {@link #of(String, Configuration)} with a default Hadoop configuration (the classpath's {@code core-site.xml}). */
    public static NpySource of(String location) {
        return of(location, new Configuration());
    }

    /**
     * Whether {@link #of(String, Configuration)} reads {@code location} through Hadoop: it has a URI
     * scheme ({@code hdfs:}, {@code s3a:}, {@code file:}); anything else is a path, mapped.
     */
    public static boolean hasScheme(String location) {
        return schemeOf(location) != null;
    }

    /** The URI of a location with a scheme of two letters or more ({@code C:} is no scheme), else {@code null}. */
    static URI schemeOf(String location) {
        int colon = location.indexOf(':');
        if (colon < 2 || location.indexOf('/') >= 0 && location.indexOf('/') < colon) {
            return null;
        }
        try {
            URI u = new URI(location);
            return u.getScheme() != null ? u : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** The path or URI as given (a path made absolute). */
    public String location() {
        return location;
    }

    /** Whether executors read it through Hadoop's {@code FileSystem} (else they map it). */
    public boolean isHadoop() {
        return hadoop;
    }

    public DType dtype() {
        return DType.fromDescr(descr);
    }

    /** The byte order of the stored elements ({@code >f8}: big-endian, read in place). */
    public ByteOrder byteOrder() {
        return DType.byteOrderOf(descr);
    }

    public long[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    /** Elements in the array. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Whether the file is in Fortran order. */
    public boolean isFortranOrder() {
        return fortranOrder;
    }

    /**
     * Whether the file is Fortran-contiguous and not C-contiguous: in Fortran order with at least two
     * axes longer than 1. What {@code IterationOrder} calls Fortran when it lays out NumPy's results.
     */
    boolean isFortranOnly() {
        return fortranOrder && longAxes(shape) >= 2;
    }

    /** Axes longer than 1. */
    static int longAxes(long[] shape) {
        int n = 0;
        for (long d : shape) {
            n += d > 1 ? 1 : 0;
        }
        return n;
    }

    /** The axis whose consecutive indices are consecutive in the file: 0 in C order, the last in Fortran order. */
    int slowestAxis() {
        return fortranOrder && shape.length > 0 ? shape.length - 1 : 0;
    }

    /** Bytes of one index along {@code axis}: the product of the other axes' lengths and the element size. */
    long slabBytes(int axis) {
        long b = dtype().byteSize();
        for (int i = 0; i < shape.length; i++) {
            if (i != axis) {
                b = Math.multiplyExact(b, shape[i]);
            }
        }
        return b;
    }

    /** Rows along axis 0 (1 for a 0-d array). */
    long rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Bytes of one row along axis 0: the whole array for a 0-d one. */
    long rowBytes() {
        return slabBytes(0);
    }

    /** What identifies this file's version, for a checkpoint's manifest: where, how big, when written, its header. */
    String identity() {
        return location + " (" + fileSize + " bytes, modified " + modified + ", descr " + descr + ", fortran " + fortranOrder + ", shape "
                + Arrays.toString(shape) + ")";
    }

    /**
     * Rows {@code [r0, r1)} along axis 0 as an array the caller closes: a view of the mapped file, or
     * (Hadoop) the rows read into fresh off-heap memory. A 0-d array is its one "row".
     */
    Block open(long r0, long r1) {
        return open(0, r0, r1);
    }

    /** The whole array, as {@link #open(int, long, long)} opens a block. */
    Block openAll() {
        return open(0, 0, rows());
    }

    /**
     * Indices {@code [start, stop)} along {@code axis} (all of every other axis) as an array the caller
     * closes, in the file's layout and byte order: a view of the mapped file, or (Hadoop) the block read
     * into fresh off-heap memory, which needs the block to be one run of the file's bytes (the file's
     * slowest axis: axis 0 in C order, the last in Fortran order). A 0-d array is its one "row".
     */
    Block open(int axis, long start, long stop) {
        if (shape.length == 0) {
            // A 0-d array has one element and no axis to cut: every block of it is all of it.
            start = 0;
            stop = 1;
        }
        long length = shape.length == 0 ? 1 : shape[axis];
        if (start < 0 || stop < start || stop > length) {
            throw new IllegalArgumentException("indices [" + start + ", " + stop + ") of axis " + axis + " are outside " + location + " of shape "
                    + Arrays.toString(shape));
        }
        if (!hadoop) {
            // One mapping per file version and JVM, shared by the tasks that read it (ExecutorCache says why).
            ExecutorCache.Lease<NdArray> whole = ExecutorCache.MAPPINGS.acquire(new ExecutorCache.FileVersion(location, fileSize, modified),
                    this::mapWhole);
            try {
                return new Block(whole::close, blockOf(whole.get(), axis, start, stop));
            } catch (RuntimeException | Error e) {
                whole.close();
                throw e;
            }
        }
        boolean whole = start == 0 && stop == length;
        if (!whole && longAxes(shape) > 1 && axis != slowestAxis()) {
            throw new IllegalArgumentException(location + " is in " + (fortranOrder ? "Fortran" : "C") + " order: its blocks along axis " + axis
                    + " are not contiguous in the file, so they cannot be read block by block over a Hadoop file system; save it in "
                    + (fortranOrder ? "C order (np.save(path, np.ascontiguousarray(a)))" : "Fortran order (np.save(path, np.asfortranarray(a)))")
                    + " or give a mapped path");
        }
        long[] blockShape = shape.clone();
        if (blockShape.length > 0) {
            blockShape[axis] = stop - start;
        }
        long bytes = Math.multiplyExact(stop - start, slabBytes(axis));
        // Whole 8-byte words, so any element is aligned and a block of 1- or 2-byte elements of odd length still fits.
        NdArray raw = NdArray.allocate(bytes >= 1 << 20 ? Allocation.UNINITIALIZED : Allocation.ZEROED, DType.INT64,
                Math.max(1, Math.ceilDiv(bytes, Long.BYTES)));
        try {
            MemorySegment data = raw.contiguousSegment();
            if (bytes > 0) {
                readInto(data, dataOffset + start * slabBytes(axis), bytes);
            }
            long[] strides = fortranOrder ? NdArray.fStrides(dtype(), blockShape) : NdArray.cStrides(dtype(), blockShape);
            NdArray block = NdArray.adopt(data, 0, dtype(), byteOrder(), blockShape, strides, raw);
            return new Block(block::close, block);
        } catch (RuntimeException | Error e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Maps the file, after checking it is still the version the driver planned with: a file replaced
     * or rewritten since would mix two versions' rows in one result.
     */
    private NdArray mapWhole() {
        Path p = Path.of(location);
        ExecutorCache.FileVersion now;
        try {
            now = ExecutorCache.FileVersion.of(p);
        } catch (IOException e) {
            throw new UncheckedIOException("the input " + location + " cannot be read on this executor", e);
        }
        if (now.size() != fileSize || now.modifiedMillis() != modified) {
            throw new IllegalStateException("the input " + location + " changed after the job was planned (" + fileSize + " bytes modified at "
                    + modified + " then, " + now.size() + " bytes modified at " + now.modifiedMillis() + " now); run the job again");
        }
        NdArray whole = NpyFile.open(p, NpyFile.Mode.READ_ONLY);
        if (whole.dtype() != dtype() || !Arrays.equals(whole.shape(), shape)) {
            whole.close();
            throw new IllegalStateException("the input " + location + " changed after the job was planned (its header no longer says "
                    + descr + " " + Arrays.toString(shape) + "); run the job again");
        }
        return whole;
    }

    private static NdArray blockOf(NdArray whole, int axis, long start, long stop) {
        if (whole.ndim() == 0) {
            return whole;
        }
        long[] from = new long[whole.ndim()], to = whole.shape();
        from[axis] = start;
        to[axis] = stop;
        return whole.view(from, to);
    }

    private void readInto(MemorySegment dst, long position, long bytes) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(location));
        try (FSDataInputStream in = p.getFileSystem(conf.get()).open(p)) {
            if (in.hasCapability(StreamCapabilities.PREADBYTEBUFFER)) {
                for (long done = 0; done < bytes; done += Integer.MAX_VALUE) {
                    long n = Math.min(Integer.MAX_VALUE, bytes - done);
                    in.readFully(position + done, dst.asSlice(done, n).asByteBuffer());
                }
                return;
            }
            byte[] chunk = new byte[(int) Math.min(COPY_CHUNK, bytes)];
            for (long done = 0; done < bytes; done += chunk.length) {
                int n = (int) Math.min(chunk.length, bytes - done);
                in.readFully(position + done, chunk, 0, n);
                MemorySegment.copy(MemorySegment.ofArray(chunk), 0, dst, done, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + bytes + " bytes at " + position + " of " + location + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "NpySource[" + location + ", " + descr + " " + Arrays.toString(shape) + (hadoop ? ", hadoop" : ", mapped") + "]";
    }

    /** Rows of an input, and what to release when the task is done with them. */
    record Block(Release release, NdArray array) implements AutoCloseable {
        @Override
        public void close() {
            release.close();
        }
    }

    /** Releasing without a checked exception. */
    @FunctionalInterface
    interface Release {
        void close();
    }

}

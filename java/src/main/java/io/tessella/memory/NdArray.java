package io.tessella.memory;

import io.tessella.os.ResourceLedger;
import io.tessella.os.VirtualMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A typed N-dimensional array over off-heap memory: a {@link MemorySegment}, the byte offset of element
 * {@code [0, ..., 0]} in it, a shape and byte strides, all {@code long}, so arrays of more than 2^31
 * elements work. Slices and boxes ({@link #slice}, {@link #view}, {@link #select}) are views sharing the
 * memory, like NumPy's basic indexing: a tile is a view.
 *
 * <p><b>Ownership.</b> An array either owns its memory or borrows it:
 * <ul>
 *   <li>{@link #allocate(Allocation, DType, long...)} returns an owner: {@link #close()} releases the
 *       memory (idempotently). Views of it borrow from it and become unusable when it closes.</li>
 *   <li>{@link #allocate(Arena, DType, long...)} and {@link #wrap} borrow: the arena (or whoever made
 *       the segment) decides the lifetime and {@code close()} does nothing.</li>
 * </ul>
 * Any access after the memory is released throws {@link IllegalStateException}; the JVM never touches
 * freed memory, because segment access is checked against the arena's liveness (for shared arenas the
 * close waits until no thread is inside an access).
 *
 * <p><b>Thread-safety.</b> The array's metadata is immutable; element access is as thread-safe as plain
 * Java arrays: concurrent reads are fine, concurrent writes to distinct elements are fine, and anything
 * else needs the caller's synchronisation. Arrays allocated by this class live in shared arenas so any
 * thread may use them; an array borrowed from a confined arena is usable only by that arena's thread.
 *
 * <p><b>Kernels.</b> {@link #segment()}, {@link #byteOffset()} and {@link #byteStrides()} give the raw
 * addressing: element {@code [i, j]} sits at {@code byteOffset + i*byteStrides[0] + j*byteStrides[1]} in
 * {@code segment()}; {@link #contiguousSegment()} gives the exact bytes of a C-contiguous array.
 *
 * <p><b>Byte order.</b> Elements are stored little-endian ({@code <f8}, what NumPy writes on x86-64 and
 * AArch64) unless the array says otherwise: a big-endian {@code .npy} file ({@code >f8}) maps as a
 * big-endian array ({@link #byteOrder()}). Element accessors and {@link #copyFrom} honour the order;
 * views keep it; {@link #withByteOrder} reads the same bytes in the other order. Kernels that address the
 * segment themselves check {@link #isNativeOrder()} (or stage through {@link Staging}).
 *
 * <pre>{@code
 * try (NdArray r = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, 100_000, 10_000)) {
 *     NdArray tile = r.slice("0:333, 1000:");           // r[0:333, 1000:], shares memory
 *     tile.setDouble(1.5, 0, 0);                         // r[0, 1000] = 1.5
 *     double v = r.getDouble(0, 1000);                   // 1.5
 * }
 * }</pre>
 */
public final class NdArray implements AutoCloseable {

    // Unaligned, so that views at any byte offset (a hand-made .npy header) read like aligned ones; one
    // constant per order, because a layout the JIT cannot see as a constant makes every access slow.
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_BE = F64.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong I64_BE = I64.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfFloat F32_BE = F32.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt I32_BE = I32.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_BE = I16.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    private final DType dtype;
    private final ByteOrder order;
    private final boolean bigEndian;
    private final MemorySegment segment;
    private final long byteOffset;
    private final long[] shape;
    private final long[] strides;
    private final long size;
    private final boolean readOnly;
    /** Shared by an owner and all its views; null when the memory is borrowed. */
    private final Owner owner;
    private final boolean isOwner;
    /**
     * Shared by an array and all its views while no element of the memory has been written (fresh
     * anonymous memory, a file just created); null when that is not known. Set to false by the first
     * writer Tessella sees: see {@link #claimUntouched()}.
     */
    private final AtomicBoolean untouched;

    /** Bytes held by owning arrays not yet closed; see {@link #liveOwnedBytes()}. */
    private static final java.util.concurrent.atomic.AtomicLong LIVE_OWNED_BYTES = new java.util.concurrent.atomic.AtomicLong();

    /** Releases memory once, however many times and from however many threads close is called. */
    private static final class Owner {
        private final AutoCloseable resource;
        private final long bytes;
        private final boolean anonymousMapping;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final ResourceLedger.Entry ledger;

        Owner(AutoCloseable resource, long bytes, String what) {
            this(resource, bytes, false, what);
        }

        Owner(AutoCloseable resource, long bytes, boolean anonymousMapping, String what) {
            this.resource = resource;
            this.bytes = bytes;
            this.anonymousMapping = anonymousMapping;
            this.ledger = ResourceLedger.register("memory", what, bytes);
            LIVE_OWNED_BYTES.addAndGet(bytes);
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    resource.close();
                    LIVE_OWNED_BYTES.addAndGet(-bytes);
                    ledger.close();
                } catch (RuntimeException | Error e) {
                    // Still open (e.g. a downcall holds the segment): leave it closable again.
                    closed.set(false);
                    throw e;
                } catch (java.io.IOException e) {
                    closed.set(false);
                    throw new java.io.UncheckedIOException("releasing array memory failed", e);
                } catch (Exception e) {
                    closed.set(false);
                    throw new IllegalStateException("releasing array memory failed", e);
                }
            }
        }
    }

    private NdArray(DType dtype, ByteOrder order, MemorySegment segment, long byteOffset, long[] shape, long[] strides,
                    Owner owner, boolean isOwner, AtomicBoolean untouched) {
        this.dtype = dtype;
        // One-byte elements have no byte order (NumPy's '|'): they are all read alike.
        this.order = dtype.byteSize() == 1 ? ByteOrder.LITTLE_ENDIAN : order;
        this.bigEndian = this.order == ByteOrder.BIG_ENDIAN;
        this.segment = segment;
        this.byteOffset = byteOffset;
        this.shape = shape;
        this.strides = strides;
        this.size = elementCount(shape);
        this.readOnly = segment.isReadOnly();
        this.owner = owner;
        this.isOwner = isOwner;
        this.untouched = untouched;
    }

    // ---------------------------------------------------------------- factories

    /**
     * Allocates a zero-filled C-order array in the caller's arena (which owns it: closing the arena
     * releases it; {@link #close()} on the array does nothing). Use a shared arena so any thread may
     * use the array.
     *
     * <pre>{@code
     * try (Arena arena = Arena.ofShared()) {
     *     NdArray a = NdArray.allocate(arena, DType.INT64, 365, 16, 16);
     * }
     * }</pre>
     *
     * @param arena the arena that owns the memory
     * @param dtype element type
     * @param shape axis lengths, each {@code >= 0}
     * @return a borrowing array
     * @throws IllegalArgumentException if a length is negative or the byte size overflows a long
     */
    public static NdArray allocate(Arena arena, DType dtype, long... shape) {
        return allocate(arena, Allocation.ZEROED, dtype, shape);
    }

    /**
     * Allocates a C-order array in the caller's arena with the given {@link Allocation} mode; the arena
     * owns it (for the mmap modes, closing the arena unmaps it).
     *
     * <pre>{@code
     * NdArray out = NdArray.allocate(sharedArena, Allocation.UNINITIALIZED, DType.FLOAT64, 1000, 1000);
     * }</pre>
     *
     * @param arena the arena that owns the memory
     * @param mode  how the memory is obtained and what its first touch costs
     * @param dtype element type
     * @param shape axis lengths, each {@code >= 0}
     * @return a borrowing array
     * @throws IllegalArgumentException if a length is negative or the byte size overflows a long
     */
    public static NdArray allocate(Arena arena, Allocation mode, DType dtype, long... shape) {
        Objects.requireNonNull(arena, "arena");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dtype, "dtype");
        long[] s = checkShape(shape);
        long bytes = byteSize(dtype, s);
        MemorySegment seg = obtain(arena, mode, dtype, bytes);
        return new NdArray(dtype, ByteOrder.LITTLE_ENDIAN, seg, 0, s, cStrides(dtype, s), null, false, untouched(mode));
    }

    /**
     * Allocates a C-order array that owns its memory: {@link #close()} releases it, once, and is safe to
     * call again. See {@link Allocation} for what each mode costs.
     *
     * <pre>{@code
     * try (NdArray r = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, 100_000, 10_000)) { ... }
     * }</pre>
     *
     * @param mode  how the memory is obtained
     * @param dtype element type
     * @param shape axis lengths, each {@code >= 0}
     * @return an owning array
     * @throws IllegalArgumentException if a length is negative or the byte size overflows a long
     * @throws OutOfMemoryError if the memory cannot be obtained
     */
    public static NdArray allocate(Allocation mode, DType dtype, long... shape) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dtype, "dtype");
        long[] s = checkShape(shape);
        long bytes = byteSize(dtype, s);
        Arena arena = Arena.ofShared();
        MemorySegment seg;
        try {
            seg = obtain(arena, mode, dtype, bytes);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        return new NdArray(dtype, ByteOrder.LITTLE_ENDIAN, seg, 0, s, cStrides(dtype, s), new Owner(arena, seg.byteSize(),
                mode != Allocation.ZEROED, "NdArray " + dtype + " " + Arrays.toString(s) + " (Allocation." + mode + ")"), true,
                untouched(mode));
    }

    /** The mmap modes hand out pages no one has touched; {@link Allocation#ZEROED} has written every byte. */
    private static AtomicBoolean untouched(Allocation mode) {
        return mode == Allocation.ZEROED ? null : new AtomicBoolean(true);
    }

    private static MemorySegment obtain(Arena arena, Allocation mode, DType dtype, long bytes) {
        return switch (mode) {
            case ZEROED -> arena.allocate(bytes, dtype.byteSize());
            case UNINITIALIZED, HUGE_PAGES -> {
                try {
                    yield VirtualMemory.mapAnonymous(arena, bytes, mode == Allocation.HUGE_PAGES);
                } catch (UnsupportedOperationException e) {
                    throw new UnsupportedOperationException("Allocation." + mode + " " + e.getMessage() + "; use Allocation.ZEROED", e);
                }
            }
        };
    }

    /**
     * Views an existing segment as a C-order array starting at byte 0, borrowing it (the segment's
     * arena decides its lifetime). A read-only segment gives a read-only array.
     *
     * <pre>{@code
     * NdArray a = NdArray.wrap(segment, DType.FLOAT32, 4, 4);
     * }</pre>
     *
     * @param segment the memory, at least {@code product(shape) * dtype.byteSize()} bytes
     * @param dtype   element type
     * @param shape   axis lengths
     * @return a borrowing array
     * @throws IllegalArgumentException if the shape is invalid or does not fit in the segment
     */
    public static NdArray wrap(MemorySegment segment, DType dtype, long... shape) {
        long[] s = checkShape(shape);
        return wrap(segment, 0, dtype, s, cStrides(dtype, s));
    }

    /**
     * Views an existing segment with explicit byte offset and byte strides (negative strides allowed),
     * borrowing it. Every addressed element must lie inside the segment.
     *
     * <pre>{@code
     * // a Fortran-order 3x4 float64 array
     * NdArray f = NdArray.wrap(segment, 0, DType.FLOAT64, new long[] {3, 4}, new long[] {8, 24});
     * }</pre>
     *
     * @param segment     the memory
     * @param byteOffset  offset of element {@code [0, ..., 0]}
     * @param dtype       element type
     * @param shape       axis lengths
     * @param byteStrides byte distance between neighbours along each axis, multiples of the element size
     * @return a borrowing array
     * @throws IllegalArgumentException if an argument is invalid or an element would fall outside the segment
     */
    public static NdArray wrap(MemorySegment segment, long byteOffset, DType dtype, long[] shape, long[] byteStrides) {
        return adopt(segment, byteOffset, dtype, shape, byteStrides, null);
    }

    /**
     * Like {@link #wrap(MemorySegment, long, DType, long[], long[])}, but the returned array owns
     * {@code resource}: its {@link #close()} closes the resource exactly once. This is how memory-mapped
     * files and other resources become owning arrays (e.g. {@code io.tessella.io.NpyFile}).
     *
     * <pre>{@code
     * Arena arena = Arena.ofShared();
     * MemorySegment m = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
     * NdArray a = NdArray.adopt(m, 0, DType.INT32, shape, strides, arena); // a.close() unmaps
     * }</pre>
     *
     * @param segment     the memory
     * @param byteOffset  offset of element {@code [0, ..., 0]}
     * @param dtype       element type
     * @param shape       axis lengths
     * @param byteStrides byte strides per axis
     * @param resource    released by {@code close()}, or null for a borrowing array
     * @return an owning array (borrowing if {@code resource} is null)
     * @throws IllegalArgumentException if an argument is invalid or an element would fall outside the segment
     */
    public static NdArray adopt(MemorySegment segment, long byteOffset, DType dtype, long[] shape,
                                long[] byteStrides, AutoCloseable resource) {
        return adopt(segment, byteOffset, dtype, ByteOrder.LITTLE_ENDIAN, shape, byteStrides, resource);
    }

    /**
     * {@link #adopt(MemorySegment, long, DType, long[], long[], AutoCloseable)} for elements stored in the
     * given byte order: how a big-endian {@code .npy} file ({@code >f8}) becomes an owning array.
     *
     * <pre>{@code
     * NdArray a = NdArray.adopt(m, 128, DType.FLOAT64, ByteOrder.BIG_ENDIAN, shape, strides, arena);
     * double v = a.getDouble(0);   // read big-endian
     * }</pre>
     *
     * @param segment     the memory
     * @param byteOffset  offset of element {@code [0, ..., 0]}
     * @param dtype       element type
     * @param order       byte order of the stored elements
     * @param shape       axis lengths
     * @param byteStrides byte strides per axis
     * @param resource    released by {@code close()}, or null for a borrowing array
     * @return an owning array (borrowing if {@code resource} is null)
     * @throws IllegalArgumentException if an argument is invalid or an element would fall outside the segment
     */
    public static NdArray adopt(MemorySegment segment, long byteOffset, DType dtype, ByteOrder order, long[] shape,
                                long[] byteStrides, AutoCloseable resource) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(dtype, "dtype");
        long[] s = checkShape(shape);
        long[] st = byteStrides.clone();
        if (st.length != s.length) {
            throw new IllegalArgumentException("byteStrides has " + st.length + " entries but shape "
                    + Arrays.toString(s) + " has " + s.length);
        }
        for (int i = 0; i < st.length; i++) {
            if (st[i] % dtype.byteSize() != 0) {
                throw new IllegalArgumentException("byteStrides[" + i + "] = " + st[i]
                        + " is not a multiple of the " + dtype + " element size " + dtype.byteSize());
            }
        }
        if (byteOffset < 0) {
            throw new IllegalArgumentException("byteOffset = " + byteOffset + " is negative");
        }
        if (elementCount(s) > 0) {
            long lo = byteOffset;
            long hi = byteOffset;
            try {
                for (int i = 0; i < s.length; i++) {
                    long span = Math.multiplyExact(s[i] - 1, st[i]);
                    if (span < 0) {
                        lo = Math.addExact(lo, span);
                    } else {
                        hi = Math.addExact(hi, span);
                    }
                }
                hi = Math.addExact(hi, dtype.byteSize());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(s) + " with byteStrides "
                        + Arrays.toString(st) + " overflows a long byte offset", e);
            }
            if (lo < 0 || hi > segment.byteSize()) {
                throw new IllegalArgumentException("shape " + Arrays.toString(s) + " with byteOffset " + byteOffset
                        + " and byteStrides " + Arrays.toString(st) + " addresses bytes [" + lo + ", " + hi
                        + ") outside the segment of " + segment.byteSize() + " bytes");
            }
        }
        Owner o = resource == null ? null
                : new Owner(resource, segment.byteSize(), "NdArray " + dtype + " " + Arrays.toString(s) + " owning " + resource);
        return new NdArray(dtype, order, segment, byteOffset, s, st, o, o != null, null);
    }

    // ---------------------------------------------------------------- metadata

    /**
     * The element type.
     *
     * <pre>{@code a.dtype() == DType.FLOAT64}</pre>
     *
     * @return the element type
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The byte order of the stored elements: {@link ByteOrder#LITTLE_ENDIAN} unless the array was made
     * big-endian (a mapped {@code >f8} file, {@link #withByteOrder}).
     *
     * <pre>{@code if (a.byteOrder() == ByteOrder.BIG_ENDIAN) { ... }}</pre>
     *
     * @return the byte order
     */
    public ByteOrder byteOrder() {
        return order;
    }

    /**
     * Whether the elements are stored in this machine's byte order, so that a kernel can read them as
     * they are.
     *
     * <pre>{@code boolean direct = a.isNativeOrder() && a.isCContiguous();}</pre>
     *
     * @return {@code byteOrder() == ByteOrder.nativeOrder()}
     */
    public boolean isNativeOrder() {
        return order == ByteOrder.nativeOrder();
    }

    /**
     * Whether every element starts at an address that is a multiple of its size, as NumPy's
     * {@code flags.aligned}. Files NumPy writes map aligned; a view at an odd byte offset does not.
     * (NumPy buffers unaligned operands as it does byte-swapped ones, which changes the order of a
     * long row sum: see {@code io.tessella.jobs.ArrayOps#reduceLastAxis}.)
     *
     * <pre>{@code NdArray.wrap(seg, 1, DType.FLOAT64, new long[] {2}, new long[] {8}).isAligned(); // false}</pre>
     *
     * @return true if the first element and every stride are multiples of the element size
     */
    public boolean isAligned() {
        long item = dtype.byteSize();
        if (size == 0) {
            return true;
        }
        if (segment.asSlice(byteOffset, 0).maxByteAlignment() < item) {
            return false;
        }
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] > 1 && strides[k] % item != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The axis lengths, as a fresh copy.
     *
     * <pre>{@code long rows = a.shape()[0];}</pre>
     *
     * @return a copy of the shape
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The length of one axis, without copying the shape.
     *
     * <pre>{@code for (long i = 0; i < a.length(0); i++) { ... }}</pre>
     *
     * @param axis the axis, {@code 0 <= axis < ndim()}
     * @return its length
     * @throws IllegalArgumentException if the axis does not exist
     */
    public long length(int axis) {
        return shape[checkAxis(axis)];
    }

    /**
     * The number of axes.
     *
     * <pre>{@code a.ndim() == 2}</pre>
     *
     * @return the number of axes (0 for a scalar array)
     */
    public int ndim() {
        return shape.length;
    }

    /**
     * The number of elements, the product of the shape.
     *
     * <pre>{@code long n = a.size();}</pre>
     *
     * @return the element count
     */
    public long size() {
        return size;
    }

    /**
     * The byte distance between neighbouring elements along each axis, as a fresh copy; negative for
     * reversed views.
     *
     * <pre>{@code long rowBytes = a.byteStrides()[0];}</pre>
     *
     * @return a copy of the byte strides
     */
    public long[] byteStrides() {
        return strides.clone();
    }

    /**
     * The whole backing segment (of the allocation or mapping, not just this view's bytes). Kernels
     * address element {@code idx} at {@code byteOffset() + sum(idx[k] * byteStrides()[k])}.
     *
     * <pre>{@code double x = a.segment().get(ValueLayout.JAVA_DOUBLE_UNALIGNED, a.byteOffset());}</pre>
     *
     * @return the backing segment
     */
    public MemorySegment segment() {
        touch();
        return segment;
    }

    /**
     * Offset in {@link #segment()} of element {@code [0, ..., 0]} (of the first element in iteration
     * order, even for reversed views).
     *
     * <pre>{@code long base = tile.byteOffset();}</pre>
     *
     * @return the byte offset
     */
    public long byteOffset() {
        return byteOffset;
    }

    /**
     * Whether the elements lie in C (row-major) order with no gaps; axes of length 1 may have any stride.
     *
     * <pre>{@code r.slice("0:333, :").isCContiguous(); // true: whole rows}</pre>
     *
     * @return true if C-contiguous
     */
    public boolean isCContiguous() {
        return contiguous(true);
    }

    /**
     * Whether the elements lie in Fortran (column-major) order with no gaps.
     *
     * <pre>{@code fortranFile.isFContiguous(); // true}</pre>
     *
     * @return true if Fortran-contiguous
     */
    public boolean isFContiguous() {
        return contiguous(false);
    }

    private boolean contiguous(boolean cOrder) {
        if (size == 0) {
            return true;
        }
        long expected = dtype.byteSize();
        for (int k = 0; k < shape.length; k++) {
            int i = cOrder ? shape.length - 1 - k : k;
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * The exact bytes of a C-contiguous array, in element order and in the array's byte order
     * ({@link #byteOrder()}): what bulk copies and vector loops want.
     *
     * <pre>{@code MemorySegment.copy(src.contiguousSegment(), 0, dst.contiguousSegment(), 0, src.size() * 8);}</pre>
     *
     * @return a slice of {@link #segment()} of {@code size() * dtype().byteSize()} bytes
     * @throws IllegalStateException if the array is not C-contiguous
     */
    public MemorySegment contiguousSegment() {
        if (!isCContiguous()) {
            throw new IllegalStateException("array " + this + " is not C-contiguous");
        }
        touch();
        return segment.asSlice(byteOffset, size * dtype.byteSize());
    }

    /**
     * Whether the memory is mapped read-only (e.g. a {@code .npy} file opened with mode 'r'); writes
     * then throw {@link IllegalArgumentException}.
     *
     * <pre>{@code if (!a.isReadOnly()) a.setDouble(0.0, 0);}</pre>
     *
     * @return true if writes are refused
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Whether this array (not a view of it) owns its memory, so that {@link #close()} releases it.
     *
     * <pre>{@code NdArray.allocate(Allocation.ZEROED, DType.INT32, 4).isOwner(); // true}</pre>
     *
     * @return true for owners
     */
    public boolean isOwner() {
        return isOwner;
    }

    /**
     * Whether the memory is still usable: false once the owner or the arena has been closed.
     *
     * <pre>{@code a.close(); a.isAlive(); // false}</pre>
     *
     * @return true while element access is allowed
     */
    public boolean isAlive() {
        return (owner == null || !owner.closed.get()) && segment.scope().isAlive();
    }

    // ---------------------------------------------------------------- views

    /**
     * NumPy basic slicing: one {@link Slice} per leading axis, the remaining axes taken whole. The result
     * shares memory with this array. Negative steps reverse an axis (negative byte stride).
     *
     * <pre>{@code a.slice(Slice.all(), Slice.of(i, i + 4), Slice.of(j, j + 4)); // a[:, i:i+4, j:j+4]}</pre>
     *
     * @param slices at most {@code ndim()} slices
     * @return a view
     * @throws IllegalArgumentException if there are more slices than axes or a bound is out of range
     */
    public NdArray slice(Slice... slices) {
        return slice(List.of(slices));
    }

    /**
     * {@link #slice(Slice...)} with NumPy's text syntax, e.g. {@code "0:333, 1000:"} or {@code ":, ::-1"}.
     *
     * <pre>{@code NdArray tile = r.slice("0:333, 1000:");}</pre>
     *
     * @param spec comma-separated {@code start:stop[:step]} parts
     * @return a view
     * @throws IllegalArgumentException if the spec is malformed or out of range
     */
    public NdArray slice(String spec) {
        return slice(Slice.parse(spec));
    }

    /**
     * {@link #slice(Slice...)} with the slices in a list.
     *
     * <pre>{@code a.slice(List.of(Slice.of(0, 2)));}</pre>
     *
     * @param slices at most {@code ndim()} slices
     * @return a view
     * @throws IllegalArgumentException if there are more slices than axes or a bound is out of range
     */
    public NdArray slice(List<Slice> slices) {
        if (slices.size() > shape.length) {
            throw new IllegalArgumentException("slices " + slices + " has " + slices.size()
                    + " entries but the array has " + shape.length + " axes");
        }
        long[] s = shape.clone();
        long[] st = strides.clone();
        long off = byteOffset;
        for (int i = 0; i < slices.size(); i++) {
            Slice.Range r = Objects.requireNonNull(slices.get(i), "slices[" + i + "]").resolve(shape[i], i);
            off += r.start() * strides[i];
            s[i] = r.length();
            st[i] = strides[i] * r.step();
        }
        return derived(off, s, st);
    }

    /**
     * Slices one axis, leaving the others whole.
     *
     * <pre>{@code a.slice(1, Slice.of(null, null, -1L)); // a[:, ::-1]}</pre>
     *
     * @param axis  the axis
     * @param slice the slice for it
     * @return a view
     * @throws IllegalArgumentException if the axis does not exist or a bound is out of range
     */
    public NdArray slice(int axis, Slice slice) {
        checkAxis(axis);
        Slice[] all = new Slice[shape.length];
        Arrays.fill(all, Slice.all());
        all[axis] = slice;
        return slice(all);
    }

    /**
     * The box {@code [start[k], stop[k])} on every axis, step 1: the shape of a tile. Unlike
     * {@link #slice}, bounds are plain non-negative indices, checked strictly.
     *
     * <pre>{@code NdArray tile = r.view(new long[] {0, 1000}, new long[] {333, 10_000});}</pre>
     *
     * @param start first index per axis
     * @param stop  end index (exclusive) per axis
     * @return a view
     * @throws IllegalArgumentException unless {@code 0 <= start[k] <= stop[k] <= shape[k]} for every axis
     */
    public NdArray view(long[] start, long[] stop) {
        if (start.length != shape.length || stop.length != shape.length) {
            throw new IllegalArgumentException("start has " + start.length + " and stop has " + stop.length
                    + " entries but the array has " + shape.length + " axes");
        }
        long[] s = new long[shape.length];
        long off = byteOffset;
        for (int i = 0; i < shape.length; i++) {
            if (start[i] < 0 || start[i] > shape[i]) {
                throw new IllegalArgumentException("start[" + i + "] = " + start[i] + " is out of range [0, "
                        + shape[i] + "]");
            }
            if (stop[i] < start[i] || stop[i] > shape[i]) {
                throw new IllegalArgumentException("stop[" + i + "] = " + stop[i] + " is out of range ["
                        + start[i] + ", " + shape[i] + "]");
            }
            s[i] = stop[i] - start[i];
            off += s[i] == 0 ? 0 : start[i] * strides[i];
        }
        return derived(off, s, strides.clone());
    }

    /**
     * Fixes one axis at an index, dropping that axis: NumPy's {@code a[i]} (axis 0) or {@code a[:, i]}.
     *
     * <pre>{@code NdArray day = cube.select(0, 42); // cube[42], shape [16, 16]}</pre>
     *
     * @param axis  the axis to drop
     * @param index the index on it, {@code 0 <= index < length(axis)}
     * @return a view with one axis fewer
     * @throws IllegalArgumentException if the axis or index is out of range
     */
    public NdArray select(int axis, long index) {
        checkAxis(axis);
        if (index < 0 || index >= shape[axis]) {
            throw new IllegalArgumentException("index = " + index + " is out of range [0, " + shape[axis]
                    + ") for axis " + axis);
        }
        long[] s = new long[shape.length - 1];
        long[] st = new long[shape.length - 1];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (i != axis) {
                s[k] = shape[i];
                st[k++] = strides[i];
            }
        }
        return derived(byteOffset + index * strides[axis], s, st);
    }

    /**
     * The same elements with the axes permuted, NumPy's {@code a.transpose(axes)}: axis {@code k} of the
     * view is axis {@code axes[k]} of this array. With no arguments the axes are reversed ({@code a.T}),
     * so the transpose of a C-order array is a Fortran-order view. Shares memory.
     *
     * <pre>{@code NdArray t = m.transpose();          // m.T
     * NdArray p = cube.transpose(1, 2, 0);            // cube.transpose(1, 2, 0)}</pre>
     *
     * @param axes a permutation of {@code 0 .. ndim()-1}, or nothing
     * @return a view
     * @throws IllegalArgumentException if {@code axes} is not a permutation of the axes
     */
    public NdArray transpose(int... axes) {
        int nd = shape.length;
        int[] perm = axes.length == 0 ? reversed(nd) : axes.clone();
        if (perm.length != nd) {
            throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " has " + perm.length
                    + " entries but the array has " + nd + " axes");
        }
        boolean[] seen = new boolean[nd];
        long[] s = new long[nd];
        long[] st = new long[nd];
        for (int k = 0; k < nd; k++) {
            int a = perm[k];
            if (a < 0 || a >= nd || seen[a]) {
                throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " is not a permutation of 0.."
                        + (nd - 1));
            }
            seen[a] = true;
            s[k] = shape[a];
            st[k] = strides[a];
        }
        return derived(byteOffset, s, st);
    }

    private static int[] reversed(int nd) {
        int[] p = new int[nd];
        for (int k = 0; k < nd; k++) {
            p[k] = nd - 1 - k;
        }
        return p;
    }

    /**
     * The same bytes read in the given byte order, NumPy's {@code a.view(a.dtype.newbyteorder())} when
     * the order differs: no copy, no conversion. For memory a foreign program wrote big-endian.
     *
     * <pre>{@code NdArray be = NdArray.wrap(seg, DType.FLOAT64, n).withByteOrder(ByteOrder.BIG_ENDIAN);}</pre>
     *
     * @param order the byte order to read and write elements in
     * @return a view (this array if the order is already {@code order})
     */
    public NdArray withByteOrder(ByteOrder order) {
        Objects.requireNonNull(order, "order");
        if (order == this.order || dtype.byteSize() == 1) {
            return this;
        }
        return new NdArray(dtype, order, segment, byteOffset, shape, strides, owner, false, untouched);
    }

    private NdArray derived(long off, long[] s, long[] st) {
        return new NdArray(dtype, order, segment, off, s, st, owner, false, untouched);
    }

    // ---------------------------------------------------------------- element access

    /**
     * Reads a {@link DType#FLOAT64} or {@link DType#FLOAT32} element (widened to double).
     *
     * <pre>{@code double v = a.getDouble(i, j);}</pre>
     *
     * @param index one index per axis
     * @return the element
     * @throws IllegalArgumentException on a dtype mismatch or an index out of range
     * @throws IllegalStateException if the memory has been released
     */
    public double getDouble(long... index) {
        long off = offsetOf(index);
        try {
            return switch (dtype) {
                case FLOAT64 -> bigEndian ? segment.get(F64_BE, off) : segment.get(F64, off);
                case FLOAT32 -> bigEndian ? segment.get(F32_BE, off) : segment.get(F32, off);
                default -> throw mismatch("getDouble", "FLOAT64 or FLOAT32");
            };
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Writes a {@link DType#FLOAT64} element, or a {@link DType#FLOAT32} one (rounded to float).
     *
     * <pre>{@code a.setDouble(3.25, i, j);}</pre>
     *
     * @param value the value
     * @param index one index per axis
     * @throws IllegalArgumentException on a dtype mismatch, an index out of range or a read-only array
     * @throws IllegalStateException if the memory has been released
     */
    public void setDouble(double value, long... index) {
        long off = writableOffsetOf(index);
        try {
            switch (dtype) {
                case FLOAT64 -> segment.set(bigEndian ? F64_BE : F64, off, value);
                case FLOAT32 -> segment.set(bigEndian ? F32_BE : F32, off, (float) value);
                default -> throw mismatch("setDouble", "FLOAT64 or FLOAT32");
            }
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Reads an integer element of any width (widened to long): signed types sign-extended, unsigned ones
     * zero-extended, and a {@link DType#UINT64} element's bits as they are ({@link Long#toUnsignedString}
     * prints its value).
     *
     * <pre>{@code long v = a.getLong(i);}</pre>
     *
     * @param index one index per axis
     * @return the element
     * @throws IllegalArgumentException on a dtype that is not an integer type, or an index out of range
     * @throws IllegalStateException if the memory has been released
     */
    public long getLong(long... index) {
        if (!dtype.isInteger()) {
            throw mismatch("getLong", "an integer type");
        }
        long off = offsetOf(index);
        try {
            return integerAt(off);
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    private long integerAt(long off) {
        return switch (dtype) {
            case INT64, UINT64 -> bigEndian ? segment.get(I64_BE, off) : segment.get(I64, off);
            case INT32 -> bigEndian ? segment.get(I32_BE, off) : segment.get(I32, off);
            case UINT32 -> Integer.toUnsignedLong(bigEndian ? segment.get(I32_BE, off) : segment.get(I32, off));
            case INT16 -> bigEndian ? segment.get(I16_BE, off) : segment.get(I16, off);
            case UINT16 -> Short.toUnsignedLong(bigEndian ? segment.get(I16_BE, off) : segment.get(I16, off));
            case INT8 -> segment.get(I8, off);
            case UINT8 -> Byte.toUnsignedLong(segment.get(I8, off));
            case BOOL -> segment.get(I8, off) != 0 ? 1 : 0;
            case FLOAT32, FLOAT64 -> throw mismatch("getLong", "an integer type");
        };
    }

    /**
     * Writes an integer element of any width. The value must fit the type: {@code [-128, 127]} for
     * {@link DType#INT8}, {@code [0, 65535]} for {@link DType#UINT16}, and so on; {@link DType#INT64}
     * and {@link DType#UINT64} take any long (for UINT64, its bits: {@code -1L} is 2^64 - 1).
     *
     * <pre>{@code a.setLong(7L, i);}</pre>
     *
     * @param value the value
     * @param index one index per axis
     * @throws IllegalArgumentException on a dtype that is not an integer type, an index out of range, a
     *                                  value that does not fit the type, or a read-only array
     * @throws IllegalStateException if the memory has been released
     */
    public void setLong(long value, long... index) {
        if (!dtype.isInteger()) {
            throw mismatch("setLong", "an integer type");
        }
        if (dtype != DType.INT64 && dtype != DType.UINT64 && Cast.toInteger(value, dtype) != value) {
            throw new IllegalArgumentException("value = " + value + " does not fit in " + dtype);
        }
        long off = writableOffsetOf(index);
        try {
            switch ((int) dtype.byteSize()) {
                case 8 -> segment.set(bigEndian ? I64_BE : I64, off, value);
                case 4 -> segment.set(bigEndian ? I32_BE : I32, off, (int) value);
                case 2 -> segment.set(bigEndian ? I16_BE : I16, off, (short) value);
                default -> segment.set(I8, off, (byte) value);
            }
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Reads a {@link DType#BOOL} element: true for any non-zero byte.
     *
     * <pre>{@code if (mask.getBoolean(i, j)) { ... }}</pre>
     *
     * @param index one index per axis
     * @return the element
     * @throws IllegalArgumentException on a dtype mismatch or an index out of range
     * @throws IllegalStateException if the memory has been released
     */
    public boolean getBoolean(long... index) {
        requireDType(DType.BOOL, "getBoolean");
        long off = offsetOf(index);
        try {
            return segment.get(I8, off) != 0;
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Writes a {@link DType#BOOL} element as NumPy stores it: 1 or 0.
     *
     * <pre>{@code mask.setBoolean(true, i, j);}</pre>
     *
     * @param value the value
     * @param index one index per axis
     * @throws IllegalArgumentException on a dtype mismatch, an index out of range or a read-only array
     * @throws IllegalStateException if the memory has been released
     */
    public void setBoolean(boolean value, long... index) {
        requireDType(DType.BOOL, "setBoolean");
        long off = writableOffsetOf(index);
        try {
            segment.set(I8, off, (byte) (value ? 1 : 0));
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Reads any element as a double, converted as Python's {@code float(a[i])} converts a NumPy scalar
     * ({@link Cast#toDouble}): floats widened exactly, integers rounded to nearest (beyond 2^53), bool
     * as 0.0 or 1.0. This is how the index builder reads its inputs.
     *
     * <pre>{@code double v = counts.getAsDouble(i, j);   // an int32 or uint16 element}</pre>
     *
     * @param index one index per axis
     * @return the element's value as a double
     * @throws IllegalArgumentException if an index is out of range
     * @throws IllegalStateException if the memory has been released
     */
    public double getAsDouble(long... index) {
        long off = offsetOf(index);
        try {
            return switch (dtype) {
                case FLOAT64 -> bigEndian ? segment.get(F64_BE, off) : segment.get(F64, off);
                case FLOAT32 -> bigEndian ? segment.get(F32_BE, off) : segment.get(F32, off);
                default -> Cast.toDouble(dtype, integerAt(off));
            };
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Reads a {@link DType#FLOAT32} element.
     *
     * <pre>{@code float v = a.getFloat(i, j);}</pre>
     *
     * @param index one index per axis
     * @return the element
     * @throws IllegalArgumentException on a dtype mismatch or an index out of range
     * @throws IllegalStateException if the memory has been released
     */
    public float getFloat(long... index) {
        requireDType(DType.FLOAT32, "getFloat");
        long off = offsetOf(index);
        try {
            return bigEndian ? segment.get(F32_BE, off) : segment.get(F32, off);
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Writes a {@link DType#FLOAT32} element.
     *
     * <pre>{@code a.setFloat(1.5f, i, j);}</pre>
     *
     * @param value the value
     * @param index one index per axis
     * @throws IllegalArgumentException on a dtype mismatch, an index out of range or a read-only array
     * @throws IllegalStateException if the memory has been released
     */
    public void setFloat(float value, long... index) {
        requireDType(DType.FLOAT32, "setFloat");
        long off = writableOffsetOf(index);
        try {
            segment.set(bigEndian ? F32_BE : F32, off, value);
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Reads an {@link DType#INT32} element.
     *
     * <pre>{@code int v = a.getInt(i);}</pre>
     *
     * @param index one index per axis
     * @return the element
     * @throws IllegalArgumentException on a dtype mismatch or an index out of range
     * @throws IllegalStateException if the memory has been released
     */
    public int getInt(long... index) {
        requireDType(DType.INT32, "getInt");
        long off = offsetOf(index);
        try {
            return bigEndian ? segment.get(I32_BE, off) : segment.get(I32, off);
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * Writes an {@link DType#INT32} element.
     *
     * <pre>{@code a.setInt(42, i);}</pre>
     *
     * @param value the value
     * @param index one index per axis
     * @throws IllegalArgumentException on a dtype mismatch, an index out of range or a read-only array
     * @throws IllegalStateException if the memory has been released
     */
    public void setInt(int value, long... index) {
        requireDType(DType.INT32, "setInt");
        long off = writableOffsetOf(index);
        try {
            segment.set(bigEndian ? I32_BE : I32, off, value);
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    /**
     * The byte offset in {@link #segment()} of an element, with bounds checks: for kernels that address
     * the segment themselves.
     *
     * <pre>{@code long off = a.offsetOf(i, j); double v = a.segment().get(JAVA_DOUBLE, off);}</pre>
     *
     * @param index one index per axis
     * @return the element's byte offset
     * @throws IllegalArgumentException if the index count or an index is out of range
     */
    public long offsetOf(long... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index has " + index.length + " entries but the array has "
                    + shape.length + " axes");
        }
        long off = byteOffset;
        for (int i = 0; i < index.length; i++) {
            long ix = index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IllegalArgumentException("index[" + i + "] = " + ix + " is out of range [0, "
                        + shape[i] + ") for axis " + i);
            }
            off += ix * strides[i];
        }
        return off;
    }

    private long writableOffsetOf(long[] index) {
        if (readOnly) {
            throw new IllegalArgumentException("array " + this + " is read-only (mapped read-only); writing"
                    + " index " + Arrays.toString(index) + " is not allowed");
        }
        return offsetOf(index);
    }

    private void requireDType(DType expected, String method) {
        if (dtype != expected) {
            throw mismatch(method, expected.name());
        }
    }

    private IllegalArgumentException mismatch(String method, String expected) {
        return new IllegalArgumentException(method + " needs dtype " + expected + " but the array's dtype is "
                + dtype);
    }

    private IllegalStateException closed(IllegalStateException cause) {
        if (isAlive()) {
            // Not a lifetime problem (e.g. a concurrent close raced us): report the JDK's own message.
            return cause;
        }
        return new IllegalStateException("array " + this + " is closed: its memory was released by "
                + (owner != null ? "its owner's close()" : "the arena that owns it"), cause);
    }

    /**
     * Gives the memory behind this array's elements back to the operating system, keeping the
     * address range: the whole 4 KiB pages inside it read as zero when next touched, and stop
     * counting in the process's resident memory. For outputs allocated with spare capacity (the index
     * builder's unused tail), or scratch that is done with. Only for C-contiguous views of arrays that
     * own an anonymous mapping ({@link Allocation#UNINITIALIZED} or {@link Allocation#HUGE_PAGES});
     * bytes in partial pages at either end are kept.
     *
     * <pre>{@code out.view(new long[] {used}, new long[] {capacity}).discard();}</pre>
     *
     * @throws UnsupportedOperationException for memory that is not an owned anonymous mapping
     *         (arena memory, files, shared memory) or a view that is not C-contiguous
     * @throws IllegalStateException if the memory has been released
     */
    public void discard() {
        if (owner == null || !owner.anonymousMapping) {
            throw new UnsupportedOperationException("discard() needs an array owning an anonymous mapping "
                    + "(NdArray.allocate(Allocation.UNINITIALIZED or HUGE_PAGES, ...)); this one is " + this);
        }
        if (!isCContiguous()) {
            throw new UnsupportedOperationException("discard() needs a C-contiguous view; this one is " + this);
        }
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("array " + this + " has been released");
        }
        VirtualMemory.discard(segment.address() + byteOffset, size * dtype.byteSize());
    }

    /**
     * Asks the operating system to start reading elements {@code [fromElement, toElement)} (in C order)
     * of a memory-mapped array into memory, and returns at once ({@code madvise(MADV_WILLNEED)}). For
     * jobs that stream through files larger than what stays in the page cache: the next tiles are read
     * while this one is worked on, instead of stalling the worker at their first touch. Advice only:
     * nothing happens for memory that is not a file mapping, for a view that is not C-contiguous, or
     * off Linux.
     *
     * <pre>{@code a1.prefetch(nextTileStart, nextTileStop);}</pre>
     *
     * @return whether the operating system was asked and took the advice
     * @throws IllegalArgumentException if the range is not within {@code [0, size()]}
     * @throws IllegalStateException if the memory has been released
     */
    public boolean prefetch(long fromElement, long toElement) {
        if (fromElement < 0 || toElement < fromElement || toElement > size) {
            throw new IllegalArgumentException("prefetch range [" + fromElement + ", " + toElement + ") is not within [0, " + size + "]");
        }
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("array " + this + " has been released");
        }
        if (!segment.isMapped() || !isCContiguous() || fromElement == toElement) {
            return false;
        }
        long item = dtype.byteSize();
        return VirtualMemory.willNeed(segment.address() + byteOffset + fromElement * item, (toElement - fromElement) * item);
    }

    /**
     * Takes the page faults of elements {@code [fromElement, toElement)} (in C order) now, writable,
     * without changing the data ({@code MADV_POPULATE_WRITE}): for the worker that is about to fill
     * that part of a fresh output, so that first touches happen on every core at once rather than one
     * store at a time. Advice only: nothing happens for a view that is not C-contiguous, off Linux, or on
     * a kernel older than 5.14.
     *
     * <pre>{@code out.populate(tileStart, tileStop);  // then write the tile}</pre>
     *
     * @return whether the pages were faulted in
     * @throws IllegalArgumentException if the range is not within {@code [0, size()]}, or the array is read-only
     * @throws IllegalStateException if the memory has been released
     */
    public boolean populate(long fromElement, long toElement) {
        if (fromElement < 0 || toElement < fromElement || toElement > size) {
            throw new IllegalArgumentException("populate range [" + fromElement + ", " + toElement + ") is not within [0, " + size + "]");
        }
        if (readOnly) {
            throw new IllegalArgumentException("array " + this + " is read-only: its pages cannot be faulted in for writing");
        }
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("array " + this + " has been released");
        }
        if (!segment.isNative() || !isCContiguous() || fromElement == toElement) {
            return false;
        }
        long item = dtype.byteSize();
        return VirtualMemory.populateWrite(segment.address() + byteOffset + fromElement * item, (toElement - fromElement) * item) == 0;
    }

    /**
     * {@link #populate(long, long)} for every element of this view, in whatever order and direction its
     * axes run (a Fortran-order tile, a reversed one): the whole byte range it spans is faulted in,
     * when its elements fill that range without gaps. A view with gaps (some columns of wider rows)
     * is left alone, since faulting the gaps in would cost memory no one asked for.
     *
     * <pre>{@code tile.populate();  // then write the tile}</pre>
     *
     * @return whether the pages were faulted in
     * @throws IllegalArgumentException if the array is read-only
     * @throws IllegalStateException if the memory has been released
     */
    public boolean populate() {
        if (readOnly) {
            throw new IllegalArgumentException("array " + this + " is read-only: its pages cannot be faulted in for writing");
        }
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("array " + this + " has been released");
        }
        if (!segment.isNative() || size == 0) {
            return false;
        }
        long lo = byteOffset, hi = byteOffset;
        for (int k = 0; k < shape.length; k++) {
            long span = (shape[k] - 1) * strides[k];
            if (span < 0) {
                lo += span;
            } else {
                hi += span;
            }
        }
        long item = dtype.byteSize();
        hi += item;
        if (hi - lo != size * item || !isDense()) {
            return false;
        }
        return VirtualMemory.populateWrite(segment.address() + lo, hi - lo) == 0;
    }

    /** Whether the elements tile their byte range exactly: some order of the axes is C-contiguous up to signs. */
    private boolean isDense() {
        Integer[] axes = new Integer[shape.length];
        for (int k = 0; k < axes.length; k++) {
            axes[k] = k;
        }
        Arrays.sort(axes, (a, b) -> Long.compare(Math.abs(strides[a]), Math.abs(strides[b])));
        long expected = dtype.byteSize();
        for (int a : axes) {
            if (shape[a] == 1) {
                continue;
            }
            if (Math.abs(strides[a]) != expected) {
                return false;
            }
            expected *= shape[a];
        }
        return true;
    }

    /**
     * Whether no element of this array's memory has been written yet, as far as Tessella knows: true for
     * {@link Allocation#UNINITIALIZED} and {@link Allocation#HUGE_PAGES} memory and for a {@code .npy}
     * file just created ({@code io.tessella.io.NpyFile.create}), shared by the array and all its views,
     * until {@link #claimUntouched()} or a write Tessella sees ({@link #copyFrom}, and handing out the
     * raw memory: {@link #segment()}, {@link #contiguousSegment()}). Element setters are not watched.
     * Arrays of {@link Allocation#ZEROED} memory, wrapped segments and mapped existing files are never
     * untouched.
     *
     * <pre>{@code NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 4).isUntouched(); // true}</pre>
     *
     * @return whether the memory is still untouched
     */
    public boolean isUntouched() {
        return untouched != null && untouched.get();
    }

    /**
     * For a job about to write this array: whether its memory is still {@link #isUntouched() untouched},
     * marking it touched, so that exactly one caller learns it. The job's workers then
     * {@link #populate()} each tile right before they write it, taking the page faults on every core at
     * once; a job that gets false writes without that pass, which on memory already faulted in would
     * cost a walk over its pages for nothing.
     *
     * <pre>{@code boolean fresh = out.claimUntouched();  // then, per tile: if (fresh) tile.populate();}</pre>
     *
     * @return true the first time it is called on untouched memory (through this array or any view)
     */
    public boolean claimUntouched() {
        return untouched != null && untouched.get() && untouched.getAndSet(false);
    }

    /**
     * This array as memory nothing has written yet ({@link #isUntouched()}), for the code that just
     * obtained it: a mapping of a file it has just created and reserved. The caller vouches for it.
     *
     * <pre>{@code NdArray out = NdArray.wrap(fresh, header, dtype, shape, strides).asUntouched();}</pre>
     *
     * @return a view of the same elements that is untouched, with its views
     */
    public NdArray asUntouched() {
        return new NdArray(dtype, order, segment, byteOffset, shape, strides, owner, false, new AtomicBoolean(true));
    }

    private void touch() {
        if (untouched != null && untouched.get()) {
            untouched.set(false);
        }
    }

    /**
     * Drops this process's pages of elements {@code [fromElement, toElement)} (in C order) of a
     * memory-mapped file, keeping the data in the file ({@code madvise(MADV_DONTNEED)} on the whole
     * pages inside the range): what a job streaming through an input larger than memory does behind
     * itself, so the pages it is done with stop counting against it and are the first the kernel
     * reclaims. Touching them again reads them from the file (or the page cache) as at first. Advice
     * only: nothing happens for memory that is not a file mapping, for a view that is not C-contiguous,
     * or off Linux.
     *
     * <pre>{@code a1.evict(0, doneUpTo);}</pre>
     *
     * @return whether the pages were dropped
     * @throws IllegalArgumentException if the range is not within {@code [0, size()]}
     * @throws IllegalStateException if the memory has been released
     */
    public boolean evict(long fromElement, long toElement) {
        if (fromElement < 0 || toElement < fromElement || toElement > size) {
            throw new IllegalArgumentException("evict range [" + fromElement + ", " + toElement + ") is not within [0, " + size + "]");
        }
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("array " + this + " has been released");
        }
        if (!segment.isMapped() || !isCContiguous() || fromElement == toElement) {
            return false;
        }
        long item = dtype.byteSize();
        try {
            VirtualMemory.discard(segment.address() + byteOffset + fromElement * item, (toElement - fromElement) * item);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Copies every element of {@code source} into this array, in place. Shapes and dtypes must match;
     * either array may be any view (strided, reversed) in either byte order, and elements are converted
     * to this array's order. C-contiguous pairs of one order take one bulk copy; others copy row by row
     * along the last axis. Overlapping source and destination memory gives unspecified results.
     *
     * <pre>{@code
     * out.view(new long[] {r0, 0}, new long[] {r1, n}).copyFrom(tileResult); // join a tile into the output
     * }</pre>
     *
     * @param source the array to read
     * @throws IllegalArgumentException if the shapes or dtypes differ, or this array is read-only
     * @throws IllegalStateException if either array's memory has been released
     */
    public void copyFrom(NdArray source) {
        if (source.dtype != dtype) {
            throw new IllegalArgumentException("source dtype " + source.dtype + " != destination dtype " + dtype);
        }
        if (!Arrays.equals(source.shape, shape)) {
            throw new IllegalArgumentException("source shape " + Arrays.toString(source.shape)
                    + " != destination shape " + Arrays.toString(shape));
        }
        if (readOnly) {
            throw new IllegalArgumentException("destination " + this + " is read-only");
        }
        touch();
        if (size == 0) {
            return;
        }
        try {
            if (isCContiguous() && source.isCContiguous() && source.order == order) {
                MemorySegment.copy(source.segment, source.byteOffset, segment, byteOffset, size * dtype.byteSize());
                return;
            }
            copyAxis(source, 0, source.byteOffset, byteOffset);
        } catch (IllegalStateException e) {
            throw isAlive() ? source.closed(e) : closed(e);
        }
    }

    private void copyAxis(NdArray source, int axis, long srcOff, long dstOff) {
        boolean last = shape.length == 0 || axis == shape.length - 1;
        long n = shape.length == 0 ? 1 : shape[axis];
        long ss = shape.length == 0 ? 0 : source.strides[axis];
        long ds = shape.length == 0 ? 0 : strides[axis];
        if (last) {
            long item = dtype.byteSize();
            if (ss == item && ds == item && source.order == order) {
                MemorySegment.copy(source.segment, srcOff, segment, dstOff, n * item);
            } else {
                boolean swap = source.order != order;
                for (long i = 0; i < n; i++) {
                    long at = srcOff + i * ss, to = dstOff + i * ds;
                    switch ((int) item) {
                        case 8 -> {
                            long v = source.segment.get(I64, at);
                            segment.set(I64, to, swap ? Long.reverseBytes(v) : v);
                        }
                        case 4 -> {
                            int v = source.segment.get(I32, at);
                            segment.set(I32, to, swap ? Integer.reverseBytes(v) : v);
                        }
                        case 2 -> {
                            short v = source.segment.get(I16, at);
                            segment.set(I16, to, swap ? Short.reverseBytes(v) : v);
                        }
                        default -> segment.set(I8, to, source.segment.get(I8, at));
                    }
                }
            }
            return;
        }
        for (long i = 0; i < n; i++) {
            copyAxis(source, axis + 1, srcOff + i * ss, dstOff + i * ds);
        }
    }

    // ---------------------------------------------------------------- lifetime

    /**
     * Releases the memory if this array is its owner ({@link #isOwner()}); afterwards every access
     * through it or any of its views throws {@link IllegalStateException}. Idempotent and thread-safe.
     * On a view or a borrowing array it does nothing: the owner or arena decides.
     *
     * <pre>{@code
     * NdArray a = NdArray.allocate(Allocation.UNINITIALIZED, DType.FLOAT64, 1 << 20);
     * a.close();
     * a.close(); // no effect
     * }</pre>
     *
     * @throws IllegalStateException if a native call that was passed the segment is still running (the arena
     *                               refuses to close then; the array stays open, so close can be retried) or
     *                               releasing an adopted resource fails
     */
    @Override
    public void close() {
        if (isOwner) {
            owner.close();
        }
    }

    /**
     * Bytes held right now by owning arrays ({@link #allocate(Allocation, DType, long...)},
     * {@link #adopt}) that have not been closed, across the whole JVM: a leak shows up as a number that
     * does not return to its starting value. Arrays in a caller's arena are the arena's business and are
     * not counted.
     *
     * <pre>{@code
     * long before = NdArray.liveOwnedBytes();
     * runJob();
     * if (NdArray.liveOwnedBytes() != before) throw new IllegalStateException("job leaked arrays");
     * }</pre>
     *
     * @return the byte count
     */
    public static long liveOwnedBytes() {
        return LIVE_OWNED_BYTES.get();
    }

    // ---------------------------------------------------------------- helpers

    private int checkAxis(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("axis = " + axis + " is out of range [0, " + shape.length + ")");
        }
        return axis;
    }

    /**
     * Validates a shape: every length {@code >= 0}, and the element count fits in a long.
     */
    static long[] checkShape(long[] shape) {
        Objects.requireNonNull(shape, "shape");
        long[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0) {
                throw new IllegalArgumentException("shape[" + i + "] = " + s[i] + " is negative");
            }
        }
        try {
            elementCount(s);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " has more than Long.MAX_VALUE elements", e);
        }
        return s;
    }

    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static long byteSize(DType dtype, long[] shape) {
        try {
            return Math.multiplyExact(elementCount(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs more than Long.MAX_VALUE bytes", e);
        }
    }

    /**
     * Byte strides of a C-order array of the given shape.
     *
     * <pre>{@code NdArray.cStrides(DType.FLOAT64, 3, 4); // [32, 8]}</pre>
     *
     * @param dtype element type
     * @param shape axis lengths (validated)
     * @return row-major byte strides
     * @throws IllegalArgumentException if the shape is invalid
     */
    public static long[] cStrides(DType dtype, long... shape) {
        long[] s = checkShape(shape);
        byteSize(dtype, s);
        long[] st = new long[s.length];
        long stride = dtype.byteSize();
        for (int i = s.length - 1; i >= 0; i--) {
            st[i] = stride;
            stride *= Math.max(s[i], 1);
        }
        return st;
    }

    /**
     * Byte strides of a Fortran-order (column-major) array of the given shape.
     *
     * <pre>{@code NdArray.fStrides(DType.FLOAT64, 3, 4); // [8, 24]}</pre>
     *
     * @param dtype element type
     * @param shape axis lengths (validated)
     * @return column-major byte strides
     * @throws IllegalArgumentException if the shape is invalid
     */
    public static long[] fStrides(DType dtype, long... shape) {
        long[] s = checkShape(shape);
        byteSize(dtype, s);
        long[] st = new long[s.length];
        long stride = dtype.byteSize();
        for (int i = 0; i < s.length; i++) {
            st[i] = stride;
            stride *= Math.max(s[i], 1);
        }
        return st;
    }

    /**
     * A short description for messages: dtype, shape and byte strides.
     *
     * <pre>{@code a.toString(); // "NdArray[FLOAT64 shape [3, 4] strides [32, 8]]"; big-endian ones say so}</pre>
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "NdArray[" + dtype + (bigEndian ? " big-endian" : "") + " shape " + Arrays.toString(shape) + " strides "
                + Arrays.toString(strides) + "]";
    }
}

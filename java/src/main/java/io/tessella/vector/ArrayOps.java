package io.tessella.vector;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.tiling.Tiling;
import java.lang.System.Logger;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Float64Ops} kernels over whole {@link NdArray}s, in parallel over tiles: outer product,
 * elementwise arithmetic, fused multiply-add and reductions along the last axis. Every layout NumPy
 * hands over works, with NumPy's results bit for bit: C and Fortran order, any strided or reversed
 * view ({@code a.slice(":, ::-1")}, {@code a.transpose()}), 0-d and empty arrays, and big-endian
 * data (a mapped {@code >f8} file). Arrays whose rows are contiguous native float64 go to the kernels
 * in place, as before; the others are staged through small per-thread buffers
 * ({@link io.tessella.memory.Staging}), about 8192 elements at a time. Results are bit-identical
 * whatever the tiling and parallelism.
 *
 * <p>Immutable and thread-safe; each setter returns a new instance.
 *
 * <pre>{@code
 * ArrayOps ops = ArrayOps.create().parallelism(2);
 * OuterImpl ran = ops.outer(r, y, x, OuterImpl.AUTO);                   // r = np.outer(y, x)
 * ops.elementwise(BinaryOp.ADD, out, a, b,
 *         Tiling.of(a.shape(), Cut.whole(), Cut.blocks(4), Cut.blocks(4)));  // recipe 4's 4 x 4 tiles
 * ops.reduceLastAxis(Reduction.SUM, m, sums);                          // sums = m.sum(axis=-1)
 * }</pre>
 */
public final class ArrayOps {
    /** Outputs at least this large use streaming stores in the native outer product: they cannot stay in cache. */
    public static final long STREAMING_BYTES = 32L << 20;

    private static final AtomicBoolean VECTOR_FALLBACK_LOGGED = new AtomicBoolean();

    private final Float64Ops ops;
    private final int parallelism;

    private ArrayOps(Float64Ops ops, int parallelism) {
        this.ops = ops;
        this.parallelism = parallelism;
    }

    /** The active implementation ({@link VectorOps#active()}) on all cores. */
    public static ArrayOps create() {
        return new ArrayOps(VectorOps.active(), Runtime.getRuntime().availableProcessors());
    }

    /** Tiles run at once; 1 runs in the caller's thread. */
    public ArrayOps parallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism = " + parallelism + " must be at least 1");
        }
        return new ArrayOps(ops, parallelism);
    }

    /** Another implementation for elementwise ops and reductions (e.g. {@link VectorOps#scalar()}). */
    public ArrayOps using(Float64Ops implementation) {
        return new ArrayOps(Objects.requireNonNull(implementation, "implementation"), parallelism);
    }

    /** The implementation elementwise ops and reductions use. */
    public Float64Ops implementation() {
        return ops;
    }

    /**
     * {@code r[i, j] = y[i] * x[j]}: NumPy's {@code np.outer(y, x)} (and {@code x[None, :] * y[:, None]}
     * for 1-d factors), bit for bit. The factors are raveled in C order, so any rank works (a 0-d
     * factor is one value); an int64 factor is converted to double as NumPy promotes
     * {@code int64 * float64}. Factors and {@code r} may have any layout and byte order.
     *
     * <p>{@code impl} chooses the kernel; {@link OuterImpl#AUTO} takes the fastest this JVM has
     * ({@link OuterImpl#resolve}). {@link OuterImpl#VECTOR} where the Vector API is unavailable runs
     * its scalar twin, {@link OuterImpl#TILED}, with one log line per JVM: no flag changes a result.
     *
     * @param r an M x N float64 array, M = {@code y.size()}, N = {@code x.size()}
     * @param y the row factors, float64 or int64
     * @param x the column factors, float64 or int64 (not both int64: NumPy's product would be int64)
     * @param impl the implementation
     * @return the implementation that ran (never {@link OuterImpl#AUTO})
     * @throws IllegalArgumentException naming the argument whose dtype or shape does not fit, or a
     *         read-only {@code r}
     * @throws io.tessella.kernel.KernelLinkException if {@link OuterImpl#NATIVE} is asked for where the
     *         bundled C library cannot be used; the message says why and the fix
     */
    public OuterImpl outer(NdArray r, NdArray y, NdArray x, OuterImpl impl) throws InterruptedException {
        Objects.requireNonNull(impl, "impl");
        requireDtype("r", r, DType.FLOAT64);
        requireFactor("y", y);
        requireFactor("x", x);
        if (y.dtype() == DType.INT64 && x.dtype() == DType.INT64) {
            throw new IllegalArgumentException("y and x are both INT64: NumPy's product would be int64, not the float64 of r;"
                    + " give one factor as FLOAT64");
        }
        if (r.ndim() != 2 || r.length(0) != y.size() || r.length(1) != x.size()) {
            throw new IllegalArgumentException("r shape " + Arrays.toString(r.shape()) + " != (y.size, x.size) = (" + y.size()
                    + ", " + x.size() + ")");
        }
        requireWritable("r", r);
        OuterImpl ran = resolveLogged(impl);
        Float64Ops kernel = switch (ran) {
            case VECTOR -> VectorOps.vector().orElseThrow();
            case TILED -> VectorOps.scalar();
            case NAIVE -> VectorOps.naive();
            case NATIVE -> null;
            case AUTO -> throw new AssertionError("resolved AUTO");
        };
        OuterProduct.run(parallelism, r, y, x, kernel, true);
        return ran;
    }

    private static OuterImpl resolveLogged(OuterImpl impl) {
        OuterImpl ran = impl.resolve();
        if (impl == OuterImpl.VECTOR && ran != OuterImpl.VECTOR && VECTOR_FALLBACK_LOGGED.compareAndSet(false, true)) {
            Logger log = System.getLogger("io.tessella.vector");
            log.log(Logger.Level.WARNING, "OuterImpl.VECTOR is unavailable ("
                    + VectorOps.vectorUnavailableReason().orElse("unknown reason") + "); its scalar twin OuterImpl.TILED runs"
                    + " instead, with the same results");
        }
        return ran;
    }

    /**
     * {@code out = a op b} over same-shape float64 arrays of any rank, layout and byte order, tiled
     * automatically: NumPy's {@code np.add(a, b, out=out)} and friends.
     *
     * @throws IllegalArgumentException if dtypes or shapes differ, or {@code out} is read-only or has
     *         an axis of stride 0 (its elements would overlap)
     */
    public void elementwise(BinaryOp op, NdArray out, NdArray a, NdArray b) throws InterruptedException {
        elementwise(op, out, a, b, null);
    }

    /**
     * {@code out = a op b}, one task per tile of {@code tiling} (a tiling of the arrays' shape), as
     * recipe 4 does with 4 × 4 tiles: {@code Tiling.of(shape, Cut.whole(), Cut.blocks(4), Cut.blocks(4))}.
     */
    public void elementwise(BinaryOp op, NdArray out, NdArray a, NdArray b, Tiling tiling) throws InterruptedException {
        Objects.requireNonNull(op, "op");
        sameShape(out, "a", a);
        sameShape(out, "b", b);
        checkOutput(out, tiling);
        Elementwise.run(parallelism, out, new NdArray[] {a, b}, tiling, (o, in) -> ops.elementwise(op, o, in[0], in[1]));
    }

    /** {@code out = fma(a, b, c)} with one rounding, over same-shape float64 arrays of any rank, layout and byte order. */
    public void fma(NdArray out, NdArray a, NdArray b, NdArray c) throws InterruptedException {
        sameShape(out, "a", a);
        sameShape(out, "b", b);
        sameShape(out, "c", c);
        checkOutput(out, null);
        Elementwise.run(parallelism, out, new NdArray[] {a, b, c}, null, (o, in) -> ops.fma(o, in[0], in[1], in[2]));
    }

    /**
     * {@code out = in.sum(axis=-1)} (or min, max): {@code out} has {@code in}'s shape without its last
     * axis. Sums are NumPy 2.x's bit for bit, whose order of additions depends on the layout of
     * {@code in}: pairwise along each row when the last axis is the one with the smallest stride (C
     * order, strided and reversed rows), by 8192-element chunks of such rows when {@code in} is
     * byte-swapped or unaligned, and sequential in index order otherwise (Fortran order, transposed
     * views); see {@link Reduction#SUM}. A 0-d {@code in} gives {@code +0.0 + in} (its min and max:
     * itself), as NumPy's {@code a.sum(axis=-1)} of a 0-d array does; an empty last axis sums to
     * {@code +0.0}.
     *
     * @throws IllegalArgumentException if a dtype is not float64, the shapes do not fit, {@code out} is
     *         read-only, or a MIN or MAX row is empty
     */
    public void reduceLastAxis(Reduction op, NdArray in, NdArray out) throws InterruptedException {
        Objects.requireNonNull(op, "op");
        requireDtype("in", in, DType.FLOAT64);
        requireDtype("out", out, DType.FLOAT64);
        long[] lead = Arrays.copyOf(in.shape(), Math.max(0, in.ndim() - 1));
        if (!Arrays.equals(lead, out.shape())) {
            throw new IllegalArgumentException("out shape " + Arrays.toString(out.shape()) + " != in shape without its last axis "
                    + Arrays.toString(lead));
        }
        checkOutput(out, null);
        LastAxisReduction.run(ops, parallelism, op, in, out);
    }

    /** Whether the one log line for {@link OuterImpl#VECTOR} running as {@link OuterImpl#TILED} has been written. */
    static boolean vectorFallbackLogged() {
        return VECTOR_FALLBACK_LOGGED.get();
    }

    /** Elements copied through staging buffers by all operations so far: zero growth means the in-place paths ran. */
    static long stagedElements() {
        return Layouts.stagedElements();
    }

    private static void checkOutput(NdArray out, Tiling tiling) {
        requireWritable("out", out);
        long[] st = out.byteStrides();
        for (int k = 0; k < out.ndim(); k++) {
            if (out.length(k) > 1 && st[k] == 0) {
                throw new IllegalArgumentException("out has stride 0 on axis " + k + " of length " + out.length(k)
                        + ": its elements overlap");
            }
        }
        if (tiling != null && !Arrays.equals(tiling.shape(), out.shape())) {
            throw new IllegalArgumentException("tiling shape " + Arrays.toString(tiling.shape()) + " != array shape "
                    + Arrays.toString(out.shape()));
        }
    }

    private static void requireWritable(String name, NdArray a) {
        if (a.isReadOnly()) {
            throw new IllegalArgumentException(name + " " + a + " is read-only");
        }
    }

    private static void requireFactor(String name, NdArray a) {
        Objects.requireNonNull(a, name);
        if (a.dtype() != DType.FLOAT64 && a.dtype() != DType.INT64) {
            throw new IllegalArgumentException(name + " dtype " + a.dtype() + " is neither FLOAT64 nor INT64");
        }
    }

    private static void requireDtype(String name, NdArray a, DType dtype) {
        Objects.requireNonNull(a, name);
        if (a.dtype() != dtype) {
            throw new IllegalArgumentException(name + " dtype " + a.dtype() + " is not " + dtype);
        }
    }

    private static void sameShape(NdArray out, String name, NdArray a) {
        requireDtype("out", out, DType.FLOAT64);
        requireDtype(name, a, DType.FLOAT64);
        if (!Arrays.equals(out.shape(), a.shape())) {
            throw new IllegalArgumentException(name + " shape " + Arrays.toString(a.shape()) + " != out shape " + Arrays.toString(out.shape()));
        }
    }
}

package io.tessella.jobs;

import io.tessella.memory.Casting;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.Promotion;
import io.tessella.os.CpuCaches;
import io.tessella.tiling.Tiling;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.ElementwiseOps;
import io.tessella.vector.Kernels;
import io.tessella.vector.OuterOps;
import io.tessella.vector.Reduction;
import io.tessella.vector.VectorOps;
import java.lang.System.Logger;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * NumPy's array operations over whole {@link NdArray}s, in parallel over tiles: outer product,
 * elementwise arithmetic ({@link BinaryOp}), fused multiply-add and reductions along the last axis,
 * on every real dtype ({@link DType}) with NumPy's results bit for bit.
 *
 * <p><b>Dtypes.</b> Each operation computes in the dtype NumPy 2 would ({@link Promotion}:
 * {@code int16 + float32} in float32, {@code int8 / int8} in float64, {@code sum} of uint8 in uint64),
 * or in the one {@link #dtype(DType)} forces, as NumPy's {@code dtype=} does; integer arithmetic wraps
 * as NumPy's does. Inputs are converted to that dtype and the result to the output's dtype, each
 * conversion as {@code astype} converts ({@link io.tessella.memory.Cast}) and each allowed by
 * {@link #casting(Casting)} ({@link Casting#SAME_KIND} unless set, NumPy's default for ufuncs; Tessella
 * applies it to reductions too, where NumPy converts unchecked), refused before any work otherwise.
 * So an operation writes {@code out[...] = np.op(a, b, dtype=...)}: with an output of the computation
 * dtype (what {@link #resultType}, {@link #outerType} and {@link #reductionType} give, to create fresh
 * outputs with) that is exactly NumPy's result. An output of another dtype receives it converted once;
 * NumPy's own {@code out=} differs from that in two corners Tessella does not follow: a reduction into
 * an {@code out=} of another dtype, or whose strides disagree with the input's, can change NumPy's
 * order of additions and round its running sum to out's dtype between buffers; and NumPy's ufuncs convert
 * NaN, infinities and out-of-range floats to integers differently from {@code astype} on some paths
 * (C leaves those values undefined).
 *
 * <p><b>Layouts.</b> Every layout NumPy hands over works: C and Fortran order, any strided or reversed
 * view ({@code a.slice(":, ::-1")}, {@code a.transpose()}), 0-d and empty arrays, and big-endian data
 * (a mapped {@code >f4} file). Operands whose rows are contiguous native values of the computation
 * dtype go to the kernels in place; the others are staged (and converted) through small per-thread
 * buffers ({@link io.tessella.memory.Staging}), about 8192 elements at a time. Results are
 * bit-identical whatever the tiling and parallelism, and with or without the Vector API.
 *
 * <p>Immutable and thread-safe; each setter returns a new instance.
 *
 * <pre>{@code
 * ArrayOps ops = ArrayOps.create().parallelism(2);
 * OuterImpl ran = ops.outer(r, y, x, OuterImpl.AUTO);                   // r = np.outer(y, x)
 * ops.elementwise(BinaryOp.ADD, out, a, b,
 *         Tiling.of(a.shape(), Cut.whole(), Cut.blocks(4), Cut.blocks(4)));  // recipe 4's 4 x 4 tiles
 * ops.reduceLastAxis(Reduction.SUM, m, sums);                          // sums = m.sum(axis=-1)
 * ops.dtype(DType.FLOAT64).reduceLastAxis(Reduction.SUM, f32, sums);   // f32.sum(axis=-1, dtype=np.float64)
 * }</pre>
 */
public final class ArrayOps {
    /**
     * The last-level cache size assumed where the machine does not say ({@link #streamingBytes()}):
     * 32 MiB, a common L3.
     */
    public static final long STREAMING_BYTES = 32L << 20;

    private static final AtomicBoolean VECTOR_FALLBACK_LOGGED = new AtomicBoolean();

    private final Kernels kernels;
    private final int parallelism;
    private final DType dtype;
    private final Casting casting;

    private ArrayOps(Kernels kernels, int parallelism, DType dtype, Casting casting) {
        this.kernels = kernels;
        this.parallelism = parallelism;
        this.dtype = dtype;
        this.casting = casting;
    }

    /**
     * The active kernels ({@link VectorOps#active()}) on all cores, NumPy's dtypes, same-kind casting.
     *
     * <pre>{@code ArrayOps ops = ArrayOps.create();}</pre>
     *
     * @return the operations
     */
    public static ArrayOps create() {
        return new ArrayOps(VectorOps.active(), Runtime.getRuntime().availableProcessors(), null, Casting.SAME_KIND);
    }

    /**
     * Tiles run at once; 1 runs in the caller's thread.
     *
     * @param parallelism at least 1
     * @return a copy with that parallelism
     * @throws IllegalArgumentException if {@code parallelism < 1}
     */
    public ArrayOps parallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism = " + parallelism + " must be at least 1");
        }
        return new ArrayOps(kernels, parallelism, dtype, casting);
    }

    /**
     * Other kernels for elementwise ops and reductions (e.g. {@link VectorOps#scalar()}).
     *
     * @param implementation the kernels
     * @return a copy using them
     */
    public ArrayOps using(Kernels implementation) {
        return new ArrayOps(Objects.requireNonNull(implementation, "implementation"), parallelism, dtype, casting);
    }

    /**
     * The kernels elementwise ops and reductions use.
     *
     * @return the kernels
     */
    public Kernels implementation() {
        return kernels;
    }

    /**
     * Computes every operation in {@code dtype}, as NumPy's {@code dtype=} argument does
     * ({@code np.add(a, b, dtype=np.float32)}, {@code a.sum(axis=-1, dtype=np.float64)}): inputs are
     * converted to it, the result computed in it and converted to the output's dtype; null for NumPy's
     * own choice ({@link Promotion}).
     *
     * <pre>{@code ArrayOps.create().dtype(DType.FLOAT64).reduceLastAxis(Reduction.SUM, f32, sums);}</pre>
     *
     * @param dtype the computation dtype, or null
     * @return a copy computing in it
     */
    public ArrayOps dtype(DType dtype) {
        return new ArrayOps(kernels, parallelism, dtype, casting);
    }

    /**
     * The computation dtype {@link #dtype(DType)} forces, or null for NumPy's choice.
     *
     * @return the forced dtype, or null
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The rule every conversion of an input to the computation dtype, and of the result to the output's
     * dtype, must pass: NumPy's {@code casting=}. {@link Casting#UNSAFE} allows any conversion.
     *
     * <pre>{@code ArrayOps.create().dtype(DType.INT16).casting(Casting.UNSAFE).elementwise(BinaryOp.ADD, out, f, g);}</pre>
     *
     * @param casting the rule
     * @return a copy checking it
     */
    public ArrayOps casting(Casting casting) {
        return new ArrayOps(kernels, parallelism, dtype, Objects.requireNonNull(casting, "casting"));
    }

    /**
     * The casting rule in force.
     *
     * @return the rule
     */
    public Casting casting() {
        return casting;
    }

    /**
     * The dtype {@code op} on inputs of dtypes {@code a} and {@code b} computes in and returns: the
     * forced {@link #dtype()}, else NumPy's ({@link Promotion#resultType}, {@link Promotion#divideType}
     * for {@link BinaryOp#DIVIDE}): what a fresh output should have.
     *
     * <pre>{@code DType t = ArrayOps.create().resultType(BinaryOp.ADD, DType.INT16, DType.FLOAT32); // FLOAT32}</pre>
     *
     * @param op the operation
     * @param a  the left operand's dtype
     * @param b  the right operand's dtype
     * @return the computation and result dtype
     */
    public DType resultType(BinaryOp op, DType a, DType b) {
        if (dtype != null) {
            return dtype;
        }
        return op == BinaryOp.DIVIDE ? Promotion.divideType(a, b) : Promotion.resultType(a, b);
    }

    /**
     * The dtype of {@code np.outer(y, x)} (or {@code np.multiply} with the forced {@link #dtype()}).
     *
     * @param y the row factors' dtype
     * @param x the column factors' dtype
     * @return the computation and result dtype
     */
    public DType outerType(DType y, DType x) {
        return resultType(BinaryOp.MULTIPLY, y, x);
    }

    /**
     * The dtype NumPy's {@code in.sum(axis=-1)} (or min, max) accumulates in and returns: the forced
     * {@link #dtype()}, else {@link Promotion#sumType} for {@link Reduction#SUM} and the input's dtype
     * for min and max.
     *
     * <pre>{@code ArrayOps.create().reductionType(Reduction.SUM, DType.UINT8); // UINT64}</pre>
     *
     * @param op the reduction
     * @param in the input's dtype
     * @return the accumulator and result dtype
     */
    public DType reductionType(Reduction op, DType in) {
        if (dtype != null) {
            return dtype;
        }
        return op == Reduction.SUM ? Promotion.sumType(in) : in;
    }

    /**
     * {@code r[i, j] = y[i] * x[j]}: NumPy's {@code np.outer(y, x, out=r)} (and
     * {@code x[None, :] * y[:, None]} for 1-d factors), bit for bit. The factors are raveled in C order,
     * so any rank works (a 0-d factor is one value). The product is computed in {@link #outerType}
     * ({@code np.result_type(y, x)}: integers wrap around) and converted to {@code r}'s dtype. Factors
     * and {@code r} may have any layout and byte order.
     *
     * <p>{@code impl} chooses the kernel; {@link OuterImpl#AUTO} takes the fastest here for this
     * output: {@link OuterImpl#NATIVE} (streaming stores) for a float64 product into a float64 {@code r}
     * larger than the last-level cache ({@link #streamingBytes()}) where the C library loads and has
     * streaming stores, else the fastest this JVM has ({@link OuterImpl#resolve}). {@link OuterImpl#VECTOR} where the Vector API is unavailable runs
     * its scalar twin, {@link OuterImpl#TILED}, with one log line per JVM: no flag changes a result.
     * {@link OuterImpl#NATIVE} computes in float64 only.
     *
     * <p>An {@link NdArray#isUntouched() untouched} {@code r} (a file {@code NpyFile.create} just made,
     * {@link io.tessella.memory.Allocation#UNINITIALIZED} memory) is pre-faulted tile by tile, each by
     * the worker about to write it ({@link NdArray#claimUntouched()}); so are the outputs of
     * {@link #elementwise}, {@link #fma} and {@link #reduceLastAxis}.
     *
     * @param r    an M x N array, M = {@code y.size()}, N = {@code x.size()}
     * @param y    the row factors
     * @param x    the column factors
     * @param impl the implementation
     * @return the implementation that ran (never {@link OuterImpl#AUTO})
     * @throws IllegalArgumentException naming the argument whose shape does not fit or whose dtype the
     *         casting rule refuses, a read-only {@code r}, or {@link OuterImpl#NATIVE} for a product that
     *         is not float64
     * @throws io.tessella.kernel.KernelLinkException if {@link OuterImpl#NATIVE} is asked for where the
     *         bundled C library cannot be used; the message says why and the fix
     * @throws InterruptedException if the calling thread is interrupted (the work is cancelled first)
     */
    public OuterImpl outer(NdArray r, NdArray y, NdArray x, OuterImpl impl) throws InterruptedException {
        Objects.requireNonNull(impl, "impl");
        Objects.requireNonNull(r, "r");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(x, "x");
        if (r.ndim() != 2 || r.length(0) != y.size() || r.length(1) != x.size()) {
            throw new IllegalArgumentException("r shape " + Arrays.toString(r.shape()) + " != (y.size, x.size) = (" + y.size()
                    + ", " + x.size() + ")");
        }
        requireWritable("r", r);
        DType c = outerType(y.dtype(), x.dtype());
        casting.check("input y", y.dtype(), c);
        casting.check("input x", x.dtype(), c);
        casting.check("output r", c, r.dtype());
        if (impl == OuterImpl.NATIVE && c != DType.FLOAT64) {
            throw new IllegalArgumentException("impl NATIVE computes float64 products only; np.outer(y, x) of " + y.dtype()
                    + " and " + x.dtype() + " is " + c + ": use OuterImpl.AUTO");
        }
        long cache = streamingBytes();
        OuterImpl ran = impl == OuterImpl.AUTO
                ? OuterImpl.auto(c, r.dtype(), r.size() * r.dtype().byteSize(), cache, OuterImpl.nativeStreams())
                : resolveLogged(impl);
        OuterOps kernel = switch (ran) {
            case VECTOR -> VectorOps.vector().orElseThrow().outer(c);
            case TILED -> VectorOps.scalar().outer(c);
            case NAIVE -> VectorOps.naive().outer(c);
            case NATIVE -> null;
            case AUTO -> throw new AssertionError("resolved AUTO");
        };
        OuterProductJob.run(parallelism, c, r, y, x, kernel, r.claimUntouched(), cache);
        return ran;
    }

    private static OuterImpl resolveLogged(OuterImpl impl) {
        OuterImpl ran = impl.resolve();
        if (impl == OuterImpl.VECTOR && ran != OuterImpl.VECTOR && VECTOR_FALLBACK_LOGGED.compareAndSet(false, true)) {
            Logger log = System.getLogger("io.tessella.jobs");
            log.log(Logger.Level.WARNING, "OuterImpl.VECTOR is unavailable ("
                    + VectorOps.vectorUnavailableReason().orElse("unknown reason") + "); its scalar twin OuterImpl.TILED runs"
                    + " instead, with the same results");
        }
        return ran;
    }

    /**
     * {@code out = a op b} over same-shape arrays of any rank, layout, byte order and dtype, tiled
     * automatically: NumPy's {@code np.add(a, b, out=out)} and friends, computed in
     * {@link #resultType}.
     *
     * @param op  the operation
     * @param out the result, any dtype the casting rule allows
     * @param a   the left operand
     * @param b   the right operand
     * @throws IllegalArgumentException if shapes differ, a dtype conversion is refused, the computation
     *         dtype has no such operation (boolean subtract, integer division forced by {@link #dtype}),
     *         or {@code out} is read-only or has an axis of stride 0 (its elements would overlap)
     * @throws InterruptedException if the calling thread is interrupted (the work is cancelled first)
     */
    public void elementwise(BinaryOp op, NdArray out, NdArray a, NdArray b) throws InterruptedException {
        elementwise(op, out, a, b, null);
    }

    /**
     * {@code out = a op b}, one task per tile of {@code tiling} (a tiling of the arrays' shape), as
     * recipe 4 does with 4 × 4 tiles: {@code Tiling.of(shape, Cut.whole(), Cut.blocks(4), Cut.blocks(4))}.
     *
     * @param op     the operation
     * @param out    the result
     * @param a      the left operand
     * @param b      the right operand
     * @param tiling the tiles, or null for automatic ones
     * @throws IllegalArgumentException as {@link #elementwise(BinaryOp, NdArray, NdArray, NdArray)}, or a
     *         tiling of another shape
     * @throws InterruptedException if the calling thread is interrupted (the work is cancelled first)
     */
    public void elementwise(BinaryOp op, NdArray out, NdArray a, NdArray b, Tiling tiling) throws InterruptedException {
        Objects.requireNonNull(op, "op");
        sameShape(out, "a", a);
        sameShape(out, "b", b);
        checkOutput(out, tiling);
        DType c = resultType(op, a.dtype(), b.dtype());
        ElementwiseOps kernel = kernels.elementwise(c);
        if (!kernel.supports(op)) {
            throw new IllegalArgumentException(op == BinaryOp.SUBTRACT
                    ? "SUBTRACT of bool is refused, as NumPy refuses boolean subtract (a and b are " + a.dtype() + " and " + b.dtype()
                            + "); use a logical xor, or give one operand as an integer"
                    : "DIVIDE computes in a floating-point dtype, not " + c + " (dtype forced to " + c + "); NumPy has no such loop");
        }
        casting.check("input a", a.dtype(), c);
        casting.check("input b", b.dtype(), c);
        casting.check("output out", c, out.dtype());
        ElementwiseJob.run(parallelism, c, out, new NdArray[] {a, b}, tiling, out.claimUntouched(), (o, in) -> kernel.apply(op, o, in[0], in[1]));
    }

    /**
     * {@code out = fma(a, b, c)} with one rounding, over same-shape arrays of any rank, layout and byte
     * order, computed in the floating-point dtype the operands promote to (or the forced
     * {@link #dtype()}). NumPy has no fused multiply-add; its {@code a * b + c} rounds twice.
     *
     * @param out the result
     * @param a   the first factor
     * @param b   the second factor
     * @param c   the addend
     * @throws IllegalArgumentException if shapes differ, the computation dtype is not floating point, a
     *         dtype conversion is refused, or {@code out} is read-only or overlaps itself
     * @throws InterruptedException if the calling thread is interrupted (the work is cancelled first)
     */
    public void fma(NdArray out, NdArray a, NdArray b, NdArray c) throws InterruptedException {
        sameShape(out, "a", a);
        sameShape(out, "b", b);
        sameShape(out, "c", c);
        checkOutput(out, null);
        DType t = dtype != null ? dtype : Promotion.resultType(a.dtype(), b.dtype(), c.dtype());
        if (!t.isFloating()) {
            throw new IllegalArgumentException("fma computes in a floating-point dtype; a, b and c (" + a.dtype() + ", " + b.dtype()
                    + ", " + c.dtype() + ") compute in " + t + ": multiply, then add");
        }
        casting.check("input a", a.dtype(), t);
        casting.check("input b", b.dtype(), t);
        casting.check("input c", c.dtype(), t);
        casting.check("output out", t, out.dtype());
        ElementwiseOps kernel = kernels.elementwise(t);
        ElementwiseJob.run(parallelism, t, out, new NdArray[] {a, b, c}, null, out.claimUntouched(), (o, in) -> kernel.fma(o, in[0], in[1], in[2]));
    }

    /**
     * {@code out[...] = in.sum(axis=-1, dtype=...)} (or min, max): {@code out} has {@code in}'s shape
     * without its last axis. The sum accumulates in {@link #reductionType} (NumPy's {@code np.sum} dtype:
     * int64 for signed integers and bool, uint64 for unsigned ones, float32 for float32; or the forced
     * {@link #dtype()}) and is converted once to {@code out}'s dtype. Float sums are NumPy 2.x's bit for bit, whose order of
     * additions depends on the layout of {@code in}: pairwise along each row when the last axis is the
     * one with the smallest stride (C order, strided and reversed rows), by 8192-element chunks of such
     * rows when {@code in} is byte-swapped, unaligned or converted to another dtype, and sequential in
     * index order otherwise (Fortran order, transposed views); see {@link Reduction#SUM}. A 0-d
     * {@code in} gives {@code +0.0 + in} (its min and max: itself), as NumPy's {@code a.sum(axis=-1)} of
     * a 0-d array does; an empty last axis sums to zero.
     *
     * @param op  the reduction
     * @param in  the array reduced
     * @param out the results
     * @throws IllegalArgumentException if the shapes do not fit, a dtype conversion is refused,
     *         {@code out} is read-only, or a MIN or MAX row is empty
     * @throws InterruptedException if the calling thread is interrupted (the work is cancelled first)
     */
    public void reduceLastAxis(Reduction op, NdArray in, NdArray out) throws InterruptedException {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        long[] lead = Arrays.copyOf(in.shape(), Math.max(0, in.ndim() - 1));
        if (!Arrays.equals(lead, out.shape())) {
            throw new IllegalArgumentException("out shape " + Arrays.toString(out.shape()) + " != in shape without its last axis "
                    + Arrays.toString(lead));
        }
        checkOutput(out, null);
        DType acc = reductionType(op, in.dtype());
        casting.check("input in", in.dtype(), acc);
        casting.check("output out", acc, out.dtype());
        LastAxisReduction.run(kernels, parallelism, op, acc, in, out, out.claimUntouched());
    }

    /**
     * Outputs larger than this cannot stay in the CPU's caches, so stores that bypass them (the C
     * library's streaming stores) write them faster: the last-level cache size, read from Linux's
     * {@code /sys/devices/system/cpu/cpu0/cache} (the highest level), overridden by
     * {@code -Dtessella.cacheBytes=BYTES}, else {@link #STREAMING_BYTES}. {@link OuterImpl#AUTO} picks
     * {@link OuterImpl#NATIVE} above it, and {@link OuterImpl#NATIVE} streams from it on.
     *
     * <pre>{@code long llc = ArrayOps.streamingBytes();  // 33554432 on a 32 MiB L3}</pre>
     *
     * @return the size in bytes
     * @throws IllegalArgumentException if {@code -Dtessella.cacheBytes} is not a positive number
     */
    public static long streamingBytes() {
        return CpuCaches.lastLevelBytes(STREAMING_BYTES);
    }

    /** Whether the one log line for {@link OuterImpl#VECTOR} running as {@link OuterImpl#TILED} has been written. */
    static boolean vectorFallbackLogged() {
        return VECTOR_FALLBACK_LOGGED.get();
    }

    /** Elements copied through staging buffers by all operations so far: zero growth means the in-place paths ran. */
    static long stagedElements() {
        return Layouts.stagedElements();
    }

    /** Tiles of untouched outputs pre-faulted by their workers so far ({@link NdArray#claimUntouched()}). */
    static long populatedTiles() {
        return FreshPages.populatedTiles();
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

    private static void sameShape(NdArray out, String name, NdArray a) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(a, name);
        if (!Arrays.equals(out.shape(), a.shape())) {
            throw new IllegalArgumentException(name + " shape " + Arrays.toString(a.shape()) + " != out shape " + Arrays.toString(out.shape()));
        }
    }
}

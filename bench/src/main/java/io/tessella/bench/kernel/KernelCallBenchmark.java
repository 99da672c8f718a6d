package io.tessella.bench.kernel;

import io.tessella.bench.BenchLibraries;
import io.tessella.kernel.JavaKernel;
import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per element of calling the bundled {@code slow_computation} every way Tessella can, beside a
 * plain C loop over the same function in the same run: per-element downcalls with standard and
 * critical linkage, one batch downcall, and the pure-Java twin; and the floor under every per-element
 * path, a critical downcall of an empty C function. Scores are ns per element (per call).
 *
 * <p>The {@code *AfterDirtyUpper} methods first leave the upper halves of the vector registers set, as
 * the JVM's AVX-512 code can, then run the bundled kernel: Tessella's batch (a standard downcall,
 * which clears them), Tessella's per-element path (critical downcalls after
 * {@code tessella_zero_upper}), and a plain critical downcall of the batch, which clears nothing.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar KernelCallBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(KernelCallBenchmark.N)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--enable-native-access=ALL-UNNAMED"})
public class KernelCallBenchmark {
    static final int N = 4096;

    private Arena arena;
    private MemorySegment a, b, out, status, one;
    private double[] aArray, bArray;
    private int[] statusArray;
    private long[] outArray;
    private NativeKernel critical, standard, scalarOnly;
    // Static and address-taking, as NativeKernel's handles are: a handle in an instance field is not a
    // JIT constant, and calling through it costs more than the downcall being measured.
    private static final MethodHandle EMPTY_CALL = Linker.nativeLinker().downcallHandle(FunctionDescriptor.of(ValueLayout.JAVA_INT),
            Linker.Option.critical(false));
    private static final MethodHandle VOID_CALL = Linker.nativeLinker().downcallHandle(FunctionDescriptor.ofVoid(), Linker.Option.critical(false));
    private static final MethodHandle BATCH_CRITICAL_CALL = Linker.nativeLinker().downcallHandle(FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS), Linker.Option.critical(false));
    private MethodHandle cLoop;
    private MemorySegment emptyFunction, dirtyUpper, bundledBatch;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        arena = Arena.ofShared();
        a = arena.allocate(ValueLayout.JAVA_DOUBLE, N);
        b = arena.allocate(ValueLayout.JAVA_DOUBLE, N);
        out = arena.allocate(ValueLayout.JAVA_LONG, N);
        status = arena.allocate(ValueLayout.JAVA_INT, N);
        one = arena.allocate(ValueLayout.JAVA_LONG);
        // Valid inputs, as in a real grid: the full cost of the kernel is what is being compared.
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            a.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble(-1000, 1000));
            b.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble(-1000, 1000));
        }
        aArray = a.toArray(ValueLayout.JAVA_DOUBLE);
        bArray = b.toArray(ValueLayout.JAVA_DOUBLE);
        statusArray = new int[N];
        outArray = new long[N];
        critical = NativeKernel.bundled().withLinkage(Linkage.CRITICAL);
        standard = critical.withLinkage(Linkage.STANDARD);
        scalarOnly = BenchLibraries.openKernel("tessella_kernel_scalar_only", Linkage.CRITICAL);
        MemorySegment run = BenchLibraries.lookup("tessella_cloop", arena).find("tessella_cloop_run").orElseThrow();
        cLoop = Linker.nativeLinker().downcallHandle(run, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

        // One copy of the bundled library for both symbols: each lookup extracts and loads a copy of its own.
        SymbolLookup bundledKernel = BenchLibraries.lookup("tessella_kernel", Arena.global());
        emptyFunction = bundledKernel.find("tessella_kernel_abi_version").orElseThrow();
        bundledBatch = bundledKernel.find("slow_computation_batch").orElseThrow();
        dirtyUpper = BenchLibraries.lookup("tessella_cloop", arena).find("tessella_bench_dirty_upper").orElseThrow();

        // Every path must compute the same thing, or the comparison means nothing.
        long okC = (long) cLoop.invokeExact(a, b, (long) N, out, status);
        MemorySegment expected = arena.allocate(ValueLayout.JAVA_LONG, N);
        MemorySegment expectedStatus = arena.allocate(ValueLayout.JAVA_INT, N);
        long okBatch = critical.slowComputationBatch(a, b, N, expected, expectedStatus);
        MemorySegment loopOut = arena.allocate(ValueLayout.JAVA_LONG, N);
        MemorySegment loopStatus = arena.allocate(ValueLayout.JAVA_INT, N);
        long okLoop = scalarOnly.slowComputationBatch(a, b, N, loopOut, loopStatus);
        long okEach = critical.slowComputationEach(aArray, bArray, N, statusArray, outArray);
        if (okEach != okBatch || MemorySegment.ofArray(outArray).mismatch(expected) != -1 || MemorySegment.ofArray(statusArray).mismatch(expectedStatus) != -1) {
            throw new IllegalStateException("slowComputationEach disagrees with the batch");
        }
        if (!scalarOnly.batchPath().equals("tessella_loop_scalar")) {
            throw new IllegalStateException("the scalar-only library's batches do not run the bundled C loop: " + scalarOnly.batchPath());
        }
        if (okC != okBatch || okLoop != okBatch || loopOut.mismatch(expected) != -1 || loopStatus.mismatch(expectedStatus) != -1 || expectedStatus.mismatch(status) != -1 || !JavaKernel.STANDARD.evaluate(a.get(ValueLayout.JAVA_DOUBLE, 0),
                b.get(ValueLayout.JAVA_DOUBLE, 0)).equals(critical.evaluate(a.get(ValueLayout.JAVA_DOUBLE, 0), b.get(ValueLayout.JAVA_DOUBLE, 0)))) {
            throw new IllegalStateException("the C loop and Tessella disagree");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scalarOnly.close();
        arena.close();
    }

    @Benchmark
    public long cLoop() throws Throwable {
        return (long) cLoop.invokeExact(a, b, (long) N, out, status);
    }

    @Benchmark
    public long batchDowncall() {
        return critical.slowComputationBatch(a, b, N, out, status);
    }

    /** A library with {@code slow_computation} only: its batch runs Tessella's bundled C loop over it. */
    @Benchmark
    public long scalarOnlyBatch() {
        return scalarOnly.slowComputationBatch(a, b, N, out, status);
    }

    /** Tessella's batch after the vector registers' upper halves were left set (its standard downcall clears them). */
    @Benchmark
    public long batchAfterDirtyUpper() throws Throwable {
        VOID_CALL.invokeExact(dirtyUpper);
        return critical.slowComputationBatch(a, b, N, out, status);
    }

    /** Tessella's per-element path after the same: its critical downcalls follow a {@code tessella_zero_upper()} call. */
    @Benchmark
    public long eachAfterDirtyUpper() throws Throwable {
        VOID_CALL.invokeExact(dirtyUpper);
        return critical.slowComputationEach(aArray, bArray, N, statusArray, outArray);
    }

    /** The batch through a plain critical FFM downcall, which runs the kernel with the registers as it finds them. */
    @Benchmark
    public long criticalDowncallAfterDirtyUpper() throws Throwable {
        VOID_CALL.invokeExact(dirtyUpper);
        return (long) BATCH_CRITICAL_CALL.invokeExact(bundledBatch, a, b, (long) N, out, status);
    }

    @Benchmark
    public long perElementCritical() {
        return perElement(critical);
    }

    /**
     * What the index builder's element mode runs: {@link NativeKernel#slowComputationEach}, one critical
     * downcall per element over Java arrays.
     */
    @Benchmark
    public long perElementEach() {
        return critical.slowComputationEach(aArray, bArray, N, statusArray, outArray);
    }

    @Benchmark
    public long perElementStandard() {
        return perElement(standard);
    }

    @Benchmark
    public long javaKernel() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += JavaKernel.STANDARD.evaluate(a.getAtIndex(ValueLayout.JAVA_DOUBLE, i), b.getAtIndex(ValueLayout.JAVA_DOUBLE, i)).index();
        }
        return sum;
    }

    /**
     * The floor of any per-element path: a critical downcall of a C function that does nothing
     * ({@code tessella_kernel_abi_version}), per call. The per-element paths cannot cost less over the
     * C loop than this stub does over a plain C call.
     */
    @Benchmark
    public long emptyDowncall() throws Throwable {
        long sum = 0;
        MemorySegment f = emptyFunction;
        for (int i = 0; i < N; i++) {
            sum += (int) EMPTY_CALL.invokeExact(f);
        }
        return sum;
    }

    private long perElement(NativeKernel k) {
        long sum = 0;
        MemorySegment slot = one;
        for (int i = 0; i < N; i++) {
            sum += k.slowComputation(a.getAtIndex(ValueLayout.JAVA_DOUBLE, i), b.getAtIndex(ValueLayout.JAVA_DOUBLE, i), slot);
            sum += slot.get(ValueLayout.JAVA_LONG, 0);
        }
        return sum;
    }
}

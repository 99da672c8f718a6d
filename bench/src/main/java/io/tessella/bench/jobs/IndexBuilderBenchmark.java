package io.tessella.bench.jobs;

import io.tessella.bench.BenchLibraries;
import io.tessella.bench.RecipeData;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.Linkage;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recipe 2's index build, ns per element: Tessella per-element and batch modes on 1 and 2 threads,
 * beside a C loop over the same kernel and the same elements in the same run ({@code cLoop}, one
 * thread), and the recipe's whole loop written in C on as many threads as Tessella
 * ({@code cRecipe}: sentinel test, kernel calls and the three outputs in fresh memory). Each runs with
 * two kernels of the same ABI: the bundled one (about 70 ns a call) and a bench-only cheap one (a few
 * ns a call, {@code native/test/cheap_kernel.c}), with which what the builder itself costs per
 * element is no longer hidden in the kernel's time. The inputs are 2^20 elements of
 * {@link RecipeData} (one in 32 a sentinel, the rest in the kernels' domain): the very elements the
 * Python peers in {@code bench/peers/} time.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar IndexBuilderBenchmark -p kernel=cheap
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(IndexBuilderBenchmark.N)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class IndexBuilderBenchmark {
    static final int ROWS = 1024, COLS = 1024, N = ROWS * COLS;

    @Param({"ELEMENT", "BATCH"})
    public IndexMode mode;

    @Param({"1", "2"})
    public int threads;

    /** {@code bundled}: the library's own kernel ({@code -Dtessella.kernel.path} when set); {@code cheap}: a few ns a call. */
    @Param({"bundled", "cheap"})
    public String kernel;

    private Arena arena;
    private NdArray a1, a2;
    private NativeKernel cheapKernel;
    private IndexBuilder builder;
    private MethodHandle cLoop, cRecipe, cUnmap;
    private MemorySegment out, status;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        a1 = NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS);
        a2 = NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS);
        RecipeData.fill(a1, a2);
        // Each kernel with the C baselines built over the same definition (tessella_cloop links kernel.c,
        // tessella_cloop_cheap cheap_kernel.c): the same C code on both sides of every ratio.
        NativeKernel k = switch (kernel) {
            case "bundled" -> NativeKernel.bundled();
            case "cheap" -> cheapKernel = BenchLibraries.openKernel("tessella_kernel_cheap", Linkage.CRITICAL);
            default -> throw new IllegalArgumentException("kernel = " + kernel + " is neither bundled nor cheap");
        };
        builder = IndexBuilder.create().kernel(k).mode(mode).parallelism(threads);
        SymbolLookup cloop = BenchLibraries.lookup(kernel.equals("cheap") ? "tessella_cloop_cheap" : "tessella_cloop", arena);
        Linker linker = Linker.nativeLinker();
        cLoop = linker.downcallHandle(cloop.find("tessella_cloop_run").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        out = arena.allocate(ValueLayout.JAVA_LONG, N);
        status = arena.allocate(ValueLayout.JAVA_INT, N);
        cRecipe = linker.downcallHandle(cloop.find("tessella_cloop_recipe").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_DOUBLE,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        cUnmap = linker.downcallHandle(cloop.find("tessella_cloop_unmap").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        requireRecipeAgrees();
    }

    /** The C recipe must build exactly Tessella's index, or comparing their times means nothing. */
    private void requireRecipeAgrees() {
        try (Arena call = Arena.ofConfined(); IndexResult r = builder.run(a1, a2)) {
            MemorySegment[] arrays = new MemorySegment[3];
            long k = recipe(call, arrays);
            try {
                List<NdArray> expected = List.of(r.coordinates().get(0), r.coordinates().get(1), r.idxs());
                for (int i = 0; i < 3; i++) {
                    if (k != r.counts().emitted() || arrays[i].reinterpret(k * Long.BYTES).mismatch(expected.get(i).contiguousSegment()) != -1) {
                        throw new IllegalStateException("the C recipe and Tessella built different indices (" + k + " vs " + r.counts().emitted()
                                + " entries)");
                    }
                }
            } finally {
                free(arrays);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long recipe(Arena call, MemorySegment[] arrays) {
        MemorySegment ptrs = call.allocate(ValueLayout.ADDRESS, 3);
        long k;
        try {
            k = (long) cRecipe.invokeExact(a1.contiguousSegment(), a2.contiguousSegment(), (long) ROWS, (long) COLS, RecipeData.SENTINEL,
                    threads, ptrs, ptrs.asSlice(ValueLayout.ADDRESS.byteSize()), ptrs.asSlice(2 * ValueLayout.ADDRESS.byteSize()));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (k < 0) {
            throw new IllegalStateException("tessella_cloop_recipe returned " + k + " (-1: its outputs could not be mapped; -2: threads = "
                    + threads + " refused)");
        }
        for (int i = 0; i < 3; i++) {
            arrays[i] = ptrs.getAtIndex(ValueLayout.ADDRESS, i);
        }
        return k;
    }

    private void free(MemorySegment[] arrays) {
        try {
            for (MemorySegment m : arrays) {
                cUnmap.invokeExact(m, (long) N);
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (cheapKernel != null) {
            cheapKernel.close();
        }
        arena.close();
    }

    @Benchmark
    public long tessella() throws InterruptedException {
        try (IndexResult r = builder.run(a1, a2)) {
            return r.counts().emitted();
        }
    }

    /**
     * The floor: a C loop calling the kernel on every element (sentinels included, which cost it a
     * domain check only), single-threaded.
     */
    @Benchmark
    public long cLoop() throws Throwable {
        return (long) cLoop.invokeExact(a2.contiguousSegment(), a1.contiguousSegment(), (long) N, out, status);
    }

    /**
     * The recipe's own loop written in C on {@code threads} threads: the sentinel test, a kernel call
     * per remaining element, and the successes' (row, col, index) appended to three fresh arrays
     * (mapped as Tessella maps its outputs), the job Tessella does; unmapped after each call.
     */
    @Benchmark
    public long cRecipe() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment[] arrays = new MemorySegment[3];
            long k = recipe(call, arrays);
            free(arrays);
            return k;
        }
    }
}

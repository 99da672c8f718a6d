package io.tessella.bench.jobs;

import io.tessella.bench.BenchLibraries;
import io.tessella.bench.RecipeData;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
 * thread). The inputs are 2^20 elements of {@link RecipeData} (one in 32 a sentinel, the rest in the
 * kernel's domain): the very elements the Python peers in {@code bench/peers/} time.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar IndexBuilderBenchmark
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

    private Arena arena;
    private NdArray a1, a2;
    private IndexBuilder builder;
    private MethodHandle cLoop;
    private MemorySegment out, status;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        a1 = NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS);
        a2 = NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS);
        RecipeData.fill(a1, a2);
        builder = IndexBuilder.create().kernel(NativeKernel.bundled()).mode(mode).parallelism(threads);
        MemorySegment run = BenchLibraries.lookup("tessella_cloop", arena).find("tessella_cloop_run").orElseThrow();
        cLoop = Linker.nativeLinker().downcallHandle(run, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        out = arena.allocate(ValueLayout.JAVA_LONG, N);
        status = arena.allocate(ValueLayout.JAVA_INT, N);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
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
}

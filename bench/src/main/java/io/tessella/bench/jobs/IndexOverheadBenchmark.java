package io.tessella.bench.jobs;

import io.tessella.bench.RecipeData;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexMode;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.Kernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
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
 * What the index builder costs per element besides the kernel: {@link IndexBuilderBenchmark}'s run
 * (the same 2^20 recipe-data elements, one thread) with a kernel that does nothing, so the score is the
 * sentinel pass, the coordinate writes, the fresh outputs' first touch, the tiles' scheduling and, in
 * element mode, the copies to and from the Java arrays the per-element calls read. Every element
 * succeeds (index 0), so the outputs are as large as they can be.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar IndexOverheadBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(IndexBuilderBenchmark.N)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class IndexOverheadBenchmark {
    @Param({"ELEMENT", "BATCH"})
    public IndexMode mode;

    private Arena arena;
    private NdArray a1, a2;
    private IndexBuilder builder;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        a1 = NdArray.allocate(arena, DType.FLOAT64, IndexBuilderBenchmark.ROWS, IndexBuilderBenchmark.COLS);
        a2 = NdArray.allocate(arena, DType.FLOAT64, IndexBuilderBenchmark.ROWS, IndexBuilderBenchmark.COLS);
        RecipeData.fill(a1, a2);
        builder = IndexBuilder.create().kernel(new NoKernel()).mode(mode).parallelism(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public long builderOnly() throws InterruptedException {
        try (IndexResult r = builder.run(a1, a2)) {
            return r.counts().emitted();
        }
    }

    /** Succeeds at once with index 0, in every form the builder calls. */
    static final class NoKernel implements Kernel {
        @Override
        public int slowComputation(double a, double b, MemorySegment out) {
            out.set(ValueLayout.JAVA_LONG, 0, 0);
            return 0;
        }

        @Override
        public long slowComputationBatch(MemorySegment a, MemorySegment b, long n, MemorySegment out, MemorySegment status) {
            out.asSlice(0, n * Long.BYTES).fill((byte) 0);
            status.asSlice(0, n * Integer.BYTES).fill((byte) 0);
            return n;
        }

        @Override
        public long slowComputationEach(double[] a, double[] b, int n, int[] status, long[] out) {
            Arrays.fill(status, 0, n, 0);
            Arrays.fill(out, 0, n, 0L);
            return n;
        }

        @Override
        public boolean hasBatch() {
            return true;
        }

        @Override
        public String description() {
            return "none (bench)";
        }
    }
}

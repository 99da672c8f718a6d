package io.tessella.bench.jobs;

import io.tessella.bench.RecipeData;
import io.tessella.jobs.IndexBuilder;
import io.tessella.jobs.IndexResult;
import io.tessella.kernel.NativeKernel;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import java.lang.foreign.Arena;
import java.nio.ByteOrder;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Recipe 2's index build (batch mode, the bundled kernel), ns per element, on the same 2^20
 * {@link RecipeData} elements as C-order inputs ({@code contiguous}, read in place), as Fortran-order
 * inputs ({@code fortran}) and as big-endian inputs ({@code bigEndian}), whose tiles are first staged into
 * contiguous native doubles. The ratio to {@code contiguous} is the layout's cost per element, against a
 * kernel of about 60 ns; each layout's index is checked once against the contiguous one's.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar LayoutIndexBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(LayoutIndexBenchmark.N)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class LayoutIndexBenchmark {
    static final int ROWS = 1024, COLS = 1024, N = ROWS * COLS;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private NdArray a1, a2;
    private IndexBuilder builder;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws InterruptedException {
        arena = Arena.ofShared();
        NdArray c1 = NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS), c2 = NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS);
        RecipeData.fill(c1, c2);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        a1 = layout(method, c1);
        a2 = layout(method, c2);
        builder = IndexBuilder.create().kernel(NativeKernel.bundled()).parallelism(threads);
        try (IndexResult expected = builder.run(c1, c2); IndexResult actual = builder.run(a1, a2)) {
            if (actual.counts().emitted() != expected.counts().emitted()
                    || actual.idxs().contiguousSegment().mismatch(expected.idxs().contiguousSegment()) != -1) {
                throw new IllegalStateException(method + " inputs built another index than the C-order ones");
            }
        }
    }

    private NdArray layout(String method, NdArray c) {
        NdArray a = switch (method) {
            case "contiguous" -> c;
            case "fortran" -> NdArray.allocate(arena, DType.FLOAT64, COLS, ROWS).transpose();
            case "bigEndian" -> NdArray.allocate(arena, DType.FLOAT64, ROWS, COLS).withByteOrder(ByteOrder.BIG_ENDIAN);
            default -> throw new IllegalArgumentException("benchmark method " + method + " names no layout");
        };
        if (a != c) {
            a.copyFrom(c);
        }
        return a;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private long build() throws InterruptedException {
        try (IndexResult r = builder.run(a1, a2)) {
            return r.counts().emitted();
        }
    }

    @Benchmark
    public long contiguous() throws InterruptedException {
        return build();
    }

    @Benchmark
    public long fortran() throws InterruptedException {
        return build();
    }

    @Benchmark
    public long bigEndian() throws InterruptedException {
        return build();
    }
}

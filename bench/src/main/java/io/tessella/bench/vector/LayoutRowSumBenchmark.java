package io.tessella.bench.vector;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.Reduction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code ArrayOps.reduceLastAxis(SUM)}, ms per call, on the same logical {@code rows x cols} values in
 * each input layout ({@link InputLayout}), beside the C-order input ({@code contiguous}): the cost of the
 * Fortran path (a sequential column-by-column sum, NumPy's order there, read in place), of staging
 * strided and reversed rows, and of byte-swapping a big-endian input. The ratio of each method to
 * {@code contiguous} is the layout's cost. Each fork builds only its own input; each result is checked
 * once against the contiguous input's (Fortran: against a plain sequential loop, NumPy's order for it).
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar LayoutRowSumBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class LayoutRowSumBenchmark {

    /** 64 MB of input: past the last-level cache, so every layout is read from memory. */
    @Param({"2000x4000"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private NdArray in, out;
    private ArrayOps ops;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws InterruptedException {
        long[] mn = Shapes.parse(shape);
        arena = Arena.ofShared();
        MemorySegment values = InputLayout.values(arena, mn[0] * mn[1], 7);
        InputLayout layout = InputLayout.ofMethod(params.getBenchmark());
        in = layout.of(arena, values, mn[0], mn[1]);
        out = NdArray.allocate(arena, DType.FLOAT64, mn[0]);
        ops = ArrayOps.create().parallelism(threads);
        NdArray expected = NdArray.allocate(arena, DType.FLOAT64, mn[0]);
        if (layout == InputLayout.FORTRAN) {
            NdArray c = InputLayout.CONTIGUOUS.of(arena, values, mn[0], mn[1]);
            for (long i = 0; i < mn[0]; i++) {
                double s = 0.0;
                for (long j = 0; j < mn[1]; j++) {
                    s += c.getDouble(i, j);
                }
                expected.setDouble(s, i);
            }
        } else {
            ops.reduceLastAxis(Reduction.SUM, InputLayout.CONTIGUOUS.of(arena, values, mn[0], mn[1]), expected);
        }
        ops.reduceLastAxis(Reduction.SUM, in, out);
        InputLayout.checkSame(expected, out, layout + " row sums");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private NdArray sum() throws InterruptedException {
        ops.reduceLastAxis(Reduction.SUM, in, out);
        return out;
    }

    @Benchmark
    public NdArray contiguous() throws InterruptedException {
        return sum();
    }

    @Benchmark
    public NdArray fortran() throws InterruptedException {
        return sum();
    }

    @Benchmark
    public NdArray strided() throws InterruptedException {
        return sum();
    }

    @Benchmark
    public NdArray reversed() throws InterruptedException {
        return sum();
    }

    @Benchmark
    public NdArray bigEndian() throws InterruptedException {
        return sum();
    }
}

package io.tessella.bench.vector;

import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.vector.BinaryOp;
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
 * {@code ArrayOps.elementwise(ADD)}, ms per call, {@code out = a + b} over the same logical
 * {@code rows x cols} values in each layout, beside all-C-order operands ({@code contiguous}):
 * all three Fortran-order ({@code fortran}: a C-order walk of the transposes, no copy), a Fortran
 * {@code b} with C-order {@code a} and {@code out} ({@code mixed}: {@code b} staged in 32-row blocks),
 * {@code [:, ::2]} inputs ({@code strided}) and big-endian inputs ({@code bigEndian}), both staged. The
 * ratio of each method to {@code contiguous} is the layout's cost; each result is checked once against
 * the contiguous one.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar LayoutAddBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class LayoutAddBenchmark {

    /** 3 x 64 MB: past the last-level cache. */
    @Param({"2000x4000"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private NdArray a, b, out;
    private ArrayOps ops;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws InterruptedException {
        long[] mn = Shapes.parse(shape);
        long m = mn[0], n = mn[1];
        arena = Arena.ofShared();
        MemorySegment va = InputLayout.values(arena, m * n, 11), vb = InputLayout.values(arena, m * n, 12);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        InputLayout la = switch (method) {
            case "fortran" -> InputLayout.FORTRAN;
            case "mixed", "contiguous" -> InputLayout.CONTIGUOUS;
            default -> InputLayout.ofMethod(method);
        };
        InputLayout lb = method.equals("mixed") ? InputLayout.FORTRAN : la;
        a = la.of(arena, va, m, n);
        b = lb.of(arena, vb, m, n);
        out = method.equals("fortran") ? NdArray.allocate(arena, DType.FLOAT64, n, m).transpose() : NdArray.allocate(arena, DType.FLOAT64, m, n);
        ops = ArrayOps.create().parallelism(threads);
        NdArray expected = NdArray.allocate(arena, DType.FLOAT64, m, n);
        ops.elementwise(BinaryOp.ADD, expected, InputLayout.CONTIGUOUS.of(arena, va, m, n), InputLayout.CONTIGUOUS.of(arena, vb, m, n));
        ops.elementwise(BinaryOp.ADD, out, a, b);
        NdArray result = NdArray.allocate(arena, DType.FLOAT64, m, n);
        result.copyFrom(out);
        InputLayout.checkSame(expected, result, method + " a + b");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private NdArray add() throws InterruptedException {
        ops.elementwise(BinaryOp.ADD, out, a, b);
        return out;
    }

    @Benchmark
    public NdArray contiguous() throws InterruptedException {
        return add();
    }

    @Benchmark
    public NdArray fortran() throws InterruptedException {
        return add();
    }

    @Benchmark
    public NdArray mixed() throws InterruptedException {
        return add();
    }

    @Benchmark
    public NdArray strided() throws InterruptedException {
        return add();
    }

    @Benchmark
    public NdArray bigEndian() throws InterruptedException {
        return add();
    }
}

package io.tessella.bench.vector;

import io.tessella.jobs.ArrayOps;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.VectorOps;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;
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

/**
 * Recipe 4's add on the dtypes grids come in: {@code ArrayOps.elementwise(ADD)} of two M x N arrays of
 * float64, float32, int16 or uint8 into an existing output of NumPy's result dtype (integers
 * wrapping), one thread, with the vector kernels and their scalar twin, beside the bandwidth of the
 * same traffic (two reads and one write of the same bytes as 64-bit integer vectors, no arithmetic
 * NumPy would do). Scores are milliseconds per call; GB/s = 3 * M * N * itemsize / score. The NumPy
 * peer is {@code bench/peers/dtype_numpy.py --dtype D --peers dtype-add --rows M --cols N}.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar DTypeAddBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "-Dtessella.vector=true"})
public class DTypeAddBenchmark {

    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Param({"FLOAT64", "FLOAT32", "INT16", "UINT8"})
    public DType dtype;

    @Param({"2000x10000"})
    public String shape;

    private NdArray a, b, out;
    private ArrayOps ops;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        long[] mn = Shapes.parse(shape);
        a = DTypeData.random(dtype, 4, mn);
        b = DTypeData.random(dtype, 5, mn);
        ops = ArrayOps.create().parallelism(1);
        out = NdArray.allocate(Allocation.HUGE_PAGES, ops.resultType(BinaryOp.ADD, dtype, dtype), mn);
        try (NdArray expected = NdArray.allocate(Allocation.HUGE_PAGES, out.dtype(), mn)) {
            ops.using(VectorOps.naive()).elementwise(BinaryOp.ADD, expected, a, b);
            ops.elementwise(BinaryOp.ADD, out, a, b);
            DTypeData.checkSame(expected, out, "vector " + dtype + " add");
            ops.using(VectorOps.scalar()).elementwise(BinaryOp.ADD, out, a, b);
            DTypeData.checkSame(expected, out, "scalar " + dtype + " add");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        out.close();
    }

    @Benchmark
    public NdArray vector() throws InterruptedException {
        ops.elementwise(BinaryOp.ADD, out, a, b);
        return out;
    }

    @Benchmark
    public NdArray scalar() throws InterruptedException {
        ops.using(VectorOps.scalar()).elementwise(BinaryOp.ADD, out, a, b);
        return out;
    }

    /** Two reads and one write of the same bytes, 64-bit vectors, one core: the ceiling for this traffic. */
    @Benchmark
    public MemorySegment triadBandwidthBaseline() {
        MemorySegment sa = a.contiguousSegment(), sb = b.contiguousSegment(), so = out.contiguousSegment();
        long bytes = sa.byteSize();
        long step = L.length() * 8L;
        long o = 0;
        for (long bound = bytes - bytes % step; o < bound; o += step) {
            LongVector.fromMemorySegment(L, sa, o, ORDER).or(LongVector.fromMemorySegment(L, sb, o, ORDER)).intoMemorySegment(so, o, ORDER);
        }
        for (; o < bytes; o++) {
            so.set(java.lang.foreign.ValueLayout.JAVA_BYTE, o, (byte) (sa.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o)
                    | sb.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o)));
        }
        return so;
    }
}

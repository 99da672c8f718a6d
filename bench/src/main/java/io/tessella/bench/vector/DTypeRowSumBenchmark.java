package io.tessella.bench.vector;

import io.tessella.jobs.ArrayOps;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.vector.Reduction;
import io.tessella.vector.VectorOps;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
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
 * Recipe 3's row sums on the dtypes grids come in: {@code ArrayOps.reduceLastAxis(SUM)} of an M x N
 * array of float64, float32 (NumPy's float32 pairwise sum), int16 (into int64) or uint8 (into uint64),
 * one thread, beside the read bandwidth of the same bytes (four independent 64-bit integer vector
 * accumulators over the raw bytes: what memory allows one core, whatever the dtype). Scores are
 * milliseconds per call; GB/s read = M * N * itemsize / score. The default shape reads 10 MB (uint8) to
 * 80 MB (float64) per call. The NumPy peer is
 * {@code bench/peers/dtype_numpy.py --dtype D --peers dtype-rowsum --rows M --cols N}.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar DTypeRowSumBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "-Dtessella.vector=true"})
public class DTypeRowSumBenchmark {

    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Param({"FLOAT64", "FLOAT32", "INT16", "UINT8"})
    public DType dtype;

    @Param({"10x1000000"})
    public String shape;

    private NdArray in, out;
    private ArrayOps ops;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        long[] mn = Shapes.parse(shape);
        in = DTypeData.random(dtype, 3, mn);
        ops = ArrayOps.create().parallelism(1);
        DType sum = ops.reductionType(Reduction.SUM, dtype);
        out = NdArray.allocate(Allocation.ZEROED, sum, mn[0]);
        try (NdArray expected = NdArray.allocate(Allocation.ZEROED, sum, mn[0])) {
            ops.using(VectorOps.naive()).reduceLastAxis(Reduction.SUM, in, expected);
            ops.reduceLastAxis(Reduction.SUM, in, out);
            DTypeData.checkSame(expected, out, "vector " + dtype + " row sums");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        in.close();
        out.close();
    }

    @Benchmark
    public NdArray sum() throws InterruptedException {
        ops.reduceLastAxis(Reduction.SUM, in, out);
        return out;
    }

    /** The same bytes read with nothing kept of NumPy's order or types: the ceiling for one core. */
    @Benchmark
    public long readBandwidthBaseline() {
        MemorySegment s = in.contiguousSegment();
        long bytes = s.byteSize();
        int l = L.length();
        long step = 4L * l * 8;
        LongVector a0 = LongVector.zero(L), a1 = a0, a2 = a0, a3 = a0;
        long o = 0;
        for (long bound = bytes - bytes % step; o < bound; o += step) {
            a0 = a0.add(LongVector.fromMemorySegment(L, s, o, ORDER));
            a1 = a1.add(LongVector.fromMemorySegment(L, s, o + 8L * l, ORDER));
            a2 = a2.add(LongVector.fromMemorySegment(L, s, o + 16L * l, ORDER));
            a3 = a3.add(LongVector.fromMemorySegment(L, s, o + 24L * l, ORDER));
        }
        long res = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; o < bytes; o++) {
            res += s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o);
        }
        return res;
    }
}

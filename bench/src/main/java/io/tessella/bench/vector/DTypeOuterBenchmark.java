package io.tessella.bench.vector;

import io.tessella.jobs.ArrayOps;
import io.tessella.jobs.OuterImpl;
import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.memory.Staging;
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

/**
 * Recipe 1 on the dtypes grids come in: {@code ArrayOps.outer} of {@code y = arange(M)} and
 * {@code x = arange(N) * 37 % 101} as float64, float32, int16 or uint8 (NumPy's result dtype, integers
 * wrapping) into an already-touched output, beside the C store loops over the same bytes on the same
 * threads (plain and streaming fill: the store-bandwidth ceiling, which does not depend on the dtype).
 * Scores are milliseconds per outer product; GB/s = M * N * itemsize / score, elements per second =
 * M * N / score (float32 at float64's GB/s writes twice the elements). The default shape writes 80 MB
 * (uint8) to 640 MB (float64): beyond the caches for every dtype. The NumPy peer is
 * {@code bench/peers/dtype_numpy.py --dtype D --peers dtype-outer --rows M --cols N}.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar DTypeOuterBenchmark -p threads=2
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class DTypeOuterBenchmark {

    @Param({"FLOAT64", "FLOAT32", "INT16", "UINT8"})
    public DType dtype;

    @Param({"8000x10000"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private long m, n;
    private NdArray y, x, r;
    private ArrayOps ops;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        long[] mn = Shapes.parse(shape);
        m = mn[0];
        n = mn[1];
        if ((n * dtype.byteSize()) % 8 != 0) {
            throw new IllegalStateException("rows of " + n + " " + dtype + " are not whole 8-byte words, which the C fill writes");
        }
        y = NdArray.allocate(Allocation.ZEROED, DType.INT64, m);
        x = NdArray.allocate(Allocation.ZEROED, DType.INT64, n);
        for (long i = 0; i < m; i++) {
            y.setLong(i, i);
        }
        for (long j = 0; j < n; j++) {
            x.setLong(j * 37 % 101, j);
        }
        // The factors in the benchmark's dtype (integers wrapping, as NumPy's astype), as a user's arrays would be.
        y = cast(y);
        x = cast(x);
        ops = ArrayOps.create().parallelism(threads);
        r = NdArray.allocate(Allocation.HUGE_PAGES, dtype, m, n);
        ops.outer(r, y, x, OuterImpl.TILED);        // touch every page once
        try (NdArray expected = NdArray.allocate(Allocation.ZEROED, dtype, 64, n);
             NdArray tail = NdArray.allocate(Allocation.ZEROED, dtype, 64, n)) {
            ArrayOps.create().outer(expected, y.slice((m - 64) + ":"), x, OuterImpl.NAIVE);
            ops.outer(r, y, x, OuterImpl.VECTOR);
            tail.copyFrom(r.slice((m - 64) + ":"));
            DTypeData.checkSame(expected, tail, "vector " + dtype + " outer");
        }
    }

    private NdArray cast(NdArray a) {
        NdArray c = NdArray.allocate(Allocation.ZEROED, dtype, a.shape());
        Staging.gather(a, dtype, c.contiguousSegment(), 0);
        a.close();
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        r.close();
        y.close();
        x.close();
    }

    @Benchmark
    public NdArray vector() throws InterruptedException {
        ops.outer(r, y, x, OuterImpl.VECTOR);
        return r;
    }

    @Benchmark
    public NdArray tiled() throws InterruptedException {
        ops.outer(r, y, x, OuterImpl.TILED);
        return r;
    }

    /** The C plain-store loop over the same bytes on the same row tiles: the ceiling for plain stores. */
    @Benchmark
    public NdArray fillPlainC() throws InterruptedException {
        fill(false);
        return r;
    }

    /** The C streaming-store loop over the same bytes: the machine's store bandwidth. */
    @Benchmark
    public NdArray fillStreamingC() throws InterruptedException {
        fill(true);
        return r;
    }

    private void fill(boolean streaming) throws InterruptedException {
        StoreBandwidth.fill(r.contiguousSegment(), m, n * dtype.byteSize(), threads, streaming);
    }
}

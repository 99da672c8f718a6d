package io.tessella.bench.vector;

import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.jobs.ArrayOps;
import io.tessella.jobs.OuterImpl;
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
 * Recipe 1 on all cores, as users run it: {@code ArrayOps.outer} with the default ({@code auto}) and
 * each implementation into an already-touched output, beside the C store loops on the same buffer and threads (plain and
 * streaming fill: the store-bandwidth ceiling), and end to end with a fresh output (allocation and
 * first touch included, huge pages; a fresh output is pre-faulted tile by tile by the workers). Scores
 * are seconds per outer product; GB/s = bytes / score.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar \
 *      ParallelOuterBenchmark -p shape=100000x10000
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ParallelOuterBenchmark {

    @Param({"2000x10000", "100000x10000"})
    public String shape;

    @Param({"2"})
    public int threads;

    private long m, n;
    private NdArray y, x, r;
    private ArrayOps ops;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        String[] mn = shape.split("x");
        m = Long.parseLong(mn[0]);
        n = Long.parseLong(mn[1]);
        y = NdArray.allocate(Allocation.ZEROED, DType.INT64, m);
        x = NdArray.allocate(Allocation.ZEROED, DType.FLOAT64, n);
        for (long i = 0; i < m; i++) {
            y.setLong(i, i);
        }
        for (long j = 0; j < n; j++) {
            x.setDouble((j * 0.618033988749895) % 1.0, j);
        }
        r = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, m, n);
        ops = ArrayOps.create().parallelism(threads);
        ops.outer(r, y, x, OuterImpl.NATIVE); // touch every page once, and a reference
        double corner = r.getDouble(m - 1, n - 1);
        for (OuterImpl impl : OuterImpl.values()) {
            ops.outer(r, y, x, impl);
            if (r.getDouble(m - 1, n - 1) != corner || r.getDouble(m / 2, n / 3) != (double) (m / 2) * x.getDouble(n / 3)) {
                throw new IllegalStateException(impl + " disagrees with the native outer product");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        r.close();
        y.close();
        x.close();
    }

    /**
     * What users get without choosing: {@link OuterImpl#AUTO} (the C library's streaming stores above the
     * last-level cache, {@code ArrayOps.streamingBytes()}; the Vector API below it). Read beside
     * {@link #fillStreamingC()}: issue 16 asks for at least 0.9x its bandwidth on 2 threads.
     */
    @Benchmark
    public NdArray auto() throws InterruptedException {
        ops.outer(r, y, x, OuterImpl.AUTO);
        return r;
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

    @Benchmark
    public NdArray naive() throws InterruptedException {
        ops.outer(r, y, x, OuterImpl.NAIVE);
        return r;
    }

    @Benchmark
    public NdArray nativeC() throws InterruptedException {
        ops.outer(r, y, x, OuterImpl.NATIVE);
        return r;
    }

    /** The C plain-store loop over the same buffer on the same row tiles: the ceiling for plain stores. */
    @Benchmark
    public NdArray fillPlainC() throws InterruptedException {
        fill(false);
        return r;
    }

    /** The C streaming-store loop: the machine's store bandwidth. */
    @Benchmark
    public NdArray fillStreamingC() throws InterruptedException {
        fill(true);
        return r;
    }

    /** End to end as NumPy's {@code x[None, :] * y[:, None]} does it: a fresh output, then the product. */
    @Benchmark
    public double vectorFreshOutput() throws InterruptedException {
        try (NdArray fresh = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, m, n)) {
            ops.outer(fresh, y, x, OuterImpl.VECTOR);
            return fresh.getDouble(m - 1, n - 1);
        }
    }

    /** The default end to end: a fresh output, which each worker pre-faults tile by tile, then AUTO's product. */
    @Benchmark
    public double autoFreshOutput() throws InterruptedException {
        try (NdArray fresh = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, m, n)) {
            ops.outer(fresh, y, x, OuterImpl.AUTO);
            return fresh.getDouble(m - 1, n - 1);
        }
    }

    @Benchmark
    public double nativeFreshOutput() throws InterruptedException {
        try (NdArray fresh = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, m, n)) {
            ops.outer(fresh, y, x, OuterImpl.NATIVE);
            return fresh.getDouble(m - 1, n - 1);
        }
    }

    private void fill(boolean streaming) throws InterruptedException {
        StoreBandwidth.fill(r.contiguousSegment(), m, n * Double.BYTES, threads, streaming);
    }
}

package io.tessella.bench.exec;

import io.tessella.exec.ThreadKind;
import io.tessella.exec.TileExecutor;
import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recipe 2's overhead case: a trivial task (a dot product) over 900 elements split into 250 chunks by
 * the {@code array_split} rule. dask.bag took about 340 ms here, 25 times the serial time; the target for
 * the whole job is well under 1 ms. Every variant returns the same sum, checked at tear-down.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar TinyJobBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TinyJobBenchmark {
    static final int ELEMENTS = 900;
    static final int CHUNKS = 250;

    private final double[] a1 = new double[ELEMENTS];
    private final double[] a2 = new double[ELEMENTS];
    private final Tiling tiling = Tiling.split(ELEMENTS, CHUNKS);
    private final int cores = Runtime.getRuntime().availableProcessors();
    private double expected;
    private double last;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < ELEMENTS; i++) {
            a1[i] = i * 0.5;
            a2[i] = 1.0 / (i + 1);
        }
        expected = serialLoop();
    }

    @TearDown(Level.Trial)
    public void check() {
        if (last != expected) {
            throw new AssertionError("last result " + last + " != serial " + expected);
        }
    }

    private double chunk(Tile t) {
        double s = 0;
        for (int i = (int) t.start(0); i < t.stop(0); i++) {
            s += a1[i] * a2[i];
        }
        return s;
    }

    /** The floor: one loop over the 900 elements, no tiles at all. */
    @Benchmark
    public double plainLoop() {
        double s = 0;
        for (int i = 0; i < ELEMENTS; i++) {
            s += a1[i] * a2[i];
        }
        return s;
    }

    /** The baseline: the 250 chunks worked one after the other in one thread. */
    @Benchmark
    public double serialLoop() {
        double s = 0;
        for (Tile t : tiling) {
            s += chunk(t);
        }
        return last = s;
    }

    @Benchmark
    public double executorVirtual() throws InterruptedException {
        return last = TileExecutor.create().withParallelism(cores).mapReduce(tiling, this::chunk, 0.0, Double::sum);
    }

    @Benchmark
    public double executorPlatform() throws InterruptedException {
        return last = TileExecutor.create().withParallelism(cores).withThreads(ThreadKind.PLATFORM)
                .mapReduce(tiling, this::chunk, 0.0, Double::sum);
    }

    @Benchmark
    public double executorSerial() throws InterruptedException {
        return last = TileExecutor.create().withParallelism(1).mapReduce(tiling, this::chunk, 0.0, Double::sum);
    }

    /** The alternative design: one virtual thread per tile behind a semaphore. */
    @Benchmark
    public double threadPerTileSemaphore() throws InterruptedException {
        long[] bits = Baselines.threadPerTile(tiling, cores, t -> Double.doubleToRawLongBits(chunk(t)));
        double s = 0;
        for (long b : bits) {
            s += Double.longBitsToDouble(b);
        }
        return last = s;
    }

    /** The same design with every tile's thread started at once. */
    @Benchmark
    public double threadPerTileAcquireInside() throws InterruptedException {
        long[] bits = Baselines.threadPerTileAcquireInside(tiling, cores, t -> Double.doubleToRawLongBits(chunk(t)));
        double s = 0;
        for (long b : bits) {
            s += Double.longBitsToDouble(b);
        }
        return last = s;
    }
}

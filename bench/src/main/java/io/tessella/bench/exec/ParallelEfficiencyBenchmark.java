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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parallel efficiency for CPU-bound tasks of at least 100 µs per tile: 64 tiles of a compute loop that
 * cannot be vectorised or hoisted (an xorshift chain per element). {@code oneTile} measures the per-tile
 * cost; the speed-up is {@code executor(parallelism=1) / executor(parallelism=2)} (target ≥ 1.9 on 2 cores).
 * {@code serialLoop} is the plain loop baseline.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ParallelEfficiencyBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParallelEfficiencyBenchmark {
    static final int TILES = 64;

    /** Chain steps per tile; 200 000 steps is about 150-250 µs on current x86 cores. */
    @Param({"200000"})
    public int stepsPerTile;

    /** Executor settings, a state of their own so the baselines do not run once per setting. */
    @State(Scope.Benchmark)
    public static class Config {
        @Param({"1", "2"})
        public int parallelism;

        @Param({"VIRTUAL", "PLATFORM"})
        public ThreadKind threads;
    }

    private Tiling tiling;
    private long expected;

    @Setup(Level.Trial)
    public void setUp() {
        tiling = Tiling.split((long) TILES * stepsPerTile, TILES);
        expected = serialLoop();
    }

    private static long work(Tile t) {
        long x = t.start(0) | 1;
        for (long i = t.start(0); i < t.stop(0); i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    @Benchmark
    public long serialLoop() {
        long s = 0;
        for (Tile t : tiling) {
            s += work(t);
        }
        return s;
    }

    @Benchmark
    public long executor(Config config) throws InterruptedException {
        long s = TileExecutor.create().withParallelism(config.parallelism).withThreads(config.threads)
                .mapReduce(tiling, ParallelEfficiencyBenchmark::work, 0L, Long::sum);
        if (s != expected) {
            throw new AssertionError("parallel sum " + s + " != serial " + expected);
        }
        return s;
    }

    /** One tile alone, to show the task is at least 100 µs (reported in ms). */
    @Benchmark
    public long oneTile() {
        return work(tiling.tile(0));
    }
}

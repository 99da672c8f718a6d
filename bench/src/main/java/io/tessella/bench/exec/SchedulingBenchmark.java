package io.tessella.bench.exec;

import io.tessella.exec.ThreadKind;
import io.tessella.exec.TileExecutor;
import io.tessella.tiling.Tile;
import io.tessella.tiling.Tiling;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scheduling cost by tile count: one {@code map} of an empty task over {@code tiles} tiles. Compares
 * the executor's worker-pull design (virtual and platform threads, with and without a progress
 * listener) with one virtual thread per tile behind a semaphore, with the serial mode, and with the
 * floor of computing the tiles in a plain loop ({@code tilesOnly}), all in the same run.
 *
 * <p>The score is nanoseconds per {@code map} call, not per tile: JMH's operations per invocation
 * must be a constant, and the tile count is a parameter. Divide by {@code tiles} for the cost per tile
 * (the report in {@code io.tessella.bench.report} does); the fixed start-up cost of a call shows as
 * the per-tile cost rising at small tile counts.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SchedulingBenchmark -p tiles=10000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchedulingBenchmark {
    @Param({"100", "1000", "10000"})
    public int tiles;

    @Param({"2"})
    public int parallelism;

    private Tiling tiling;

    @Setup
    public void setUp() {
        tiling = Tiling.split(tiles, tiles);
    }

    private static long empty(Tile t) {
        return t.index();
    }

    @Benchmark
    public void executorVirtual(Blackhole bh) throws InterruptedException {
        bh.consume(TileExecutor.create().withParallelism(parallelism).map(tiling, SchedulingBenchmark::empty));
    }

    @Benchmark
    public void executorVirtualWithProgress(Blackhole bh) throws InterruptedException {
        bh.consume(TileExecutor.create().withParallelism(parallelism).withProgress(bh::consume)
                .map(tiling, SchedulingBenchmark::empty));
    }

    @Benchmark
    public void executorPlatform(Blackhole bh) throws InterruptedException {
        bh.consume(TileExecutor.create().withParallelism(parallelism).withThreads(ThreadKind.PLATFORM)
                .map(tiling, SchedulingBenchmark::empty));
    }

    @Benchmark
    public void executorSerial(Blackhole bh) throws InterruptedException {
        bh.consume(TileExecutor.create().withParallelism(1).map(tiling, SchedulingBenchmark::empty));
    }

    /** The alternative design the executor was measured against. */
    @Benchmark
    public void threadPerTileSemaphore(Blackhole bh) throws InterruptedException {
        bh.consume(Baselines.threadPerTile(tiling, parallelism, SchedulingBenchmark::empty));
    }

    /** The same design with every tile's thread started at once. */
    @Benchmark
    public void threadPerTileAcquireInside(Blackhole bh) throws InterruptedException {
        bh.consume(Baselines.threadPerTileAcquireInside(tiling, parallelism, SchedulingBenchmark::empty));
    }

    /** The floor: computing the tiles themselves, in a plain loop. */
    @Benchmark
    public void tilesOnly(Blackhole bh) {
        for (long i = 0; i < tiles; i++) {
            bh.consume(empty(tiling.tile(i)));
        }
    }
}

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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scheduling cost per tile: an empty task over 10 000 tiles, reported per tile. Compares the executor's
 * worker-pull design (virtual and platform threads, with and without a progress listener) with one
 * virtual thread per tile behind a semaphore, and with the serial mode.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SchedulingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(SchedulingBenchmark.TILES)
public class SchedulingBenchmark {
    static final int TILES = 10_000;

    @Param({"2"})
    public int parallelism;

    private final Tiling tiling = Tiling.split(TILES, TILES);

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
        for (long i = 0; i < TILES; i++) {
            bh.consume(empty(tiling.tile(i)));
        }
    }
}

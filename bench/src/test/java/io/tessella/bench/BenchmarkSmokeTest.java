package io.tessella.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every JMH benchmark runs once, in its own fork with its own JVM flags, on tiny parameters: a
 * benchmark that no longer compiles its setup, fails its built-in result check, or throws fails the
 * normal build instead of the next measurement session. Measures nothing.
 */
class BenchmarkSmokeTest {

    static Stream<Arguments> benchmarks() {
        return Stream.of(
                Arguments.of("kernel.KernelCallBenchmark", 11, Map.of()),
                Arguments.of("jobs.IndexBuilderBenchmark", 6, Map.of("mode", "BATCH", "threads", "2")),
                Arguments.of("jobs.IndexOverheadBenchmark", 2, Map.of()),
                Arguments.of("memory.AllocationBenchmark", 3, Map.of("bytes", "16777216", "mode", "UNINITIALIZED")),
                Arguments.of("exec.TinyJobBenchmark", 7, Map.of()),
                Arguments.of("exec.SchedulingBenchmark", 7, Map.of("parallelism", "2", "tiles", "100")),
                Arguments.of("exec.ParallelEfficiencyBenchmark", 3, Map.of("stepsPerTile", "1000", "parallelism", "2", "threads", "VIRTUAL")),
                Arguments.of("vector.OuterProductBenchmark", 5, Map.of("shape", "16x256")),
                Arguments.of("vector.ParallelOuterBenchmark", 10, Map.of("shape", "64x1024", "threads", "2")),
                Arguments.of("vector.ElementwiseBenchmark", 2, Map.of("shape", "1x64", "op", "ADD")),
                Arguments.of("vector.RowReductionBenchmark", 4, Map.of("shape", "1x1000", "op", "SUM")),
                Arguments.of("vector.CubeTilesBenchmark", 4, Map.of()),
                Arguments.of("vector.LayoutRowSumBenchmark", 5, Map.of("shape", "20x300", "threads", "2")),
                Arguments.of("vector.LayoutAddBenchmark", 5, Map.of("shape", "20x300", "threads", "2")),
                Arguments.of("jobs.LayoutIndexBenchmark", 3, Map.of("threads", "2")),
                Arguments.of("vector.GenericKernelBenchmark", 2, Map.of("dtype", "INT16", "n", "1024")),
                Arguments.of("vector.DTypeOuterBenchmark", 4, Map.of("dtype", "UINT8", "shape", "64x1024", "threads", "2")),
                Arguments.of("vector.DTypeRowSumBenchmark", 2, Map.of("dtype", "FLOAT32", "shape", "10x1000")),
                Arguments.of("vector.DTypeAddBenchmark", 3, Map.of("dtype", "INT16", "shape", "20x1000")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchmarks")
    void runsOnceOnTinyParameters(String name, int methods, Map<String, String> params) throws Exception {
        // Another JMH run on the machine (a developer measuring) must not make the build fail.
        System.setProperty("jmh.ignoreLock", "true");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("io\\.tessella\\.bench\\." + name.replace(".", "\\.") + "\\.")
                .forks(1)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .timeout(TimeValue.seconds(120))
                .shouldFailOnError(true);
        params.forEach(options::param);
        Collection<RunResult> results = new Runner(options.build()).run();
        assertEquals(methods, results.size(), "benchmark methods run in " + name);
    }
}

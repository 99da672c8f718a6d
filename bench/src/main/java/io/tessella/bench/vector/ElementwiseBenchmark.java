package io.tessella.bench.vector;

import io.tessella.memory.DType;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.Kernels;
import io.tessella.vector.MatrixSpan;
import io.tessella.vector.VectorOps;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Elementwise {@code out = a op b} (and {@code fma}) through {@link VectorOps#active()}. The scalar
 * and vector benchmarks run the same code and differ only in their fork's JVM flags, as in Lucene's
 * VectorUtilBenchmark. The {@code bytes} counter is bytes read plus written per second (24 per
 * element, 32 for fma). Recipe 4's 4 × 4 tiles are in {@link CubeTilesBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class ElementwiseBenchmark {

    @Param({"1x64", "1x4096", "64x4096", "512x8192"})
    public String shape;

    @Param({"ADD", "FMA"})
    public String op;

    private Arena arena;
    private MatrixSpan a, b, c, out;
    private long bytes;

    /** Bytes read and written; JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Moved {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        Shapes.checkPath(params.getBenchmark());
        long[] mn = Shapes.parse(shape);
        arena = Arena.ofShared();
        a = MatrixSpan.contiguous(Shapes.randomDoubles(arena, mn[0] * mn[1], 1), mn[0], mn[1]);
        b = MatrixSpan.contiguous(Shapes.randomDoubles(arena, mn[0] * mn[1], 2), mn[0], mn[1]);
        c = MatrixSpan.contiguous(Shapes.randomDoubles(arena, mn[0] * mn[1], 3), mn[0], mn[1]);
        out = MatrixSpan.contiguous(arena.allocate(mn[0] * mn[1] * 8, 64), mn[0], mn[1]);
        bytes = mn[0] * mn[1] * 8 * (op.equals("FMA") ? 4 : 3);

        MemorySegment expected = arena.allocate(out.segment().byteSize(), 64);
        run(VectorOps.naive(), MatrixSpan.contiguous(expected, mn[0], mn[1]));
        run(VectorOps.active(), out);
        Shapes.checkSame(expected, out.segment(), VectorOps.implementationName() + " " + op);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private void run(Kernels ops, MatrixSpan target) {
        if (op.equals("FMA")) {
            ops.elementwise(DType.FLOAT64).fma(target, a, b, c);
        } else {
            ops.elementwise(DType.FLOAT64).apply(BinaryOp.valueOf(op), target, a, b);
        }
    }

    private double elementwise(Moved m) {
        run(VectorOps.active(), out);
        m.bytes += bytes;
        return out.segment().get(ValueLayout.JAVA_DOUBLE, 0);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {"-Dtessella.vector=false"})
    public double elementwiseScalar(Moved m) {
        return elementwise(m);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Dtessella.vector=true"})
    public double elementwiseVector(Moved m) {
        return elementwise(m);
    }
}

package io.tessella.bench.vector;

import io.tessella.memory.DType;
import io.tessella.vector.MatrixSpan;
import io.tessella.vector.Reduction;
import io.tessella.vector.VectorOps;
import io.tessella.vector.VectorSpan;
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
 * Row reductions (recipe 3: sums of each row of a 10 × 10^6 array into a pre-allocated output)
 * through {@link VectorOps#active()}; scalar and vector differ only in their fork's JVM flags. Two
 * baselines keep fewer guarantees (their order is not NumPy's): a plain sequential loop, and the read
 * bandwidth, four independent vector accumulators that only memory should limit. The {@code bytes}
 * counter is bytes read per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class RowReductionBenchmark {

    @Param({"1x1000", "10x100000", "10x1000000"})
    public String shape;

    @Param({"SUM", "MAX"})
    public Reduction op;

    private Arena arena;
    private MatrixSpan in;
    private VectorSpan out;
    private long bytes;

    /** Bytes read; JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Read {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        if (!params.getBenchmark().endsWith("Baseline")) {
            Shapes.checkPath(params.getBenchmark());
        }
        long[] mn = Shapes.parse(shape);
        arena = Arena.ofShared();
        in = MatrixSpan.contiguous(Shapes.randomDoubles(arena, mn[0] * mn[1], 1), mn[0], mn[1]);
        out = VectorSpan.float64(arena.allocate(mn[0] * 8, 64));
        bytes = mn[0] * mn[1] * 8;
        VectorSpan expected = VectorSpan.float64(arena.allocate(mn[0] * 8, 64));
        VectorOps.naive().reduction(DType.FLOAT64).reduceRows(op, in, expected);
        VectorOps.active().reduction(DType.FLOAT64).reduceRows(op, in, out);
        Shapes.checkSame(expected.segment(), out.segment(), VectorOps.implementationName() + " " + op);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private double reduce(Read r) {
        VectorOps.active().reduction(DType.FLOAT64).reduceRows(op, in, out);
        r.bytes += bytes;
        return out.segment().get(ValueLayout.JAVA_DOUBLE, 0);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {"-Dtessella.vector=false"})
    public double reduceScalar(Read r) {
        return reduce(r);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Dtessella.vector=true"})
    public double reduceVector(Read r) {
        return reduce(r);
    }

    /** A plain loop: one sequential sum (or max) per row, for scale. */
    @Benchmark
    @Fork(jvmArgsPrepend = {"-Dtessella.vector=false"})
    public double plainLoopBaseline(Read r) {
        MemorySegment s = in.segment();
        double last = 0;
        for (long i = 0; i < in.rows(); i++) {
            long o = in.rowOffset(i);
            double acc = op == Reduction.SUM ? 0.0 : Double.NEGATIVE_INFINITY;
            for (long j = 0; j < in.cols(); j++) {
                double v = s.get(ValueLayout.JAVA_DOUBLE, o + j * 8);
                acc = op == Reduction.SUM ? acc + v : Math.max(acc, v);
            }
            out.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, i, acc);
            last = acc;
        }
        r.bytes += bytes;
        return last;
    }

    /** What one core can read: the ceiling for the 10 x 10^6 shape, which comes from DRAM. */
    @Benchmark
    @Fork(jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
    public double readBandwidthBaseline(Read r) {
        MemorySegment s = in.segment();
        double last = 0;
        for (long i = 0; i < in.rows(); i++) {
            last = ReadBandwidth.reduce(op, s, in.rowOffset(i), in.cols());
            out.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, i, last);
        }
        r.bytes += bytes;
        return last;
    }
}

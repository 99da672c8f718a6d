package io.tessella.bench.vector;

import io.tessella.memory.Allocation;
import io.tessella.memory.DType;
import io.tessella.memory.NdArray;
import io.tessella.vector.Kernels;
import io.tessella.vector.OuterOps;
import io.tessella.vector.MatrixSpan;
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

/**
 * Recipe 1's outer product {@code r[i, j] = y[i] * x[j]} (int64 {@code y = arange(M)}, float64
 * {@code x}) into an already-touched output, single-threaded: the Vector API path, the tiled scalar
 * path and the recipe's naive per-row loop, beside {@link MemorySegment#fill} on the same buffer (the
 * store-bandwidth baseline). The {@code bytes} counter is bytes written per second: GB/s.
 *
 * <p>Shapes run from an output that fits L1 to one far beyond L3; {@code -p shape=100000x10000} is the
 * full 8 GB recipe. Every path's output is checked against the naive one before measuring.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class OuterProductBenchmark {

    @Param({"16x256", "64x1024", "256x4096", "2000x10000"})
    public String shape;

    private Arena arena;
    private MatrixSpan r;
    private VectorSpan y;
    private VectorSpan x;
    private long bytes;
    private OuterOps vector;

    /** Bytes written; JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Written {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        long[] mn = Shapes.parse(shape);
        long m = mn[0], n = mn[1];
        arena = Arena.ofShared();
        // The recipe's y is np.arange (int64); NumPy's int64 * float64 converts it to float64 first, as
        // ArrayOps does once per call (O(M) against the M x N products), so the kernel reads doubles.
        MemorySegment ys = arena.allocate(m * 8, 64);
        for (long i = 0; i < m; i++) {
            ys.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i);
        }
        y = VectorSpan.float64(ys);
        x = VectorSpan.float64(Shapes.randomDoubles(arena, n, 1));
        bytes = m * n * 8;
        r = MatrixSpan.contiguous(arena.allocate(bytes, 64), m, n);
        vector = Shapes.vectorOrFail().outer(DType.FLOAT64);

        // Checked on at most 64 rows at each end, so that the full 8 GB recipe needs no second 8 GB buffer.
        long k = Math.min(m, 64);
        for (OuterOps ops : new OuterOps[] {vector, VectorOps.scalar().outer(DType.FLOAT64), VectorOps.naive().outer(DType.FLOAT64)}) {
            r.segment().fill((byte) 0);
            ops.outerProduct(r, y, x);
            for (long first : new long[] {0, m - k}) {
                MemorySegment expected = arena.allocate(k * n * 8, 64);
                VectorOps.naive().outer(DType.FLOAT64).outerProduct(MatrixSpan.contiguous(expected, k, n),
                        new VectorSpan(ys, first * 8, k, 8, DType.FLOAT64), x);
                Shapes.checkSame(expected, r.segment().asSlice(first * n * 8, k * n * 8), ops.name() + " rows from " + first);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public double vector(Written w) {
        vector.outerProduct(r, y, x);
        w.bytes += bytes;
        return r.segment().get(ValueLayout.JAVA_DOUBLE, bytes - 8);
    }

    @Benchmark
    public double tiled(Written w) {
        VectorOps.scalar().outer(DType.FLOAT64).outerProduct(r, y, x);
        w.bytes += bytes;
        return r.segment().get(ValueLayout.JAVA_DOUBLE, bytes - 8);
    }

    @Benchmark
    public double naive(Written w) {
        VectorOps.naive().outer(DType.FLOAT64).outerProduct(r, y, x);
        w.bytes += bytes;
        return r.segment().get(ValueLayout.JAVA_DOUBLE, bytes - 8);
    }

    /**
     * End to end with a fresh output, as NumPy's {@code x[None, :] * y[:, None]} pays it: the output
     * comes from {@link Allocation#HUGE_PAGES} (no zero-fill pass; one first-touch fault per 2 MiB, as
     * NumPy's allocator also asks for huge pages), is written once by the vector path, and unmapped.
     */
    @Benchmark
    public double vectorFreshOutput(Written w) {
        try (NdArray fresh = NdArray.allocate(Allocation.HUGE_PAGES, DType.FLOAT64, r.rows(), r.cols())) {
            MatrixSpan out = MatrixSpan.contiguous(fresh.contiguousSegment(), r.rows(), r.cols());
            vector.outerProduct(out, y, x);
            w.bytes += bytes;
            return out.segment().get(ValueLayout.JAVA_DOUBLE, bytes - 8);
        }
    }

    /** The plain store loop: the same bytes written with nothing computed. */
    @Benchmark
    public byte fillBaseline(Written w) {
        r.segment().fill((byte) 1);
        w.bytes += bytes;
        return r.segment().get(ValueLayout.JAVA_BYTE, bytes - 1);
    }
}

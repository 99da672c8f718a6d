package io.tessella.bench.vector;

import io.tessella.memory.DType;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.ElementwiseOps;
import io.tessella.vector.MatrixSpan;
import io.tessella.vector.VectorOps;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Recipe 4: {@code out[:, i:i+4, j:j+4] = a[:, i:i+4, j:j+4] + b[:, i:i+4, j:j+4]} over a (365, 16, 16)
 * cube, one call per plane and 4 × 4 tile (23,360 calls), beside one call for the whole cube. Tiles
 * this small measure per-call overhead: 4 columns are a scalar tail for 8-lane vectors. Scalar and
 * vector differ only in their fork's JVM flags. Time per cube.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class CubeTilesBenchmark {

    private static final long PLANES = 365, SIDE = 16;

    private Arena arena;
    private MatrixSpan[] tileA, tileB, tileOut;
    private MatrixSpan wholeA, wholeB, wholeOut;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        Shapes.checkPath(params.getBenchmark());
        arena = Arena.ofShared();
        long cube = PLANES * SIDE * SIDE;
        MemorySegment a = Shapes.randomDoubles(arena, cube, 4), b = Shapes.randomDoubles(arena, cube, 5);
        MemorySegment out = arena.allocate(cube * 8, 64);
        wholeA = MatrixSpan.contiguous(a, PLANES * SIDE, SIDE);
        wholeB = MatrixSpan.contiguous(b, PLANES * SIDE, SIDE);
        wholeOut = MatrixSpan.contiguous(out, PLANES * SIDE, SIDE);
        int tiles = (int) (PLANES * (SIDE / 4) * (SIDE / 4));
        tileA = new MatrixSpan[tiles];
        tileB = new MatrixSpan[tiles];
        tileOut = new MatrixSpan[tiles];
        int t = 0;
        for (long k = 0; k < PLANES; k++) {
            MatrixSpan pa = new MatrixSpan(a, k * SIDE * SIDE * 8, SIDE, SIDE, SIDE * 8);
            MatrixSpan pb = new MatrixSpan(b, k * SIDE * SIDE * 8, SIDE, SIDE, SIDE * 8);
            MatrixSpan po = new MatrixSpan(out, k * SIDE * SIDE * 8, SIDE, SIDE, SIDE * 8);
            for (long i = 0; i < SIDE; i += 4) {
                for (long j = 0; j < SIDE; j += 4, t++) {
                    tileA[t] = pa.block(i, i + 4, j, j + 4);
                    tileB[t] = pb.block(i, i + 4, j, j + 4);
                    tileOut[t] = po.block(i, i + 4, j, j + 4);
                }
            }
        }
        MemorySegment expected = arena.allocate(cube * 8, 64);
        VectorOps.naive().elementwise(DType.FLOAT64).apply(BinaryOp.ADD, MatrixSpan.contiguous(expected, PLANES * SIDE, SIDE), wholeA, wholeB);
        tiles();
        Shapes.checkSame(expected, out, VectorOps.implementationName() + " 4x4 tiles");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private double tiles() {
        ElementwiseOps ops = VectorOps.active().elementwise(DType.FLOAT64);
        for (int t = 0; t < tileOut.length; t++) {
            ops.apply(BinaryOp.ADD, tileOut[t], tileA[t], tileB[t]);
        }
        return tileOut[0].segment().get(ValueLayout.JAVA_DOUBLE, 0);
    }

    private double whole() {
        VectorOps.active().elementwise(DType.FLOAT64).apply(BinaryOp.ADD, wholeOut, wholeA, wholeB);
        return wholeOut.segment().get(ValueLayout.JAVA_DOUBLE, 0);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {"-Dtessella.vector=false"})
    public double tiles4x4Scalar() {
        return tiles();
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Dtessella.vector=true"})
    public double tiles4x4Vector() {
        return tiles();
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {"-Dtessella.vector=false"})
    public double wholeCubeScalar() {
        return whole();
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Dtessella.vector=true"})
    public double wholeCubeVector() {
        return whole();
    }
}

package io.tessella.bench.vector;

import io.tessella.memory.DType;
import io.tessella.vector.BinaryOp;
import io.tessella.vector.ElementwiseOps;
import io.tessella.vector.MatrixSpan;
import io.tessella.vector.VectorOps;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorSpecies;
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
 * Why {@code io.tessella.vector} generates one class per dtype instead of one generic class: the same
 * {@code out = a + b} loop, written once over {@code Vector<E>} with a per-dtype table of species (the
 * generic design), against the generated kernel of the dtype, on data that stays in L2 so the loop and
 * not memory is measured. The generic method is first run with both dtypes, as a library serving
 * several dtypes runs it; the JIT then cannot treat the species as a constant. Scores are calls per
 * second (each call adds {@code n} elements); both results are checked equal at setup.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar GenericKernelBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Dtessella.vector=true"})
public class GenericKernelBenchmark {

    /** The generic design's table: one species per dtype, looked up at run time. */
    private static final Map<DType, VectorSpecies<?>> SPECIES = Map.of(DType.FLOAT32, FloatVector.SPECIES_PREFERRED,
            DType.INT16, ShortVector.SPECIES_PREFERRED);
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Param({"FLOAT32", "INT16"})
    public DType dtype;

    @Param({"16384"})
    public int n;

    private Arena arena;
    private MemorySegment a, b, out;
    private MatrixSpan sa, sb, sout;
    private ElementwiseOps generated;
    private VectorSpecies<?> species;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        long bytes = n * dtype.byteSize();
        // Room for n elements of the widest dtype in the table, every byte set: the warm-up runs every dtype on them.
        a = arena.allocate(n * 8L, 64);
        b = arena.allocate(n * 8L, 64);
        out = arena.allocate(n * 8L, 64);
        for (long i = 0; i < n * 8L; i++) {
            a.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 7));
            b.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 13 + 1));
        }
        sa = MatrixSpan.contiguous(a, dtype, 1, n);
        sb = MatrixSpan.contiguous(b, dtype, 1, n);
        sout = MatrixSpan.contiguous(out, dtype, 1, n);
        generated = VectorOps.vector().orElseThrow().elementwise(dtype);
        species = SPECIES.get(dtype);
        if (n % species.length() != 0) {
            throw new IllegalStateException("n = " + n + " must be a multiple of " + species.length() + " lanes");
        }
        // Run the generic loop on every dtype of its table, as a library serving them all does.
        for (VectorSpecies<?> s : SPECIES.values()) {
            for (int k = 0; k < 2000; k++) {
                genericAdd(s, a, b, out, n);
            }
        }
        MemorySegment expected = arena.allocate(bytes, 64);
        generated.apply(BinaryOp.ADD, MatrixSpan.contiguous(expected, dtype, 1, n), sa, sb);
        genericAdd(species, a, b, out, n);
        Shapes.checkSame(expected, out.asSlice(0, bytes), "the generic " + dtype + " add");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** The generated kernel of the dtype, as {@code io.tessella.vector} runs it. */
    @Benchmark
    public MemorySegment generated() {
        generated.apply(BinaryOp.ADD, sout, sa, sb);
        return out;
    }

    /** The same loop written once for every dtype, its species from the table. */
    @Benchmark
    public MemorySegment generic() {
        genericAdd(species, a, b, out, n);
        return out;
    }

    private static <E> void genericAdd(VectorSpecies<E> s, MemorySegment a, MemorySegment b, MemorySegment out, long n) {
        int lanes = s.length();
        long size = s.elementSize() / 8;
        for (long i = 0; i < n; i += lanes) {
            Vector<E> va = s.fromMemorySegment(a, i * size, ORDER);
            Vector<E> vb = s.fromMemorySegment(b, i * size, ORDER);
            va.add(vb).intoMemorySegment(out, i * size, ORDER);
        }
    }
}
